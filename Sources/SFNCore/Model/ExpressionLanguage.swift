/// A state's `QueryLanguage`: JSONPath (the default) or JSONata.
public enum ExpressionLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
