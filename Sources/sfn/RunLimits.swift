import Foundation
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `sfn run` settles before an execution starts: AWS's quota on the execution input
/// (`--aws-limits`), and the folder `shell:` commands run in.
enum RunLimits {
    /// StartExecution's `input` holds at most 262,144 bytes (256 KiB) of UTF-8 text.
    static let maxInputBytes = 262_144

    /// Under `--aws-limits`, nil for an input AWS would accept; otherwise what is wrong with it.
    /// The size is that of the compact JSON text, as the per-state quota measures outputs.
    static func inputProblem(_ input: JSONValue, source: String) -> String? {
        var bytes: [UInt8] = []
        JSONPrinter.write(input, into: &bytes, indent: nil)
        guard bytes.count > maxInputBytes else { return nil }
        return "\(source): the execution input is \(bytes.count) bytes as compact JSON; AWS's StartExecution accepts "
            + "at most \(maxInputBytes) (256 KiB) and would refuse it (--aws-limits)"
    }

    /// The folder a `shell:` command runs in: the definition's own, so that a definition naming
    /// `./tool.sh` runs the same from any working directory. Nil (sfn's working directory) for a
    /// definition that is no regular file: standard input, a pipe, a process substitution.
    static func shellDirectory(forDefinition file: String) -> String? {
        var info = stat()
        guard file != "-", stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let directory = (file as NSString).deletingLastPathComponent
        if directory.hasPrefix("/") { return directory }
        let cwd = FileManager.default.currentDirectoryPath
        return directory.isEmpty || directory == "." ? cwd : cwd + "/" + directory
    }

    /// The Task states (in every branch and processor) that have `Credentials`: AWS assumes that
    /// role to call the resource; here a command, a mock or a handler runs with sfn's own
    /// environment, so there is nothing to assume. Said on every run rather than ignored.
    static func credentialsWarnings(_ definition: JSONValue) -> [String] {
        var names: [String] = []
        func walk(_ machine: JSONValue?) {
            guard let states = machine?["States"]?.objectValue else { return }
            for (name, state) in states {
                if state["Type"]?.stringValue == "Task", state["Credentials"] != nil { names.append(name) }
                for branch in state["Branches"]?.arrayValue ?? [] { walk(branch) }
                walk(state["ItemProcessor"] ?? state["Iterator"])
            }
        }
        walk(definition)
        return names.map { name in
            "warning: state '\(name)': 'Credentials' is not applied locally (no role is assumed: the task runs "
                + "with sfn's own environment)"
        }
    }
}
