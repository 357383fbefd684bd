import SFNJSON

/// The payload limit (`JSONataEnvironment.maxValueBytes`, sfn's `--max-payload`) where JSONata
/// builds values in bulk: `&` and `$join` (strings), `$string` (printing), ranges, `$pad`, and the
/// expression's result. Values built by sharing (`[$a, $a]` repeated) can stand for far more JSON
/// than they hold in memory, so sizes are those of the printed text, found without printing.
extension Val {
    /// The size of the value as compact JSON, or some number > `cap` once it is known to pass
    /// `cap`. A cheap upper bound first (strings as if every byte were escaped, numbers at their
    /// longest), the exact size only when the bound passes `cap`.
    func jsonSize(cap: Int) -> Int {
        var total = 0
        size(exact: false, cap: cap, depth: 0, total: &total)
        if total <= cap { return total }
        total = 0
        size(exact: true, cap: cap, depth: 0, total: &total)
        return total
    }

    private func size(exact: Bool, cap: Int, depth: Int, total: inout Int) {
        guard total <= cap else { return }
        // Deeper values are refused as results anyway (U1002), with their own message.
        guard depth < Val.maxJSONDepth else { return }
        switch self {
        case .undefined, .function: total += exact ? 0 : 4
        case .null, .bool: total += 5
        case .number(let d): total += exact ? NumberText.js(d).utf8.count : 24
        case .string(let s): total += exact ? JSONSize.string(s) : 2 + s.utf8.count * 6
        case .jarray(let a):
            total += exact ? JSONSize.exact(.array(a), cap: cap) : JSONSize.upperBound(.array(a), cap: cap)
        case .jobject(let o):
            total += exact ? JSONSize.exact(.object(o), cap: cap) : JSONSize.upperBound(.object(o), cap: cap)
        case .array(let s):
            total += 2 + s.items.count
            for v in s.items where total <= cap { v.size(exact: exact, cap: cap, depth: depth + 1, total: &total) }
        case .object(let o):
            total += 2 + o.keys.count
            for i in 0..<o.keys.count where total <= cap {
                total += exact ? JSONSize.string(o.keys[i]) : 2 + o.keys[i].utf8.count * 6
                o.values[i].size(exact: exact, cap: cap, depth: depth + 1, total: &total)
            }
        }
    }
}

extension Val {
    /// What one item of an engine array takes in memory.
    static let itemBytes = MemoryLayout<Val>.stride
}

extension JSONataError {
    /// The code of a value past the payload limit: sfn's own (like U1001 and U1002), which Step
    /// Functions reports as States.DataLimitExceeded rather than States.QueryEvaluationError.
    public static let payloadLimitCode = "U1003"

    /// Arrays built item by item (ranges, flattening constructors) are measured by the memory
    /// their items take, which is more than their JSON text (`1,` is two bytes; an item is
    /// `Val.itemBytes`): a quarter of the machine's memory must bound what they hold.
    static func itemsLimit(_ what: String, _ count: Int, cap: Int) -> JSONataError {
        JSONataError(
            code: payloadLimitCode,
            message: "\(what) \(count) items, \(count.multipliedReportingOverflow(by: Val.itemBytes).partialValue) "
                + "bytes or more in memory, more than the payload limit of \(cap) bytes (--max-payload)")
    }

    static func payloadLimit(_ what: String, size: Int, cap: Int) -> JSONataError {
        JSONataError(
            code: payloadLimitCode,
            message:
                "\(what) is \(size) bytes or more as JSON text, more than the payload limit of \(cap) bytes (--max-payload)"
        )
    }
}

extension Evaluator {
    /// `&` would build a string past the payload limit.
    func concatenationTooLarge(_ l: String, _ r: String) throws(JSONataError) {
        throw .payloadLimit("The string '&' builds", size: l.utf8.count + r.utf8.count, cap: maxBytes)
    }

    /// An array constructor would flatten `count` items into one array, past the payload limit.
    func arrayTooLarge(_ count: Int) throws(JSONataError) {
        throw .itemsLimit("The array [...] would hold", count, cap: maxBytes)
    }
}
