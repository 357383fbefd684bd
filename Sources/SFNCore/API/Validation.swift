import SFNJSON

/// The outcome of validating a definition: every problem found, errors and warnings together.
public struct ValidationReport: Sendable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// True when no diagnostic is an error (warnings do not make a definition invalid).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Checks an Amazon States Language definition the way AWS's ValidateStateMachineDefinition does,
/// reporting every problem at once with a JSON pointer and, when parsed from text, a line:column.
public enum DefinitionValidator {
    /// Parses with locations (SFNJSON.JSONParser.parseWithLocations) and validates.
    /// A JSON syntax error becomes one Diagnostic with code "INVALID_JSON_DESCRIPTION" and its line:column.
    public static func validate(text: String) -> ValidationReport {
        if text.allSatisfy({ $0.isWhitespace }) {
            return ValidationReport(diagnostics: [Diagnostic(
                code: DiagnosticCode.missingDescription,
                message: "The definition is empty", pointer: "", location: SourceLocation(line: 1, column: 1))])
        }
        do {
            let (value, locations) = try JSONParser.parseWithLocations(text)
            return validate(definition: value, locations: locations)
        } catch {
            return ValidationReport(diagnostics: [jsonSyntaxDiagnostic(error)])
        }
    }

    /// Validates an already parsed definition; `locations` (when given) adds line:column to each diagnostic.
    public static func validate(definition: JSONValue, locations: SourceLocations?) -> ValidationReport {
        let sink = DiagnosticSink(locations: locations)
        MachineValidator.validateRoot(definition, sink: sink)
        return ValidationReport(diagnostics: sink.sorted())
    }

    /// The diagnostic for a definition that is not JSON at all.
    public static func jsonSyntaxDiagnostic(_ error: JSONParseError) -> Diagnostic {
        Diagnostic(code: DiagnosticCode.invalidJSON,
                   message: "Invalid JSON: \(error.message)",
                   pointer: "", location: SourceLocation(line: error.line, column: error.column))
    }
}
