import SFNCore
import SFNJSON

/// The options every command that reads a definition shares (`--substitute NAME=VALUE`,
/// `--substitutions FILE`, `--state-machine NAME`), and the one call that turns a file and them
/// into a definition through SFNCore's `DefinitionSource`.
enum DefinitionInput {
    static let valueOptions: Set<String> = [
        "--substitute", "--substitutions", "--state-machine", "--state-machine-name",
    ]

    static let help = """
          --substitute NAME=VALUE  Fill ${NAME} in the definition (repeatable); also a template's
                                   Ref NAME and Fn::GetAtt NAME.Attr
          --substitutions FILE     Values for ${NAME} from a JSON or YAML object, or a
                                   CloudFormation parameters file
          --state-machine NAME     The state machine: which one to read from a template (its
                                   logical id) or mock file, and the name the run is recorded
                                   under (default: the template's logical id, else the file's
                                   name without .asl.json); alias --state-machine-name
        """

    /// The source options from parsed arguments; nil after printing the problem.
    static func options(_ args: Arguments, command: String) -> DefinitionSourceOptions? {
        var options = DefinitionSourceOptions()
        if let file = args.values["--substitutions"] {
            do { options.substitutions = try DefinitionSourceOptions.substitutions(fromFile: file) } catch {
                Console.error("sfn \(command): \(file): \(error)")
                return nil
            }
        }
        for assignment in args.allValues["--substitute"] ?? [] where !options.addSubstitution(assignment) {
            Console.error("sfn \(command): --substitute needs NAME=VALUE, got '\(assignment)'")
            return nil
        }
        options.stateMachine = args.values["--state-machine"] ?? args.values["--state-machine-name"]
        return options
    }

    /// Reads FILE for a command that runs the machine: a placeholder left unfilled is an error
    /// here (every one is listed with its place). Nil after printing why.
    static func readForRunning(_ file: String, _ options: DefinitionSourceOptions, command: String)
        -> DefinitionSource?
    {
        let source: DefinitionSource
        do { source = try DefinitionSource.read(file: file, options: options) } catch {
            Console.error(describe(error, file: file))
            return nil
        }
        guard source.unresolved.isEmpty else {
            let errors = source.unresolved.map { d in
                var e = d
                e.severity = .error
                return e
            }
            Console.error(DiagnosticPrinter.text(errors, file: source.file))
            let names = Set(source.unresolved.compactMap(placeholderName)).sorted()
            Console.error(
                "sfn \(command): \(names.count) placeholder\(names.count == 1 ? "" : "s") without a value: "
                    + names.joined(separator: ", "))
            return nil
        }
        return source
    }

    /// "sfn: FILE:LINE:COLUMN: message", or the reading problem alone (it names the file).
    static func describe(_ error: DefinitionSourceError, file: String) -> String {
        if error.unreadable { return "sfn: \(error.message)" }
        return "sfn: \(file)\(error.location.map { ":\($0)" } ?? ""): \(error.message)"
    }

    /// "${Name}" from an unresolved-substitution message.
    private static func placeholderName(_ d: Diagnostic) -> String? {
        guard let s = d.message.range(of: "${"), let e = d.message[s.upperBound...].firstIndex(of: "}") else {
            return nil
        }
        return String(d.message[s.upperBound..<e])
    }
}
