import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks a processed expression tree. One evaluator serves one `evaluate` call.
final class Evaluator {
    let builtins: [String: Fn]
    let environment: JSONataEnvironment
    let options: JSONataOptions
    let maxDepth: Int
    let deadline: Double?
    /// `JSONataEnvironment.maxValueBytes`.
    let maxBytes: Int
    /// Frames that a `:=` gave a function (see Evaluator+Closures): cleared when the
    /// evaluation ends, which breaks the cycles a function bound in its own scope makes.
    var closureFrames: [Frame] = []
    var depth = 0
    var ticks = 0
    let stack: StackGuard
    let fastPaths: Bool
    let clock: EvaluationClock
    /// `$now()`/`$millis()` are fixed for one evaluation.
    var nowMillis: Double { clock.now }

    init(
        builtins: [String: Fn], environment: JSONataEnvironment, options: JSONataOptions,
        clock: EvaluationClock, stackBudget: UInt = StackGuard.callerBudget
    ) {
        self.clock = clock
        self.stack = StackGuard(budget: stackBudget)
        self.fastPaths = !options.disableFastPaths && !Evaluator.fastPathsOffByEnvironment
        self.builtins = builtins
        self.environment = environment
        self.options = options
        self.maxDepth = environment.maxDepth
        self.maxBytes = environment.maxValueBytes
        self.deadline = environment.timeLimitMillis.map { evaluationClockMillis() + $0 }
    }

    @inline(__always) func lookup(_ name: String, _ env: Frame) -> Val {
        if let v = env.lookup(name) { return v }
        if let f = builtins[name] { return .function(f) }
        return .undefined
    }

    func checkRunaway() throws(JSONataError) {
        if depth > maxDepth {
            throw JSONataError(
                code: "U1001",
                message:
                    "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
            )
        }
        if depth & 7 == 0 && stack.exhausted() {
            throw JSONataError(code: StackGuard.exhaustedCode, message: "native stack exhausted")
        }
        ticks &+= 1
        if let deadline, ticks & 255 == 0, evaluationClockMillis() > deadline {
            throw JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop")
        }
    }

    func eval(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        if fastPaths, let f = e.fastRun, let r = f(Evaluator.noArgs, input, env) { return r }
        depth += 1
        defer { depth -= 1 }
        try checkRunaway()
        var result: Val
        switch e.kind {
        case .path: result = try evalPath(e, input, env)
        case .binary: result = try evalBinary(e, input, env)
        case .unary: result = try evalUnary(e, input, env)
        case .name:
            if case .jobject(let o) = input, let m = e.member {
                result = m.val(in: o)
            } else {
                result = lookupField(input, e.value)
            }
        case .string, .number, .value: result = e.literal
        case .wildcard: result = wildcard(input)
        case .descendant: result = descendants(input)
        case .parent: result = env.lookup(e.slotLabel ?? "") ?? .undefined
        case .condition:
            let c = try eval(e.condition!, input, env)
            if Functions.boolean(c) == true {
                result = try eval(e.then!, input, env)
            } else if let o = e.otherwise {
                result = try eval(o, input, env)
            } else {
                result = .undefined
            }
        case .block:
            let frame = e.needsFrame ? Frame(parent: env) : env
            result = .undefined
            for x in e.expressions { result = try eval(x, input, frame) }
        case .bind:
            let v = try eval(e.rhs!, input, env)
            env.bind(e.lhs!.value, v)
            if v.mayHoldClosure { noteClosureBinding(env) }
            result = v
        case .regex:
            if let re = e.regex { result = .function(Fn(.regex(re))) } else { result = .undefined }
        case .function: result = try evalFunction(e, input, env, applyTo: nil)
        case .variable:
            if e.value.isEmpty {
                if case .array(let s) = input, s.outerWrapper, let f = s.items.first {
                    result = f
                } else {
                    result = input
                }
            } else {
                result = lookup(e.value, env)
            }
        case .lambda:
            result = .function(Fn(.lambda(node: e, input: input, env: env), signature: e.signature))
        case .partial: result = try evalPartial(e, input, env)
        case .apply: result = try evalApply(e, input, env)
        case .transform:
            result = .function(Fn(.transform(node: e, env: env), signature: Evaluator.transformSignature))
        case .sort, .op, .end:
            result = .undefined
        }
        if let preds = e.predicate {
            for p in preds {
                if case .filter(let pe, _) = p { result = .array(try filter(pe, result, env)) }
            }
        }
        if e.kind != .path, let g = e.group {
            result = try group(g.pairs, position: g.position, result, env)
        }
        if case .array(let s) = result, s.isSequence, !s.tupleStream {
            if e.keepArray { s.keepSingleton = true }
            if s.items.isEmpty { return .undefined }
            if s.items.count == 1 && !s.keepSingleton { return s.items[0] }
        }
        return result
    }

