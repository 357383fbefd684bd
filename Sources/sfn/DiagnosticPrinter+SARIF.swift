import SFNCore
import SFNJSON

/// SARIF 2.1.0, the format GitHub code scanning reads: one run of the tool "sfn", one rule per
/// diagnostic code met, one result per diagnostic with the file, line and column.
extension DiagnosticPrinter {
    static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func sarif(_ reports: [(file: String, report: ValidationReport)]) -> JSONValue {
        var ruleIds: [String] = []
        var results: [JSONValue] = []
        for (file, report) in reports {
            for d in report.diagnostics {
                if !ruleIds.contains(d.code.rawValue) { ruleIds.append(d.code.rawValue) }
                var region = JSONObject()
                if let l = d.location {
                    region["startLine"] = .int(l.line)
                    region["startColumn"] = .int(l.column)
                }
                var physical = JSONObject()
                physical["artifactLocation"] = .object(JSONObject([("uri", .string(artifactURI(file)))]))
                if !region.isEmpty { physical["region"] = .object(region) }
                var location = JSONObject()
                location["physicalLocation"] = .object(physical)
                if !d.pointer.isEmpty {
                    location["logicalLocations"] = .array([
                        .object(JSONObject([("fullyQualifiedName", .string(d.pointer))]))
                    ])
                }
                var result = JSONObject()
                result["ruleId"] = .string(d.code.rawValue)
                result["ruleIndex"] = .int(ruleIds.firstIndex(of: d.code.rawValue)!)
                result["level"] = .string(d.severity == .error ? "error" : "warning")
                result["message"] = .object(JSONObject([("text", .string(d.message))]))
                result["locations"] = .array([.object(location)])
                results.append(.object(result))
            }
        }
        var driver = JSONObject()
        driver["name"] = .string("sfn")
        driver["version"] = .string(Usage.version)
        driver["informationUri"] = .string(
            "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html")
        driver["rules"] = .array(
            ruleIds.map { id in
                .object(JSONObject([("id", .string(id)), ("name", .string(id))]))
            })
        var run = JSONObject()
        run["tool"] = .object(JSONObject([("driver", .object(driver))]))
        run["results"] = .array(results)
        var out = JSONObject()
        out["$schema"] = .string(sarifSchema)
        out["version"] = .string("2.1.0")
        out["runs"] = .array([.object(run)])
        return .object(out)
    }

    /// A relative path as a URI reference (SARIF wants URIs; GitHub resolves them against the
    /// repository root); standard input becomes "stdin".
    private static func artifactURI(_ file: String) -> String {
        if file == "-" { return "stdin" }
        var out = ""
        for byte in file.utf8 {
            let c = Unicode.Scalar(byte)
            let plain =
                (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
                || "-._~/".unicodeScalars.contains(c)
            out += plain ? String(c) : "%" + String(byte, radix: 16, uppercase: true).leftPadded()
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }
}
