import SFNCore

/// The single place where `sfn` reaches the validator (branch `validate`). Until that branch is
/// merged, validation finds nothing beyond what the core's loader refuses, and `sfn validate`
/// reports that it is unavailable.
enum ValidationBridge {
    /// Diagnostics (errors) that make `sfn run` refuse a definition, printed by the caller.
    static func errors(definitionText: String) -> [Diagnostic] {
        []
    }

    /// `sfn validate ARGS...`.
    static func validateCommand(_ arguments: [String]) -> Int32 {
        Console.error("sfn: 'validate' is not available in this build")
        return 2
    }

    /// Renders diagnostics as "FILE:LINE:COL: CODE: message" lines.
    static func describe(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.map { d in
            let at = d.location.map { "\(file):\($0.line):\($0.column)" } ?? (d.pointer.isEmpty ? file : "\(file) (at \(d.pointer))")
            return "\(at): \(d.code): \(d.message)"
        }.joined(separator: "\n")
    }
}
