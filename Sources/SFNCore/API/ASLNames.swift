/// The names the loader accepts, for tools that suggest one when a definition misspells it
/// (`sfn validate`'s "did you mean ...?"). Taken from the tables the loader itself checks with.
public enum ASLNames {
    /// The fields a state of `type` takes ("Pass", "Task", ...), sorted; empty for an unknown type.
    public static func stateFields(type: String) -> [String] {
        FieldTable.byType[type].map { $0.keys.sorted() } ?? []
    }

    /// The fields of a state machine's top level.
    public static var machineFields: [String] { MachineLoader.topFields.sorted() }

    /// The fields of a Retrier and of a Catcher.
    public static var retrierFields: [String] { RetryCatchRules.retrierFields.sorted() }
    public static var catcherFields: [String] { RetryCatchRules.catcherFields.sorted() }

    /// The fields of a JSONPath Choice Rule: Variable, the comparison operators, And/Or/Not, Next,
    /// Assign, Comment; and of a JSONata one.
    public static var choiceRuleFields: [String] {
        (["Variable", "And", "Or", "Not", "Next", "Assign", "Comment"] + ChoiceRules.comparisons.keys).sorted()
    }
    public static var jsonataChoiceRuleFields: [String] { ["Assign", "Comment", "Condition", "Next", "Output"] }
}
