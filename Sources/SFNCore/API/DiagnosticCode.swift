/// A diagnostic's code: AWS's ValidateStateMachineDefinition code where AWS has one (the raw value
/// is AWS's string), plus the few of our own for problems AWS does not report at all (warnings).
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The definition text is not JSON.
    public static let invalidJSON = DiagnosticCode(rawValue: "INVALID_JSON_DESCRIPTION")
    public static let missingDescription = DiagnosticCode(rawValue: "MISSING_DESCRIPTION")
    public static let schema = DiagnosticCode(rawValue: "SCHEMA_VALIDATION_FAILED")
    public static let invalidResource = DiagnosticCode(rawValue: "INVALID_RESOURCE")
    public static let missingEndState = DiagnosticCode(rawValue: "MISSING_END_STATE")
    public static let duplicateStateName = DiagnosticCode(rawValue: "DUPLICATE_STATE_NAME")
    public static let invalidStateName = DiagnosticCode(rawValue: "INVALID_STATE_NAME")
    public static let invalidLabelName = DiagnosticCode(rawValue: "INVALID_LABEL_NAME")
    public static let missingTransitionTarget = DiagnosticCode(rawValue: "MISSING_TRANSITION_TARGET")
    public static let tooDeeplyNested = DiagnosticCode(rawValue: "TOO_DEEPLY_NESTED")
    /// A `{% %}` expression that does not parse (AWS reports the parser's message).
    public static let invalidJSONata = DiagnosticCode(rawValue: "INVALID_JSONATA_EXPRESSION")
    /// A JSONata expression that parses but reads what Step Functions does not provide, such as a
    /// path from a bare name at the top level.
    public static let unsupportedJSONata = DiagnosticCode(rawValue: "UNSUPPORTED_JSONATA_EXPRESSION")
    /// Warning: a `.$`-less field whose value looks like a path or intrinsic call.
    public static let noDollar = DiagnosticCode(rawValue: "NO_DOLLAR")
    /// Warning: a Pass state's Result holds something that looks like a path.
    public static let passResultIsStatic = DiagnosticCode(rawValue: "PASS_RESULT_IS_STATIC")
    /// Warning (ours): a variable read that no Assign in scope ever sets; AWS accepts it and the
    /// read fails at run time.
    public static let undefinedVariable = DiagnosticCode(rawValue: "UNDEFINED_VARIABLE")
    /// Warning (ours): a path AWS accepts though it is written oddly (`$.a[0]b`, an unquoted
    /// filter word).
    public static let dubiousPath = DiagnosticCode(rawValue: "DUBIOUS_PATH")
    /// Warning (ours): an `ErrorEquals` name in the reserved `States.` namespace that no state raises.
    public static let reservedErrorName = DiagnosticCode(rawValue: "RESERVED_ERROR_NAME")
}

extension DiagnosticCode: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
}
