import Foundation
import SFNJSON

/// `--input` as the AWS CLI and jq users expect it: a file (also a FIFO, a pipe or a process
/// substitution), `-` for standard input, `file://PATH`, or the JSON itself (`--input '{"a":1}'`).
/// A path that exists is always read as a file, so an existing file named `42` still means that file.
enum InputArgument {
    enum Source: Equatable {
        case standardInput
        case file(String)
        case inline(String)
    }

    static func source(_ value: String) -> Source {
        if value == "-" { return .standardInput }
        if value.hasPrefix("file://") { return .file(String(value.dropFirst("file://".count))) }
        if FileManager.default.fileExists(atPath: value) { return .file(value) }
        let first = value.unicodeScalars.first { !$0.properties.isWhitespace }
        let looksLikeJSON =
            first.map { "{[\"-0123456789".unicodeScalars.contains($0) } ?? false
            || ["true", "false", "null"].contains(value.trimmingCharacters(in: .whitespaces))
        return looksLikeJSON ? .inline(value) : .file(value)
    }

    /// The JSON that `--input VALUE` names; nil after printing what is wrong and where. `what`
    /// names the value in messages ("the input"); `eager`: a large file is parsed whole, not lazily.
    static func read(_ value: String, what: String = "the input", eager: Bool = false) -> JSONValue? {
        if case .file(let path) = source(value), let json = LazyInput.value(ofFile: path, eager: eager) {
            return json
        }
        let name: String
        let read: Result<String, CLIFailure>
        switch source(value) {
        case .standardInput:
            name = "<stdin>"
            read = Console.readStandardInput()
        case .file(let path):
            name = path
            read = Console.readFile(path)
        case .inline(let text):
            name = "--input"
            read = .success(text)
        }
        let text: String
        switch read {
        case .success(let t): text = t
        case .failure(let m):
            Console.error("sfn: \(m)")
            return nil
        }
        if text.allSatisfy(\.isWhitespace) {
            Console.error("sfn: \(name): \(what) is empty (give --no-input for {})")
            return nil
        }
        do {
            return try JSONParser.parse(text)
        } catch {
            Console.error("sfn: \(name):\(error.line):\(error.column): \(what) is not valid JSON: \(error.message)")
            return nil
        }
    }

    /// `sfn run`'s input: `--input`, else `{}` with `--no-input`, else standard input when it is
    /// not a terminal (an empty one is `{}`, as a terminal's would be), else `{}`.
    static func executionInput(_ value: String?, noInput: Bool, eager: Bool = false) -> JSONValue? {
        if let value {
            guard !noInput else {
                Console.error("sfn: --input and --no-input name the input twice; give one")
                return nil
            }
            return read(value, eager: eager)
        }
        if noInput || Console.stdinIsTerminal { return .object(JSONObject()) }
        let text: String
        switch Console.readStandardInput() {
        case .success(let t): text = t
        case .failure(let m):
            Console.error("sfn: \(m)")
            return nil
        }
        if text.allSatisfy(\.isWhitespace) { return .object(JSONObject()) }
        do {
            return try JSONParser.parse(text)
        } catch {
            Console.error("sfn: <stdin>:\(error.line):\(error.column): the input is not valid JSON: \(error.message)")
            return nil
        }
    }
}
