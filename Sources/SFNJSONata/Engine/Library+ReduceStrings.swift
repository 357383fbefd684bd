// `$reduce(items, function($acc, $v) { $acc & ... }, "")`, the way JSONata builds a string, in
// linear time. Evaluated literally, every step copies the whole accumulator (the lambda's frame
// still holds it while `&` builds the new string), so a million steps copy terabytes.

extension Library {
    /// The result of reducing `items` from `start` (at `index`) with `fn`, when `fn` is a plain
    /// lambda whose body is `$acc & EXPRESSION` and the accumulator is a string; nil otherwise.
    /// EXPRESSION runs exactly as the lambda would run it; the accumulator is then appended to in
    /// place, which is amortised constant time once the step's frame has let go of it.
    static func reduceConcatenating(
        _ ev: Evaluator, _ fn: Fn, _ start: Val, _ items: [Val], from index: Int, array: Val
    ) throws(JSONataError) -> Val? {
        guard case .string(var accumulator) = start, fn.signature == nil,
            case .lambda(let node, let lambdaInput, let lambdaEnv) = fn.kind, !node.thunk,
            let body = node.body, body.kind == .binary, body.value == "&",
            body.predicate == nil, body.group == nil, body.stages == nil, !body.keepArray,
            let lhs = body.lhs, let rhs = body.rhs, lhs.kind == .variable,
            lhs.predicate == nil, lhs.stages == nil, lhs.group == nil,
            let first = node.arguments.first, lhs.value == first.value, !first.value.isEmpty
        else { return nil }
        let params = node.arguments
        var i = index
        while i < items.count {
            let piece: String
            // The step's frame lives in this block only, so that the accumulator is unshared again
            // when it is appended to.
            do {
                let frame = Frame(parent: lambdaEnv)
                let args: [Val] = [.string(accumulator), items[i], .number(Double(i)), array]
                for p in 0..<params.count { frame.bind(params[p].value, p < args.count ? args[p] : .undefined) }
                ev.depth += 1
                defer { ev.depth -= 1 }
                try ev.checkRunaway()
                let value = try ev.eval(rhs, lambdaInput, frame)
                do {
                    piece = value.isUndefined ? "" : try Functions.string(value)
                } catch {
                    var err = error
                    err.position = body.position
                    err.token = "&"
                    err.message = err.renderMessage()
                    throw err
                }
            }
            if accumulator.utf8.count + piece.utf8.count > ev.maxBytes {
                throw .payloadLimit(
                    "The string '&' builds", size: accumulator.utf8.count + piece.utf8.count, cap: ev.maxBytes)
            }
            accumulator += piece
            i += 1
        }
        return .string(accumulator)
    }
}