    nonisolated(unsafe) static let noArgs: [Val] = []
    /// Testing aid: SFNJSONATA_NO_FAST_PATHS=1 runs everything on the general evaluator.
    static let fastPathsOffByEnvironment = getenv("SFNJSONATA_NO_FAST_PATHS") != nil
    nonisolated(unsafe) static let transformSignature = try? Signature("<(oa):o>")

    // MARK: - names, wildcards, descendants

    /// `fn.lookup`: field of an object, or of every object in an array (flattened).
    func lookupField(_ input: Val, _ key: String) -> Val {
        switch input {
        case .jobject(let o): return Val.from(jsonField(o, key))
        case .object(let o): return o[key] ?? .undefined
        case .jarray(let a):
            let result = Seq()
            for item in a {
                let r = lookupField(Val.from(item), key)
                appendFlattening(r, to: result)
            }
            return .array(result)
        case .array(let s):
            let result = Seq()
            for item in s.items {
                let r = lookupField(item, key)
                appendFlattening(r, to: result)
            }
            return .array(result)
        default: return .undefined
        }
    }

    @inline(__always) func appendFlattening(_ r: Val, to result: Seq) {
        switch r {
        case .undefined: return
        case .jarray(let a): for x in a { result.items.append(Val.from(x)) }
        case .array(let s): result.items += s.items
        default: result.items.append(r)
        }
    }

    func wildcard(_ inputIn: Val) -> Val {
        var input = inputIn
        let results = Seq()
        if case .array(let s) = input, s.outerWrapper, let f = s.items.first { input = f }
        switch input {
        case .jobject, .object:
            for (_, value) in input.members {
                if value.isArray {
                    var flat: [Val] = []
                    flatten(value, into: &flat, depth: 0)
                    results.items += flat
                } else {
                    results.items.append(value)
                }
            }
        case .jarray, .array:
            // Arrays are objects in JavaScript: their members are the elements.
            for value in input.elements {
                if value.isArray {
                    var flat: [Val] = []
                    flatten(value, into: &flat, depth: 0)
                    results.items += flat
                } else {
                    results.items.append(value)
                }
            }
        default: break
        }
        return .array(results)
    }

    func flatten(_ v: Val, into out: inout [Val], depth: Int) {
        if v.isArray && depth < 500 {
            for x in v.elements { flatten(x, into: &out, depth: depth + 1) }
        } else {
            out.append(v)
        }
    }

    func descendants(_ input: Val) -> Val {
        if input.isUndefined { return .undefined }
        var out: [Val] = []
        recurseDescendants(input, &out, depth: 0)
        if out.count == 1 { return out[0] }
        return .array(Seq(out))
    }

    func recurseDescendants(_ input: Val, _ out: inout [Val], depth: Int) {
        guard depth < 500 else { return }
        switch input {
        case .jarray, .array:
            for m in input.elements { recurseDescendants(m, &out, depth: depth + 1) }
        case .jobject, .object:
            out.append(input)
            for (_, v) in input.members { recurseDescendants(v, &out, depth: depth + 1) }
        default:
            out.append(input)
        }
    }
}

/// Reads the environment's clock once per evaluation, on first use.
final class EvaluationClock: @unchecked Sendable {
    private let source: @Sendable () -> Double
    private var value: Double?
    init(_ source: @escaping @Sendable () -> Double) { self.source = source }
    var now: Double {
        if let value { return value }
        let v = source()
        value = v
        return v
    }
}
