#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Terminal and file helpers for the CLI.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    /// The whole of a file as UTF-8 text; nil with a message when it cannot be read.
    static func readFile(_ path: String) -> Result<String, CLIFailure> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(CLIFailure("cannot read '\(path)'"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(CLIFailure("\(path): not valid UTF-8"))
        }
        return .success(text)
    }

    static func readStandardInput() -> Result<String, CLIFailure> {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { return .failure(CLIFailure("<stdin>: not valid UTF-8")) }
        return .success(text)
    }
}

/// A CLI problem with its message.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
