import SFNCore

/// The single place where `sfn` reaches the validator (Sources/SFNCore/Validate, `sfn validate`).
enum ValidationBridge {
    /// Codes that `sfn validate` reports as errors (AWS refuses them) but that do not stop `sfn run`,
    /// because the run is still well defined here. Duplicate state names across separate Parallel
    /// branches or Map processors are the one such case: every name is resolved within its own
    /// `States` object, so nothing is ambiguous locally, and ../shared/bench/parallel.json relies on it.
    static let runnableDespite: Set<String> = ["DUPLICATE_STATE_NAME"]

    /// What `sfn run` makes of a definition: errors that refuse it and problems it only warns about.
    static func check(definitionText: String) -> (errors: [Diagnostic], warnings: [Diagnostic]) {
        let report = DefinitionValidator.validate(text: definitionText)
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        for d in report.errors {
            if runnableDespite.contains(d.code) {
                var w = d
                w.severity = .warning
                w.message += " (AWS refuses this definition; sfn runs it anyway)"
                warnings.append(w)
            } else {
                errors.append(d)
            }
        }
        return (errors, warnings)
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
