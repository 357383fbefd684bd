import SFNJSON

/// Numeric fields (timeouts, retry timing, concurrency, tolerances): AWS's range messages, and a
/// JSONata expression allowed instead in JSONata states.
extension StateContext {
    /// A value that must be a number in range, or (in JSONata states) an expression.
    @discardableResult
    func checkNumber(_ value: JSONValue, field: String, at pointer: String, kind: FieldKind) -> NumberSource? {
        if language == .jsonata, let body = ValueChecks.jsonataBody(value) {
            return checkExpression(body, field: field, at: pointer, access: []).map(NumberSource.jsonata)
        }
        let orExpression = language == .jsonata ? " or a JSONata expression" : ""
        switch kind {
        case .integer(let min, let max):
            guard value.isNumber, let n = value.intValue else {
                error("Field '\(field)' must be an integer\(orExpression)", at: pointer)
                return nil
            }
            checkRange(n, min: min, max: max, field: field, at: pointer)
        case .number(let min, let max):
            guard let d = value.doubleValue else {
                error("Field '\(field)' must be a number\(orExpression)", at: pointer)
                return nil
            }
            checkRange(d, min: min, max: max, field: field, at: pointer)
        default: break
        }
        return .literal(value)
    }

    private func checkRange<T: Comparable>(_ n: T, min: T, max: T, field: String, at pointer: String) {
        if n < min {
            error("Field '\(field)': Minimum value is \(min)", at: pointer)
        } else if n > max {
            error("Field '\(field)': Maximum value is \(max)", at: pointer)
        }
    }
}
