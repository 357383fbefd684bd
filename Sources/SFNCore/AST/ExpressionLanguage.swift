/// A state's `QueryLanguage`: JSONPath (the default) or JSONata. Named apart from the
/// validator's own table type so the two can evolve independently.
enum ExpressionLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
