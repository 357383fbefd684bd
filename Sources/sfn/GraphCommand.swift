import SFNCore
import SFNGraph
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn graph DEFINITION [--format svg|html|dot|mermaid] [--output FILE] [--history FILE]`:
/// draws the definition, and with a history (a file, or a recorded execution) the execution over it.
enum GraphCommand {
    static let usage = """
        Usage: sfn graph DEFINITION [--format svg|html|dot|mermaid] [--output FILE]
                         [--history FILE | --execution NAME [--store PATH]] [--title TEXT]
               sfn graph --execution NAME [--store PATH] [--format F] [--output FILE]

        Draws the state machine in DEFINITION: one box per state, shaped and coloured by type,
        Choice rules and Catch error names on their edges, Retry badges, Parallel branches and
        Map processors in frames. The layout is sfn's own; no other tool is needed.

        Options:
          --format F       svg (the default), html (one self-contained page with pan, zoom and a
                           side panel), dot (Graphviz) or mermaid; html when FILE ends in .html
          --output FILE    Write to FILE (through a temporary file and a rename) instead of
                           standard output
          --history FILE   Colour the states by what one execution did: FILE is the
                           {"events": [...]} of GetExecutionHistory, as `sfn run --history`
                           writes it
          --execution NAME Colour the states by what a recorded execution did (a unique prefix
                           of its name will do); without DEFINITION, draws the definition it ran
          --store PATH     The store to read it from (default $SFN_STORE, else .sfn/sfn.db)
          --title TEXT     The picture's title (default: the file name)
          -h, --help       Show this help


        Examples:
          sfn graph definitions/order-fulfilment.asl.json --output order.html

        Exit status: 0 drawn, 2 bad usage, unreadable file or a definition that cannot be loaded.
        """

    static func main(_ args: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(
                args, flags: ["--help", "-h"],
                values: [
                    "--format", "--output", "-o", "--history",
                    "--execution", "--store", "--title",
                ])
        } catch {
            return usage(error.description)
        }
        if parsed.has("--help") || parsed.has("-h") {
            print(usage)
            return 0
        }
        let stored = parsed.values["--execution"].map { storedExecution($0, args: parsed) }
        if let stored, stored == nil { return 2 }
        guard parsed.positional.count == 1 || (parsed.positional.isEmpty && stored != nil) else {
            return usage(parsed.positional.isEmpty ? "no definition file given" : "give one definition file")
        }
        if stored != nil && parsed.values["--history"] != nil {
            return usage("give --history FILE or --execution NAME, not both")
        }
        let definitionPath = parsed.positional.first ?? (parsed.values["--execution"] ?? "execution")
        let output = parsed.values["--output"] ?? parsed.values["-o"]
        let format: GraphFormat
        if let name = parsed.values["--format"] {
            guard let f = GraphFormat(rawValue: name) else {
                return usage("unknown format '\(name)' (svg, html, dot or mermaid)")
            }
            format = f
        } else {
            format =
                output.map { $0.lowercased().hasSuffix(".html") || $0.lowercased().hasSuffix(".htm") } == true
                ? .html : .svg
        }
        let text: String
        if parsed.positional.isEmpty, let stored = stored ?? nil {
            text = stored.definition
        } else {
            switch definitionPath == "-" ? Console.readStandardInput() : Console.readFile(definitionPath) {
            case .success(let t): text = t
            case .failure(let f):
                Console.error("sfn graph: \(f)")
                return 2
            }
        }
        let machine: StateMachine
        do {
            machine = try StateMachine.load(text).machine
        } catch {
            for d in error.diagnostics { Console.error(DiagnosticPrinter.text(d, file: definitionPath)) }
            Console.error("sfn graph: \(definitionPath): the definition cannot be loaded")
            return 2
        }
        var overlay: ExecutionOverlay? = (stored ?? nil)?.overlay
        if let historyPath = parsed.values["--history"] {
            switch Console.readFile(historyPath) {
            case .success(let t):
                do {
                    overlay = try ExecutionOverlay.parse(t)
                } catch {
                    Console.error("sfn graph: \(historyPath): \(error)")
                    return 2
                }
            case .failure(let f):
                Console.error("sfn graph: \(f)")
                return 2
            }
        }
        let title = parsed.values["--title"] ?? (definitionPath == "-" ? nil : baseName(definitionPath))
        let graph = WorkflowGraph(
            machine.definition, source: try? JSONParser.parse(text), overlay: overlay, title: title)
        let picture = graph.render(format)
        guard let output, output != "-" else {
            print(picture, terminator: "")
            return 0
        }
        do { try AtomicFile.write(picture, to: output) } catch {
            Console.error("sfn graph: \(error)")
            return 2
        }
        return 0
    }

    private static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    private static func usage(_ message: String) -> Int32 {
        Console.error("sfn graph: \(message)\n\n\(usage)")
        return 2
    }
}
