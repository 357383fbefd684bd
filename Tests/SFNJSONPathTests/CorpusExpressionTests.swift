import SFNJSON
import SFNJSONPath
import Testing

/// Every path and intrinsic call that AWS accepted in a recorded JSONPath-mode definition must
/// compile here.
@Suite struct CorpusExpressionTests {
    static let allAreas = [
        "api", "assign", "base", "callback", "choice", "comments", "context_object",
        "error_handling", "intrinsics", "local_mocking", "logs", "query_language",
        "scenarios", "services", "states_variables",
    ]

    /// (field, expression) pairs from the definitions, skipping JSONata states.
    static func expressions(in value: JSONValue, jsonata: Bool, depth: Int = 0, into out: inout [(String, String)]) {
        guard depth < 100 else { return }
        switch value {
        case .object(let o):
            var jsonata = jsonata
            if let ql = o["QueryLanguage"]?.stringValue { jsonata = ql == "JSONata" }
            for (k, v) in o {
                if !jsonata, case .string(let s) = v, k.hasSuffix(".$") || k.hasSuffix("Path") || k == "Variable",
                    s.hasPrefix("$") || s.hasPrefix("States.")
                {
                    out.append((k, s))
                } else {
                    expressions(in: v, jsonata: jsonata, depth: depth + 1, into: &out)
                }
            }
        case .array(let a):
            for v in a { expressions(in: v, jsonata: jsonata, depth: depth + 1, into: &out) }
        default:
            return
        }
    }

    @Test(.enabled(if: Conformance.sharedRoot != nil, "../shared/conformance is absent: no recorded expressions"))
    func everyRecordedExpressionCompiles() throws {
        let root = try #require(Conformance.sharedRoot)
        var found: [(String, String)] = []
        for area in Self.allAreas {
            let dir = root + "/conformance/aws/" + area
            for name in Conformance.listJSON(dir) {
                guard let text = Conformance.read(dir + "/" + name), let doc = try? JSONParser.parse(text),
                    let definition = doc["definition"]
                else { continue }
                let topJSONata = definition["QueryLanguage"]?.stringValue == "JSONata"
                Self.expressions(in: definition, jsonata: topJSONata, into: &found)
            }
        }
        #expect(found.count > 300)
        var compiled = 0
        for (field, text) in found {
            do {
                let e = try PathExpression.compile(text)
                compiled += 1
                if field == "ResultPath", case .path(let p) = e {
                    #expect(p.isReferencePath, "\(text)")
                }
            } catch {
                Issue.record("\(field): \(text) does not compile: \(error)")
            }
        }
        print("Compiled \(compiled) of \(found.count) recorded expressions")
    }
}
