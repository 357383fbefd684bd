/// AWS's ValidateStateMachineDefinition diagnostic codes, plus the few of our own for problems
/// AWS does not report at all (those are warnings only).
public enum DiagnosticCode {
    public static let invalidJSON = "INVALID_JSON_DESCRIPTION"
    public static let missingDescription = "MISSING_DESCRIPTION"
    public static let schema = "SCHEMA_VALIDATION_FAILED"
    public static let invalidResource = "INVALID_RESOURCE"
    public static let missingEndState = "MISSING_END_STATE"
    public static let duplicateStateName = "DUPLICATE_STATE_NAME"
    public static let invalidStateName = "INVALID_STATE_NAME"
    public static let invalidLabelName = "INVALID_LABEL_NAME"
    public static let missingTransitionTarget = "MISSING_TRANSITION_TARGET"
    public static let tooDeeplyNested = "TOO_DEEPLY_NESTED"
    /// A `{% %}` expression that does not parse (AWS reports the parser's message).
    public static let invalidJSONata = "INVALID_JSONATA_EXPRESSION"
    /// A JSONata expression that parses but reads what Step Functions does not provide, such as a
    /// path from a bare name at the top level.
    public static let unsupportedJSONata = "UNSUPPORTED_JSONATA_EXPRESSION"
    /// Warning: a `.$`-less field whose value looks like a path or intrinsic call.
    public static let noDollar = "NO_DOLLAR"
    /// Warning: a Pass state's Result holds something that looks like a path.
    public static let passResultIsStatic = "PASS_RESULT_IS_STATIC"
    /// Warning (ours): a variable read that no Assign in scope ever sets; AWS accepts it and the
    /// read fails at run time.
    public static let undefinedVariable = "UNDEFINED_VARIABLE"
}
