import SFNJSON

/// A problem found in a definition before it runs: what AWS's ValidateStateMachineDefinition
/// reports, plus where in the file it is.
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error = "ERROR"
        case warning = "WARNING"
    }

    public var severity: Severity
    /// AWS's diagnostic code where one exists (SCHEMA_VALIDATION_FAILED, MISSING_END_STATE, ...).
    public var code: DiagnosticCode
    /// Names the state and the field.
    public var message: String
    /// RFC 6901 pointer into the definition ("/States/Check/Choices/0/Next").
    public var pointer: String
    /// Line and column in the definition file, when it was parsed from text.
    public var location: SourceLocation?

    public init(
        severity: Severity = .error, code: DiagnosticCode, message: String, pointer: String,
        location: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.pointer = pointer
        self.location = location
    }
}
