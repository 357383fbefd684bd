import SFNCore

/// The single place where `sfn` reaches the validator (Sources/SFNCore/Validate, `sfn validate`).
enum ValidationBridge {
    /// Diagnostics (errors) that make `sfn run` refuse a definition, printed by the caller.
    static func errors(definitionText: String) -> [Diagnostic] {
        DefinitionValidator.validate(text: definitionText).errors
    }

    /// `sfn validate ARGS...`.
    static func validateCommand(_ arguments: [String]) -> Int32 {
        ValidateCommand.main(arguments)
    }

    /// Renders diagnostics one per line, naming file, line and column.
    static func describe(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.map { DiagnosticPrinter.text($0, file: file) }.joined(separator: "\n")
    }
}
