import SFNJSON

/// The outcome of validating a definition: every problem found, errors and warnings together.
public struct ValidationReport: Sendable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// True when no diagnostic is an error (warnings do not make a definition invalid).
    public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// True when the text could not be read as a definition at all (empty, or not JSON).
    public var isUnreadable: Bool {
        diagnostics.contains { $0.code == .invalidJSON || $0.code == .missingDescription }
    }
}

/// Checks an Amazon States Language definition the way AWS's ValidateStateMachineDefinition does,
/// reporting every problem at once with a JSON pointer and, when parsed from text, a line:column.
/// It is the same load pass that `StateMachine.load` makes, without keeping the model.
public enum DefinitionValidator {
    /// Parses with locations and validates. An empty text gives one MISSING_DESCRIPTION, a JSON
    /// syntax error one INVALID_JSON_DESCRIPTION with its line:column.
    public static func validate(text: String) -> ValidationReport {
        ValidationReport(diagnostics: DefinitionLoader.load(text: text).diagnostics)
    }

    /// Validates an already parsed definition; `locations` (when given) adds line:column to each diagnostic.
    public static func validate(definition: JSONValue, locations: SourceLocations?) -> ValidationReport {
        ValidationReport(diagnostics: DefinitionLoader.load(definition, locations: locations).diagnostics)
    }
}

/// The one load pass behind `DefinitionValidator` and `StateMachine.load`: text to JSON with
/// locations, then the walk that checks and builds at once.
enum DefinitionLoader {
    static func load(text: String) -> (definition: MachineDefinition?, diagnostics: [Diagnostic]) {
        if text.allSatisfy({ $0.isWhitespace }) {
            return (
                nil,
                [
                    Diagnostic(
                        code: .missingDescription, message: "The definition is empty", pointer: "",
                        location: SourceLocation(line: 1, column: 1))
                ]
            )
        }
        do {
            let (value, locations) = try JSONParser.parseWithLocations(text)
            return load(value, locations: locations)
        } catch {
            return (
                nil,
                [
                    Diagnostic(
                        code: .invalidJSON, message: "Invalid JSON: \(error.message)", pointer: "",
                        location: SourceLocation(line: error.line, column: error.column))
                ]
            )
        }
    }

    static func load(_ value: JSONValue, locations: SourceLocations?)
        -> (definition: MachineDefinition?, diagnostics: [Diagnostic])
    {
        let sink = DiagnosticSink(locations: locations)
        let definition = MachineLoader.loadRoot(value, sink: sink)
        return (definition, sink.sorted())
    }
}
