import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colours for standard error, as people expect of a command-line tool: only on a terminal, and
/// never when NO_COLOR is set (https://no-color.org) or TERM is "dumb".
enum TerminalStyle {
    static let enabled: Bool = {
        let env = ProcessInfo.processInfo.environment
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) != 0
    }()

    static func red(_ s: String) -> String { paint(s, "31;1") }
    static func bold(_ s: String) -> String { paint(s, "1") }
    static func dim(_ s: String) -> String { paint(s, "2") }
    static func cyan(_ s: String) -> String { paint(s, "36") }

    private static func paint(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
