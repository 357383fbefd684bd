import Foundation
import SFNCore
import SFNJSON

/// `sfn export DEFINITION [--resources FILE]`: the definition as AWS will run it (each local
/// stand-in replaced by the `awsArn` its resources-map entry names) and a CloudFormation
/// `AWS::StepFunctions::StateMachine` that deploys it, with those ARNs as `DefinitionSubstitutions`.
/// One document on standard output, or `--output DIR` for two files written whole.
enum ExportCommand {
    enum Format: String { case json, yaml }

    static let usage = """
        Usage: sfn export DEFINITION [--resources FILE] [--name NAME] [--format json|yaml]
                          [--output DIR] [--substitute NAME=VALUE]... [--substitutions FILE]
                          [--state-machine NAME]

        Prints DEFINITION as AWS will run it, and a CloudFormation template that deploys it.
        Every Task that runs only on this machine (a shell: resource, a resources-map command,
        Lambda code, a container, a local state machine, local S3 data) whose resources-map entry
        names an "awsArn" gets that ARN in place of its local name; everything else is kept as
        written. In the template's Definition the ARNs are ${Name} placeholders filled by
        DefinitionSubstitutions, and the execution role is the template parameter RoleArn.
        A local resource that nothing on AWS stands in for is an error naming its state (see
        sfn validate --aws). Standard output gets one document: {"definition": ..., "template": ...}.

        Options:
          --resources FILE       The resources map: its entries' awsArn fields name the AWS resources
          --name NAME            The state machine's name (StateMachineName; default: the
                                 template's logical id, else the file's name without .asl.json)
          --format FORMAT        json (default) or yaml, for the document or the template file
          --output DIR           Write DIR/definition.asl.json and DIR/template.json (or
                                 template.yaml) instead, each whole or not at all
        \(DefinitionInput.help)
          -h, --help             Show this help

        Examples:
          sfn export definitions/to-aws/orders.asl.json --resources definitions/to-aws/resources.json
          sfn export definitions/to-aws/orders.asl.json --resources definitions/to-aws/resources.json --format yaml

        Exit status: 0 exported, 2 bad usage, a definition or resources map that cannot be read or
        is invalid, or a local resource that nothing on AWS stands in for.
        """

    static func main(_ arguments: [String]) -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                arguments, flags: ["-h", "--help"],
                values: DefinitionInput.valueOptions.union(["--resources", "--name", "--format", "--output"]))
        } catch { return usageError(error.description) }
        if args.has("-h") || args.has("--help") {
            print(usage)
            return 0
        }
        var format = Format.json
        if let name = args.values["--format"] {
            guard let f = Format(rawValue: name) else {
                return usageError(
                    "unknown format '\(name)'\(Suggestion.hint(name, in: ["json", "yaml"])): json or yaml")
            }
            format = f
        }
        guard args.positional.count == 1, let file = args.positional.first else {
            return usageError(args.positional.isEmpty ? "no definition file given" : "give one definition file")
        }
        guard let options = DefinitionInput.options(args, command: "export"),
            let source = DefinitionInput.readForRunning(file, options, command: "export")
        else { return 2 }
        let name = args.values["--name"] ?? source.stateMachineName ?? defaultName(file)
        if let problem = nameProblem(name) { return usageError("--name '\(name)' \(problem)") }

        let report = source.validationReport()
        guard report.isValid else {
            Console.error(DiagnosticPrinter.text(report.errors, file: source.file))
            Console.error("sfn export: \(source.file) is not a valid definition; see sfn validate")
            return 2
        }
        var tasks = TaskDispatcher()
        if let map = args.values["--resources"] {
            do { tasks.resources = try ResourceMap(contentsOfFile: map) } catch {
                Console.error("sfn export: \(map): \(error.cause ?? error.error.rawValue)")
                return 2
            }
        }
        let local = LocalOnlyReport(
            definition: source.definition, locations: source.locations, tasks: tasks, s3Root: ".sfn/s3")
        let export: AWSExport
        do { export = try AWSExport(definition: source.definition, report: local, name: name) } catch {
            Console.error(DiagnosticPrinter.text(error.findings.map(LocalOnlyText.diagnostic), file: source.file))
            let n = error.findings.count
            Console.error(
                "sfn export: \(n) resource\(n == 1 ? "" : "s") run\(n == 1 ? "s" : "") only on this machine and "
                    + "nothing stands in for \(n == 1 ? "it" : "them") on AWS: name \(n == 1 ? "its" : "their") ARN "
                    + "with \"awsArn\" in the resources map (--resources FILE)")
            return 2
        }
        return write(export, format: format, to: args.values["--output"])
    }

    /// Standard output, or the two files under `directory`.
    private static func write(_ export: AWSExport, format: Format, to directory: String?) -> Int32 {
        func text(_ value: JSONValue) -> String {
            format == .yaml ? YAMLPrinter.document(value) : JSONPrinter.pretty(value)
        }
        guard let directory else {
            let both: JSONValue = ["definition": export.definition, "template": export.template]
            Console.out(text(both))
            return 0
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            Console.error("sfn export: cannot create the folder '\(directory)': \(error.localizedDescription)")
            return 2
        }
        let files = [
            ("definition.asl.json", JSONPrinter.pretty(export.definition) + "\n"),
            ("template.\(format.rawValue)", text(export.template) + "\n"),
        ]
        for (name, contents) in files {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do { try AtomicFile.write(contents, to: path) } catch {
                Console.error("sfn export: \(error)")
                return 2
            }
            print(path)
        }
        return 0
    }

    /// `orders` for `path/orders.asl.json` (also `.json`, `.yaml`, `.yml`, `.asl.yaml`).
    static func defaultName(_ file: String) -> String {
        var name = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name == "-" || name.isEmpty ? "StateMachine" : name
    }

    /// Why AWS would refuse `name` as a StateMachineName (1 to 80 characters, none of blanks,
    /// brackets, wildcards and `"#%\^|~`$&,;:/`, no control characters); nil when it would not.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 80 { return "must have 1 to 80 characters" }
        let refused = Set(" \t\n<>{}[]?*\"#%\\^|~`$&,;:/")
        if let c = name.first(where: {
            refused.contains($0) || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
        }) {
            return "has the character '\(c)', which a state machine name may not have"
        }
        return nil
    }

    private static func usageError(_ message: String) -> Int32 {
        Console.error("sfn export: \(message)\n\n\(usage)")
        return 2
    }
}
