import SFNCore
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn validate [--format text|json|sarif] FILE...`: the verdict as linters give one: exit 0 when
/// every file is valid, 1 when one is invalid, 2 when one cannot be read or is not JSON or YAML (or
/// the arguments are wrong).
enum ValidateCommand {
    enum Format: String { case text, json, sarif }

    static let usage = """
        Usage: sfn validate [--format text|json|sarif] [--warnings-as-errors] [--aws-limits]
                            [--substitute NAME=VALUE]... [--substitutions FILE]
                            [--state-machine NAME] [--policy FILE]
                            [--aws [--resources FILE] [--s3-root DIR]] DEFINITION...

        Checks each DEFINITION the way AWS's ValidateStateMachineDefinition does, without running
        it, and prints every problem as a compiler does: FILE:LINE:COLUMN: error: message [CODE],
        the source line and a caret under the spot. DEFINITION may be "-" for standard input, a
        pipe or a process substitution.

        Options:
          --format FORMAT        text (default), json (AWS's response shape, with line and
                                 column) or sarif (SARIF 2.1.0, for GitHub code scanning)
          --json                 Short for --format json
          --warnings-as-errors   Count warnings as errors: a definition with one is invalid
          --aws-limits           Also refuse a definition over AWS's 1 MiB quota
                                 (DEFINITION_TOO_LARGE)
          --policy FILE          List every Task the IAM policy in FILE does not allow (exit 1)
          --policies FILE        Role ARNs mapped to policy documents; --role-arn ARN picks one
        \(awsHelp)
        \(DefinitionInput.help)
          -h, --help             Show this help

        Examples:
          sfn validate definitions/hello.asl.json
          sfn validate --format sarif definitions/*.asl.json > sfn.sarif
          sfn validate --aws definitions/to-aws/orders.asl.json --resources definitions/to-aws/resources.json

        Exit status: 0 every definition is valid (warnings allowed), 1 some definition is
        invalid, 2 bad usage or a file that cannot be read or is not JSON or YAML.
        """

    static func main(_ arguments: [String]) -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                arguments,
                flags: Set(["--json", "--warnings-as-errors", "--aws-limits", "-h", "--help"]).union(awsFlags),
                values: DefinitionInput.valueOptions.union(["--format"]).union(PolicyCheck.values).union(awsValues))
        } catch { return usageError(error.description) }
        if args.has("-h") || args.has("--help") {
            print(usage)
            return 0
        }
        var format = Format.text
        if args.has("--json") { format = .json }
        if let name = args.values["--format"] {
            guard let f = Format(rawValue: name) else {
                let hint = Suggestion.hint(name, in: ["text", "json", "sarif"])
                return usageError("unknown format '\(name)'\(hint): text, json or sarif")
            }
            format = f
        }
        let files = args.positional
        if files.isEmpty { return usageError("no definition file given") }
        guard let sourceOptions = DefinitionInput.options(args, command: "validate") else { return 2 }
        let role: ExecutionRole?
        switch RunSafety.executionRole(args) {
        case .success(let r): role = r
        case .failure(let failure): return usageError(failure.description)
        }
        let aws: AWSCheck?
        switch AWSCheck.from(args) {
        case .success(let check): aws = check
        case .failure(let failure): return usageError(failure.description)
        }

        var status: Int32 = 0
        var results: [(file: String, report: ValidationReport, text: String?)] = []
        var local: [[LocalOnlyFinding]] = []
        for file in files {
            var (report, shownFile, text, definition, locations) = validate(file, sourceOptions)
            if args.has("--aws-limits"), let d = definition, let problem = AWSQuotas.definitionProblem(d) {
                report.diagnostics.append(Diagnostic(code: "DEFINITION_TOO_LARGE", message: problem, pointer: ""))
            }
            if format != .json {
                report.diagnostics = DiagnosticRefinement.refine(
                    report.diagnostics, definition: definition, source: text)
            }
            local.append(aws?.findings(definition, locations) ?? [])
            report.diagnostics += local[local.count - 1].map(LocalOnlyText.diagnostic)
            if args.has("--warnings-as-errors") {
                report.diagnostics = report.diagnostics.map { d in
                    var e = d
                    e.severity = .error
                    return e
                }
            }
            if report.isUnreadable { status = 2 } else if !report.isValid, status == 0 { status = 1 }
            results.append((shownFile, report, text))
            // Tasks the role may not run would fail when they run: listed, status 1.
            let denied = role.flatMap { r in definition.map { PolicyCheck.denials($0, role: r) } } ?? []
            for d in denied { writeError("\(shownFile): \(d.pointer): Task '\(d.state)' is not allowed: \(d.message)") }
            if !denied.isEmpty, status == 0 { status = 1 }
            guard format == .text else { continue }
            for d in report.diagnostics {
                writeError(DiagnosticPrinter.text(d, file: shownFile, source: text))
            }
            let e = report.errors.count
            let w = report.warnings.count
            if report.isValid, !denied.isEmpty {
                writeError(
                    "\(file): valid, but the role may not run \(denied.count) Task\(denied.count == 1 ? "" : "s")")
            } else if report.isValid {
                print("\(file): valid" + (w > 0 ? " (\(w) warning\(w == 1 ? "" : "s"))" : ""))
            } else {
                writeError(
                    "\(file): invalid: \(e) error\(e == 1 ? "" : "s")"
                        + (w > 0 ? ", \(w) warning\(w == 1 ? "" : "s")" : ""))
            }
        }
        switch format {
        case .text: break
        case .json:
            let reports = zip(results, local).map { result, findings in
                let report = DiagnosticPrinter.json(result.report, file: files.count > 1 ? result.file : nil)
                return awsJSON(report, findings: findings)
            }
            print(JSONPrinter.pretty(reports.count == 1 ? reports[0] : .array(reports)))
        case .sarif:
            print(JSONPrinter.pretty(DiagnosticPrinter.sarif(results.map { ($0.file, $0.report) })))
        }
        return status
    }

    /// The report of one file, the file name its diagnostics point into (a template's own for a
    /// definition read from it) and the text their lines and columns count in.
    private static func validate(_ file: String, _ options: DefinitionSourceOptions)
        -> (ValidationReport, String, String?, JSONValue?, SourceLocations?)
    {
        guard let text = readFile(file) else {
            let d = Diagnostic(code: .missingDescription, message: "cannot read '\(file)'", pointer: "")
            return (ValidationReport(diagnostics: [d]), file, nil, nil, nil)
        }
        // JSON, YAML or a template through DefinitionSource; a placeholder nothing filled is a warning.
        switch Result(catching: { () throws(DefinitionSourceError) in
            try DefinitionSource.read(text: text, file: file, options: options)
        }) {
        case .success(let source):
            let shownText = source.file == file ? text : readFile(source.file)
            return (source.validationReport(), source.file, shownText, source.definition, source.locations)
        case .failure(let error):
            let code: DiagnosticCode = error.location == nil ? .missingDescription : .invalidJSON
            let d = Diagnostic(code: code, message: error.message, pointer: "", location: error.location)
            return (ValidationReport(diagnostics: [d]), file, text, nil, nil)
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        writeError("sfn validate: \(message)\n\n\(usage)")
        return 2
    }

    static func writeError(_ s: String) {
        var line = s
        line += "\n"
        line.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = write(2, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    /// Reads a whole file ("-" is standard input) as UTF-8; nil when it cannot be read.
    static func readFile(_ path: String) -> String? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { if path != "-" { close(fd) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
