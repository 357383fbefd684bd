import SFNJSON
import SFNJSONPath
import SFNJSONata

/// A payload template compiled once at load: Parameters, ResultSelector, ItemSelector, Assign,
/// Arguments, Output. Constant subtrees collapse into one literal so that evaluating a template
/// copies nothing that does not change.
indirect enum Template: Sendable {
    case literal(JSONValue)
    /// An object with at least one dynamic member; keys already stripped of `.$`.
    case object(keys: [String], values: [Template])
    case array([Template])
    /// A `key.$` member: a path or intrinsic call. `field` is the key as written ("x.$").
    case path(PathExpression, field: String)
    /// A `{% expr %}` string in JSONata mode. `field` names it as AWS does ("Output/result").
    case jsonata(JSONataExpression, field: String)

    var isLiteral: Bool { if case .literal = self { return true } else { return false } }
}

extension Template {
    /// Builds the template's value: literals as they are, objects and arrays member by member,
    /// and each `.path` or `.jsonata` leaf through `leaf` (the two query languages differ only there).
    func resolve(_ leaf: (Template) throws(StatesError) -> JSONValue) throws(StatesError) -> JSONValue {
        switch self {
        case .literal(let v):
            return v
        case .object(let keys, let values):
            // Keys are unique (the compiler keeps the last of duplicates), so members append.
            var out = JSONObject(minimumCapacity: keys.count)
            for i in 0..<keys.count { out.append(keys[i], try values[i].resolve(leaf)) }
            return .object(out)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.resolve(leaf)) }
            return .array(out)
        case .path, .jsonata:
            return try leaf(self)
        }
    }
}
