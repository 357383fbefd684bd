import SFNJSON

/// AWS's documented hard quotas that a local run can check (`--aws-limits`, `sfn test`, and the
/// server's CreateStateMachine and UpdateStateMachine), in one place.
public enum AWSQuotas {
    /// "Maximum size of state machine definition: 1 MB" (a hard quota); the API's constraint
    /// on `definition` is a length of at most 1,048,576 characters.
    public static let maxDefinitionLength = 1_048_576
    /// A state's input or output, an execution's input, a task's result: 256 KiB of UTF-8.
    public static let maxPayloadBytes = 262_144

    /// The length AWS's API measures for a definition sent as `text`: characters as Java counts
    /// them (UTF-16 code units), which for ASCII text are its bytes.
    public static func definitionLength(_ text: String) -> Int { text.utf16.count }

    /// Nil for a definition within the quota; otherwise what is wrong with it. The definition is
    /// measured as compact JSON, the smallest text a deployment can send.
    public static func definitionProblem(_ definition: JSONValue) -> String? {
        let length = definitionLength(JSONPrinter.compact(definition))
        guard length > maxDefinitionLength else { return nil }
        return "the definition is \(length) characters as compact JSON; AWS's CreateStateMachine accepts at most "
            + "\(maxDefinitionLength) (1 MiB) and would refuse it (--aws-limits)"
    }

    /// The ValidationException message AWS's API gives for a `definition` over the quota.
    public static func definitionValidationMessage(length: Int) -> String {
        "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length "
            + "less than or equal to \(maxDefinitionLength)"
    }
}
