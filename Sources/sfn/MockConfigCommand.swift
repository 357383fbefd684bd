import SFNCore
import SFNJSON

/// `sfn mock-config init DEFINITION [--output FILE] [--state-machine NAME] [--test-case NAME]`:
/// writes a Step Functions Local mock config that answers every Task state.
enum MockConfigCommand {
    static let usage = """
        Usage: sfn mock-config init DEFINITION [--output FILE] [--test-case NAME] [--state-machine NAME]
                                    [--substitute NAME=VALUE]... [--substitutions FILE]

        Writes an AWS Step Functions Local mock config (MockConfigFile) with one test case that
        answers every Task state with a response of its resource's shape. Run the definition with
        it: sfn run DEFINITION --mock-config FILE --test-case NAME.

        Options:
          --output FILE        Write the config to FILE (default: standard output)
          --test-case NAME     The test case's name (default: HappyPath)
          --state-machine NAME The machine's name in the config, and the one to read from a
                               template (default: the template's logical id, else the file name)

        Examples:
          sfn mock-config init definitions/order-fulfilment.asl.json --output mocks.json

        Exit status: 0 written, 2 bad usage, an unreadable file or a definition that cannot load.
        """

    static func main(_ argv: [String]) -> Int32 {
        guard argv.first == "init" else {
            if argv.first == "--help" || argv.first == "-h" {
                print(usage)
                return 0
            }
            Console.error("sfn mock-config: expected 'init'\n\n\(usage)")
            return 2
        }
        let args: Arguments
        do {
            args = try Arguments(
                Array(argv.dropFirst()), flags: ["--help", "-h"],
                values: Set(["--output", "--test-case"]).union(DefinitionInput.valueOptions))
        } catch {
            Console.error("sfn mock-config init: \(error)\n\n\(usage)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.count == 1, let file = args.positional.first else {
            Console.error("sfn mock-config init: expected exactly one DEFINITION file\n\n\(usage)")
            return 2
        }
        guard let options = DefinitionInput.options(args, command: "mock-config init") else { return 2 }
        let source: DefinitionSource
        do { source = try DefinitionSource.read(file: file, options: options) } catch {
            Console.error(DefinitionInput.describe(error, file: file))
            return 2
        }
        let machine = options.stateMachine ?? source.stateMachineName ?? baseName(file)
        let config = MockConfigTemplate.make(
            for: source.definition, machine: machine, testCase: args.values["--test-case"] ?? "HappyPath")
        let text = JSONPrinter.pretty(config) + "\n"
        guard let output = args.values["--output"] else {
            print(text, terminator: "")
            return 0
        }
        do { try AtomicFile.write(text, to: output) } catch {
            Console.error("sfn mock-config init: \(error)")
            return 2
        }
        return 0
    }

    /// `orders.asl.json` → `orders`.
    static func baseName(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "StateMachine")
        for suffix in [".json", ".yaml", ".yml", ".asl"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        for suffix in [".asl"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name.isEmpty ? "StateMachine" : name
    }
}
