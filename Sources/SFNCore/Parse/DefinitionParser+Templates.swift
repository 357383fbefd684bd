import SFNJSON
import SFNJSONPath
import SFNJSONata

extension DefinitionParser {
    /// Compiles a payload template. In JSONPath mode, members whose key ends in `.$` hold a path
    /// or intrinsic call; in JSONata mode, strings wholly wrapped in `{% %}` are expressions.
    /// `field` is the AWS name of the position ("Output/result") used in error causes.
    mutating func compileTemplate(_ value: JSONValue, pointer: String, ql: ExpressionLanguage, field: String,
                                  depth: Int = 0) -> Template? {
        guard depth < JSONParser.defaultMaxDepth else {
            report(pointer, "The template is nested too deeply")
            return nil
        }
        switch value {
        case .object(let obj):
            var keys: [String] = []
            var values: [Template] = []
            keys.reserveCapacity(obj.count)
            values.reserveCapacity(obj.count)
            var dynamic = false
            for (key, member) in obj {
                let p = JSONPointer.appending(pointer, key)
                if ql == .jsonPath, key.hasSuffix(".$") {
                    guard case .string(let text) = member else {
                        report(p, "The value of '\(key)' must be a path string")
                        continue
                    }
                    guard let e = compilePathExpression(text, pointer: p) else { continue }
                    keys.append(String(key.dropLast(2)))
                    values.append(.path(e, field: key))
                    dynamic = true
                } else {
                    let childField = field.isEmpty ? key : field + "/" + key
                    guard let t = compileTemplate(member, pointer: p, ql: ql, field: childField, depth: depth + 1) else { continue }
                    if !t.isLiteral { dynamic = true }
                    keys.append(key)
                    values.append(t)
                }
            }
            // "a" and "a.$" both name member "a": the last one written wins, as when assigning.
            if Set(keys).count != keys.count {
                var seen: Set<String> = []
                var keep: [Int] = []
                for i in stride(from: keys.count - 1, through: 0, by: -1) where seen.insert(keys[i]).inserted { keep.append(i) }
                keep.reverse()
                keys = keep.map { keys[$0] }
                values = keep.map { values[$0] }
                dynamic = values.contains { !$0.isLiteral }
            }
            return dynamic ? .object(keys: keys, values: values) : .literal(.object(JSONObject(zip(keys, values.map(\.literalValue)))))
        case .array(let items):
            var out: [Template] = []
            out.reserveCapacity(items.count)
            var dynamic = false
            for (i, item) in items.enumerated() {
                let p = JSONPointer.appending(pointer, i)
                let childField = field.isEmpty ? String(i) : field + "/" + String(i)
                guard let t = compileTemplate(item, pointer: p, ql: ql, field: childField, depth: depth + 1) else { continue }
                if !t.isLiteral { dynamic = true }
                out.append(t)
            }
            return dynamic ? .array(out) : .literal(.array(out.map(\.literalValue)))
        case .string(let s) where ql == .jsonata:
            guard let body = Self.jsonataBody(s) else { return .literal(value) }
            return compileJSONata(body, pointer: pointer).map { .jsonata($0, field: field) }
        default:
            return .literal(value)
        }
    }
}

extension Template {
    /// The value of a literal template (only called on literals).
    var literalValue: JSONValue {
        if case .literal(let v) = self { return v }
        return .null
    }
}
