import SFNJSON

/// `${Name}` placeholders as CloudFormation's `DefinitionSubstitutions` fills them: the text of the
/// value replaces the placeholder inside the string; `${!Name}` stays `${Name}` literally.
enum Substitution {
    static func containsPlaceholder(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return hasPlaceholder(s)
        case .array(let items): return items.contains(where: containsPlaceholder)
        case .object(let o): return o.contains { hasPlaceholder($0.key) || containsPlaceholder($0.value) }
        default: return false
        }
    }

    /// Whether `s` holds `${`. A scan of its bytes: `contains("${")` is Foundation's, which bridges
    /// to NSString (every `sfn run` asks it of each string of the definition: 107k instructions
    /// for hello.json).
    static func hasPlaceholder(_ s: String) -> Bool {
        var dollar = false
        for byte in s.utf8 {
            if dollar && byte == UInt8(ascii: "{") { return true }
            dollar = byte == UInt8(ascii: "$")
        }
        return false
    }

    static func apply(
        _ values: [String: String], to value: JSONValue, pointer: String,
        unresolved: inout [(pointer: String, name: String)]
    ) -> JSONValue {
        switch value {
        case .string(let s):
            guard hasPlaceholder(s) else { return value }
            return .string(fill(s, values, pointer: pointer, unresolved: &unresolved))
        case .array(let items):
            return .array(
                items.enumerated().map { i, item in
                    apply(values, to: item, pointer: JSONPointer.appending(pointer, i), unresolved: &unresolved)
                })
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o {
                let p = JSONPointer.appending(pointer, k)
                let key = hasPlaceholder(k) ? fill(k, values, pointer: p, unresolved: &unresolved) : k
                out[key] = apply(values, to: v, pointer: p, unresolved: &unresolved)
            }
            return .object(out)
        default:
            return value
        }
    }

    /// Replaces each `${Name}` that has a value; `unresolved` collects the others. A Serverless
    /// variable's default (`${opt:stage, 'dev'}`) is used when the variable has no value.
    static func fill(
        _ s: String, _ values: [String: String], pointer: String,
        unresolved: inout [(pointer: String, name: String)]
    ) -> String {
        forEachPlaceholder(in: s) { name in
            if let v = values[name] { return v }
            if let comma = name.firstIndex(of: ",") {
                let key = name[..<comma].trimmingSpaces
                if let v = values[String(key)] { return v }
                let fallback = name[name.index(after: comma)...].trimmingSpaces
                let unquoted = fallback.count >= 2 && (fallback.first == "'" || fallback.first == "\"")
                if unquoted { return String(fallback.dropFirst().dropLast()) }
            }
            unresolved.append((pointer, name))
            return nil
        }
    }

    /// Calls `replace` with each placeholder's name; nil keeps the placeholder as written.
    static func forEachPlaceholder(in s: String, _ replace: (String) -> String?) -> String {
        var out = ""
        var rest = s[...]
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else {
                rest = rest[start.lowerBound...]
                break
            }
            let name = String(rest[start.upperBound..<close])
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
            } else if let v = replace(name) {
                out += v
            } else {
                out += "${" + name + "}"
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// Reads a substitutions file: a JSON (or YAML) object of names to values, AWS CLI parameters
    /// (`[{"ParameterKey": ..., "ParameterValue": ...}]`) or a CodePipeline template configuration
    /// (`{"Parameters": {...}}`). Values that are not strings are written as JSON text.
    static func values(from document: JSONValue) -> [String: String]? {
        func text(_ v: JSONValue) -> String { v.stringValue ?? JSONPrinter.compact(v) }
        if let list = document.arrayValue {
            var out: [String: String] = [:]
            for item in list {
                guard let k = item["ParameterKey"]?.stringValue, let v = item["ParameterValue"] else { return nil }
                out[k] = text(v)
            }
            return out
        }
        guard var o = document.objectValue else { return nil }
        // A CodePipeline template configuration: {"Parameters": {...}, "Tags": {...}, "StackPolicy": ...}.
        let configurationKeys: Set<String> = ["Parameters", "Tags", "StackPolicy"]
        if let p = o["Parameters"]?.objectValue, o.keys.allSatisfy(configurationKeys.contains) { o = p }
        var out: [String: String] = [:]
        for (k, v) in o { out[k] = text(v) }
        return out
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
