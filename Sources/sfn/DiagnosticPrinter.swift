import SFNCore
import SFNJSON

/// Renders diagnostics for people (compiler style) and for tools (AWS's response shape).
enum DiagnosticPrinter {
    /// "file:line:col: error: message [CODE]". Without a line and column (a definition that was
    /// not parsed from text) the JSON pointer says where: "file: error: message (at /States/A) [CODE]".
    static func text(_ d: Diagnostic, file: String) -> String {
        let severity = d.severity == .error ? "error" : "warning"
        if let l = d.location {
            return "\(file):\(l.line):\(l.column): \(severity): \(d.message) [\(d.code)]"
        }
        let pointer = d.pointer.isEmpty ? "" : " (at \(d.pointer))"
        return "\(file): \(severity): \(d.message)\(pointer) [\(d.code)]"
    }

    /// Several diagnostics, one per line.
    static func text(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.map { text($0, file: file) }.joined(separator: "\n")
    }

    /// The ValidateStateMachineDefinition response: result OK|FAIL, diagnostics with severity,
    /// code, message and location (the JSON pointer), plus our line and column, and truncated.
    static func json(_ report: ValidationReport, file: String? = nil) -> JSONValue {
        var out = JSONObject()
        if let file { out["file"] = .string(file) }
        out["result"] = .string(report.isValid ? "OK" : "FAIL")
        out["diagnostics"] = .array(
            report.diagnostics.map { d in
                var o = JSONObject()
                o["severity"] = .string(d.severity.rawValue)
                o["code"] = .string(d.code.rawValue)
                o["message"] = .string(d.message)
                o["location"] = .string(d.pointer)
                if let l = d.location {
                    o["line"] = .int(l.line)
                    o["column"] = .int(l.column)
                }
                return .object(o)
            })
        out["truncated"] = .bool(false)
        return .object(out)
    }
}
