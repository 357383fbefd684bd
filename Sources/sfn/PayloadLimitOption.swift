import SFNCore
import SFNJSON

/// `--max-payload SIZE` on the commands that run executions (`sfn run`, its `--input-lines`,
/// `sfn redrive`, `sfn serve`): the largest value a state may produce in bulk before it fails
/// with States.DataLimitExceeded, and the largest execution input. The default is a quarter of
/// the machine's memory (ExecutionOptions.defaultMaxPayloadBytes), never unlimited.
enum PayloadLimitOption {
    static let values: Set<String> = ["--max-payload"]

    /// The size given with `--max-payload` (the default without it); nil after saying what is
    /// wrong with the value.
    static func bytes(_ args: Arguments, command: String) -> Int? {
        guard let text = args.values["--max-payload"] else { return ExecutionOptions.defaultMaxPayloadBytes }
        guard let bytes = RunSafety.byteSize(text), bytes > 0 else {
            Console.error(
                "sfn \(command): --max-payload expects a size in bytes such as 262144, 256KiB, 64MiB or 2GiB, "
                    + "not '\(text)'")
            return nil
        }
        return bytes
    }

    /// Sets `options.maxPayloadBytes`; false after saying what is wrong with the value.
    static func apply(_ args: Arguments, to options: inout ExecutionOptions, command: String) -> Bool {
        guard let bytes = bytes(args, command: command) else { return false }
        options.maxPayloadBytes = bytes
        return true
    }

    /// Nil for an input within `cap`; otherwise what is wrong with it, naming `source`.
    /// `textBytes`: the size of the text it was parsed from, when known (LazyInput.fileSize).
    static func inputProblem(_ input: JSONValue, cap: Int, source: String, textBytes: Int? = nil) -> String? {
        // Compact JSON is never more than 8 times its text (a number such as 9e20 prints as its 21
        // digits; strings and the rest print no longer than written): a small text spares the
        // walk over every value of a large input that was parsed whole.
        if let textBytes, textBytes <= cap / 8 { return nil }
        guard JSONSize.upperBound(input, cap: cap) > cap else { return nil }
        let size = JSONSize.exact(input, cap: cap)
        guard size > cap else { return nil }
        return "\(source): the execution input is \(size) bytes or more as compact JSON, more than the payload "
            + "limit of \(cap) bytes (--max-payload)"
    }
}
