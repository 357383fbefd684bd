import SFNJSON
import SFNJSONPath
import SFNJSONata

/// A payload template compiled once at load: Parameters, ResultSelector, ItemSelector, Assign,
/// Arguments, Output. Constant subtrees collapse into one literal so that evaluating a template
/// copies nothing that does not change.
public indirect enum Template: Sendable {
    case literal(JSONValue)
    /// An object with at least one dynamic member; keys already stripped of `.$`.
    case object(keys: [String], values: [Template])
    case array([Template])
    /// A `key.$` member: a path or intrinsic call. `field` is the key as written ("x.$").
    case path(PathExpression, field: String)
    /// A `{% expr %}` string in JSONata mode. `field` names it as AWS does ("Output/result").
    case jsonata(JSONataExpression, field: String)

    public var isLiteral: Bool { if case .literal = self { return true } else { return false } }

    /// The value of a literal template (only called on literals).
    var literalValue: JSONValue {
        if case .literal(let v) = self { return v }
        return .null
    }
}
