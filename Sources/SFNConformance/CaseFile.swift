import Foundation
import SFNJSON

/// A case file as users write it: the conformance format (one execution), or several executions
/// of one definition under `executions`, each with its own name, input, mock test case and
/// expectation. Members of the file (definition, mockConfig, notes, stateMachine, startTime) are
/// shared; an execution's own members override them. A `definition` given as a string is the
/// path of the definition file, relative to the case file.
public enum CaseFile {
    /// The cases `text` holds; a CaseFailure names the file and says what is wrong.
    public static func cases(file: String, text: String) -> Result<[ConformanceCase], CaseFailure> {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            return .failure(CaseFailure(file, "not JSON (\(error.line):\(error.column): \(error.message))"))
        }
        guard case .object(var shared) = json else { return .failure(CaseFailure(file, "not a case object")) }
        if case .string(let path)? = shared["definition"] {
            switch readDefinition(path, beside: file) {
            case .success(let d): shared["definition"] = d
            case .failure(let f): return .failure(f)
            }
        }
        guard case .array(let executions)? = shared["executions"] else {
            do {
                return .success([try ConformanceCase(file: file, json: .object(shared))])
            } catch {
                return .failure(CaseFailure(file, "not a case file (\(error))"))
            }
        }
        shared["executions"] = nil
        let fileName = shared["name"]?.stringValue ?? file
        var out: [ConformanceCase] = []
        for (i, e) in executions.enumerated() {
            guard case .object(let own) = e else {
                return .failure(CaseFailure(file, "executions[\(i)]: not an object"))
            }
            var merged = shared
            for (k, v) in own { merged[k] = v }
            merged["name"] = .string(fileName + " / " + (own["name"]?.stringValue ?? "execution \(i + 1)"))
            do {
                out.append(try ConformanceCase(file: file, json: .object(merged)))
            } catch {
                return .failure(CaseFailure(file, "executions[\(i)]: \(error)"))
            }
        }
        return .success(out)
    }

    private static func readDefinition(_ path: String, beside file: String) -> Result<JSONValue, CaseFailure> {
        let full =
            path.hasPrefix("/")
            ? path : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full), let text = String(data: data, encoding: .utf8)
        else {
            return .failure(CaseFailure(file, "cannot read the definition '\(full)'"))
        }
        do {
            return .success(try JSONParser.parse(text))
        } catch {
            return .failure(
                CaseFailure(file, "the definition \(full):\(error.line):\(error.column) is not JSON: \(error.message)"))
        }
    }
}
