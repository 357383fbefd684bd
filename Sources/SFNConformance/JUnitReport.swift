import Foundation

/// The outcome of one case of a suite run, as reports show it.
public struct CaseResult: Sendable {
    public var name: String
    public var file: String
    /// What differed; nil when the case passed.
    public var failure: String?
    public var seconds: Double

    public init(name: String, file: String, failure: String?, seconds: Double) {
        self.name = name
        self.file = file
        self.failure = failure
        self.seconds = seconds
    }
}

/// JUnit XML as GitHub Actions, GitLab and Jenkins read it: one <testsuite> per case file, one
/// <testcase> per execution, and a <failure> whose message is the first line of what differed
/// and whose text is all of it.
public enum JUnitReport {
    public static func xml(_ results: [CaseResult], name: String = "sfn test", timestamp: Date = Date()) -> String {
        var files: [String] = []
        var byFile: [String: [CaseResult]] = [:]
        for r in results {
            if byFile[r.file] == nil { files.append(r.file) }
            byFile[r.file, default: []].append(r)
        }
        let stamp = ISO8601DateFormatter().string(from: timestamp)
        let failures = results.filter { $0.failure != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(escape(name))\" tests=\"\(results.count)\" failures=\"\(failures)\""
        out += " errors=\"0\" time=\"\(seconds(results.reduce(0) { $0 + $1.seconds }))\">\n"
        for file in files {
            let cases = byFile[file] ?? []
            let failed = cases.filter { $0.failure != nil }.count
            out += "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(failed)\""
            out += " errors=\"0\" skipped=\"0\" time=\"\(seconds(cases.reduce(0) { $0 + $1.seconds }))\""
            out += " timestamp=\"\(stamp)\">\n"
            for c in cases {
                out += "    <testcase name=\"\(escape(c.name))\" classname=\"\(escape(file))\""
                out += " time=\"\(seconds(c.seconds))\""
                guard let failure = c.failure else {
                    out += "/>\n"
                    continue
                }
                let first =
                    failure.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                out += ">\n      <failure message=\"\(escape(first))\" type=\"mismatch\">"
                out += escape(failure) + "</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }

    /// Text for an attribute or element: markup characters escaped, and characters XML 1.0
    /// cannot hold at all (most control characters) replaced by U+FFFD.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n": out.unicodeScalars.append(u)
            case "\r": out += "&#13;"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
