/// The expression language of a state: JSONPath (the default) or JSONata.
public enum QueryLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
