import SFNJSON

/// The payload limit (`PathEnvironment.maxBytes`) applied where intrinsic functions produce
/// values in bulk: States.Format and States.JsonToString print their arguments, States.Array,
/// States.ArrayPartition, States.ArrayRange, States.JsonMerge and States.StringSplit build
/// arrays and objects. Functions whose results are small (States.MathAdd, States.UUID, ...) are
/// not measured, so that a loop of them pays nothing.
enum IntrinsicLimit {
    /// A failure when the arguments would print to more than `cap` bytes, before they are printed.
    static func arguments(_ args: some Collection<JSONValue>, _ function: IntrinsicFunction, _ cap: Int)
        -> PathExpressionFailure?
    {
        guard cap < Int.max else { return nil }
        var total = 0
        for a in args {
            total += quickBound(a) ?? JSONSize.upperBound(a, cap: cap)
            if total > cap { break }
        }
        guard total > cap else { return nil }
        total = 0
        for a in args where total <= cap { total += JSONSize.exact(a, cap: cap) }
        return total > cap ? exceeded(function, "its arguments are", total, cap) : nil
    }

    /// `outcome`, or a failure when its value is larger than `cap` bytes of compact JSON.
    static func result(_ outcome: Result<JSONValue, PathExpressionFailure>, _ function: IntrinsicFunction, _ cap: Int)
        -> Result<JSONValue, PathExpressionFailure>
    {
        guard cap < Int.max, case .success(let value) = outcome,
            (quickBound(value) ?? JSONSize.upperBound(value, cap: cap)) > cap
        else {
            return outcome
        }
        let size = JSONSize.exact(value, cap: cap)
        return size > cap ? .failure(exceeded(function, "its result is", size, cap)) : outcome
    }

    /// `JSONSize.upperBound` of a scalar or string, inline: a call of it per argument cost more
    /// than the formatting of a short States.Format.
    @inline(__always)
    static func quickBound(_ value: JSONValue) -> Int? {
        switch value {
        case .null, .bool: return 5
        case .int: return 20
        case .double: return 24
        case .string(let s): return 2 + s.utf8.count * 6
        default: return nil
        }
    }

    static func exceeded(_ function: IntrinsicFunction, _ what: String, _ size: Int, _ cap: Int)
        -> PathExpressionFailure
    {
        .dataLimitExceeded(
            cause: "\(function.rawValue) failed: \(what) \(size) bytes or more as compact JSON, "
                + "more than the payload limit of \(cap) bytes (--max-payload)")
    }
}
