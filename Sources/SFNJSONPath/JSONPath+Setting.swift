import SFNJSON

extension JSONPath {
    /// ResultPath writing: walks member and index segments, creating objects for missing members,
    /// and fails (States.ResultPathMatchFailure in the core) where the target cannot hold the value.
    func set(_ newValue: JSONValue, in target: JSONValue) -> Result<JSONValue, JSONPathFailure> {
        guard isReferencePath else {
            return .failure(JSONPathFailure(message: "Invalid ReferencePath \(text): it must name a single node"))
        }
        if segments.isEmpty { return .success(newValue) }
        var result = target
        if set(newValue, at: 0, in: &result) { return .success(result) }
        return .failure(JSONPathFailure(message: "Unable to apply ReferencePath \(text) to input "
            + JSONPrinter.compact(target)))
    }

    /// Writes in place so that uniquely referenced containers are not copied.
    private func set(_ newValue: JSONValue, at k: Int, in target: inout JSONValue) -> Bool {
        let isLast = k == segments.count - 1
        switch segments[k] {
        case .member(let name):
            guard case .object(var o) = target else { return false }
            target = .null  // drop our reference so `o` stays unique
            if isLast {
                o[name] = newValue
            } else {
                var child = o[name] ?? .object(JSONObject())
                o[name] = .null
                let ok = set(newValue, at: k + 1, in: &child)
                o[name] = child
                if !ok { target = .object(o); return false }
            }
            target = .object(o)
            return true
        case .index(let i):
            guard case .array(var a) = target, i >= 0, i < a.count else { return false }
            target = .null
            if isLast {
                a[i] = newValue
            } else {
                var child = a[i]
                a[i] = .null
                let ok = set(newValue, at: k + 1, in: &child)
                a[i] = child
                if !ok { target = .array(a); return false }
            }
            target = .array(a)
            return true
        default:
            return false
        }
    }
}
