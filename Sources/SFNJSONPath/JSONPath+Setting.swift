import SFNJSON

extension JSONPath {
    /// ResultPath writing: walks member and index segments, creating objects for missing members,
    /// and fails (States.ResultPathMatchFailure in the core) where the target cannot hold the value.
    /// The failure message says only what went wrong; the core adds the path and the input.
    func set(_ newValue: JSONValue, in target: JSONValue) -> Result<JSONValue, JSONPathFailure> {
        guard isReferencePath else {
            return .failure(JSONPathFailure(message: "A ResultPath must name a single node"))
        }
        if segments.isEmpty { return .success(newValue) }
        var result = target
        if let problem = set(newValue, at: 0, in: &result) { return .failure(problem) }
        return .success(result)
    }

    private func problem(_ k: Int, _ what: String, _ found: JSONValue) -> JSONPathFailure {
        JSONPathFailure(
            message: "The value at " + PathFormatting.normalized(segments[..<k])
                + " is " + found.typeName + ", not " + what)
    }

    /// Writes in place so that uniquely referenced containers are not copied; nil on success.
    private func set(_ newValue: JSONValue, at k: Int, in target: inout JSONValue) -> JSONPathFailure? {
        let isLast = k == segments.count - 1
        switch segments[k] {
        case .member(let name):
            guard case .object(var o) = target else { return problem(k, "an object", target) }
            target = .null  // drop our reference so `o` stays unique
            var failure: JSONPathFailure? = nil
            if isLast {
                o[name] = newValue
            } else {
                var child = o[name] ?? .object(JSONObject())
                o[name] = .null
                failure = set(newValue, at: k + 1, in: &child)
                o[name] = child
            }
            target = .object(o)
            return failure
        case .index(let i):
            guard case .array(var a) = target else { return problem(k, "an array", target) }
            guard i >= 0, i < a.count else {
                return JSONPathFailure(
                    message: "Index \(i) is out of bounds for the array at "
                        + PathFormatting.normalized(segments[..<k]) + " (length \(a.count))")
            }
            target = .null
            var failure: JSONPathFailure? = nil
            if isLast {
                a[i] = newValue
            } else {
                var child = a[i]
                a[i] = .null
                failure = set(newValue, at: k + 1, in: &child)
                a[i] = child
            }
            target = .array(a)
            return failure
        default:
            return JSONPathFailure(message: "A ResultPath must name a single node")
        }
    }
}
