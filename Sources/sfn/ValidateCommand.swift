import SFNCore
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn validate [--format text|json] FILE...`: exit 0 when every file is valid, 1 when one is
/// invalid, 2 when one cannot be read or is not JSON (or the arguments are wrong).
enum ValidateCommand {
    enum Format { case text, json }

    static let usage = """
        usage: sfn validate [--format text|json] [--substitute NAME=VALUE]... [--substitutions FILE]
                            [--state-machine NAME] FILE...
        """

    static func main(_ arguments: [String]) -> Int32 {
        var format = Format.text
        var files: [String] = []
        var sourceArguments: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            let name = a.hasPrefix("--") ? String(a.prefix { $0 != "=" }) : a
            if DefinitionInput.valueOptions.contains(name) {
                sourceArguments.append(a)
                if name == a, i + 1 < arguments.count {
                    i += 1
                    sourceArguments.append(arguments[i])
                }
                i += 1
                continue
            }
            switch a {
            case "--format":
                guard i + 1 < arguments.count else { return usageError("--format needs a value") }
                i += 1
                format = arguments[i] == "json" ? .json : .text
                if arguments[i] != "json", arguments[i] != "text" {
                    return usageError("unknown format '\(arguments[i])'")
                }
            case "--format=json": format = .json
            case "--format=text": format = .text
            case "-h", "--help":
                print(usage)
                return 0
            default:
                if a.hasPrefix("-"), a != "-" { return usageError("unknown option '\(a)'") }
                files.append(a)
            }
            i += 1
        }
        if files.isEmpty { return usageError("no definition file given") }
        let sourceOptions: DefinitionSourceOptions
        do {
            let parsed = try Arguments(sourceArguments, flags: [], values: DefinitionInput.valueOptions)
            guard let o = DefinitionInput.options(parsed, command: "validate") else { return 2 }
            sourceOptions = o
        } catch { return usageError(error.description) }

        var status: Int32 = 0
        var jsonReports: [JSONValue] = []
        for file in files {
            var report: ValidationReport
            var shownFile = file
            guard let text = readFile(file) else {
                let message = "cannot read '\(file)'"
                if format == .json {
                    let d = Diagnostic(code: .missingDescription, message: message, pointer: "")
                    jsonReports.append(DiagnosticPrinter.json(ValidationReport(diagnostics: [d]), file: file))
                } else {
                    writeError("\(file): error: \(message)")
                }
                status = 2
                continue
            }
            // JSON, YAML or a template through DefinitionSource; a placeholder nothing filled is a warning.
            switch Result(catching: { () throws(DefinitionSourceError) in
                try DefinitionSource.read(text: text, file: file, options: sourceOptions)
            }) {
            case .success(let source):
                report = source.validationReport()
                shownFile = source.file
            case .failure(let error):
                let code: DiagnosticCode = error.location == nil ? .missingDescription : .invalidJSON
                let d = Diagnostic(code: code, message: error.message, pointer: "", location: error.location)
                report = ValidationReport(diagnostics: [d])
            }
            if report.isUnreadable { status = 2 } else if !report.isValid, status == 0 { status = 1 }
            switch format {
            case .text:
                for d in report.diagnostics {
                    writeError(DiagnosticPrinter.text(d, file: shownFile))
                }
                let e = report.errors.count
                let w = report.warnings.count
                if report.isValid {
                    print("\(file): valid" + (w > 0 ? " (\(w) warning\(w == 1 ? "" : "s"))" : ""))
                } else {
                    writeError(
                        "\(file): invalid: \(e) error\(e == 1 ? "" : "s")"
                            + (w > 0 ? ", \(w) warning\(w == 1 ? "" : "s")" : ""))
                }
            case .json:
                jsonReports.append(DiagnosticPrinter.json(report, file: files.count > 1 ? file : nil))
            }
        }
        if format == .json {
            print(JSONPrinter.pretty(jsonReports.count == 1 ? jsonReports[0] : .array(jsonReports)))
        }
        return status
    }

    private static func usageError(_ message: String) -> Int32 {
        writeError("sfn validate: \(message)\n\(usage)")
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
