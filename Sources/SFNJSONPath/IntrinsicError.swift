import SFNJSON

/// Cause texts for States.IntrinsicFailure. AWS's recordings hold none of these, so the wording
/// is ours; it is kept in this one place so it can follow AWS once real causes are known.
enum IntrinsicError {
    static func failure(_ function: IntrinsicFunction, _ detail: String) -> PathExpressionFailure {
        .intrinsicFailure(cause: "Invalid arguments in \(function.rawValue): \(detail)")
    }

    static func wrongType(_ function: IntrinsicFunction, argument: Int, expected: String, got value: JSONValue)
        -> PathExpressionFailure
    {
        failure(
            function,
            "the \(ordinal(argument)) argument must be \(expected), but was \(value.typeName) \(JSONPrinter.compact(value))"
        )
    }

    static func ordinal(_ i: Int) -> String {
        switch i {
        case 0: return "first"
        case 1: return "second"
        case 2: return "third"
        default: return "\(i + 1)th"
        }
    }
}
