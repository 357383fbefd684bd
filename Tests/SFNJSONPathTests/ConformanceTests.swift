import SFNJSON
import SFNJSONPath
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the recorded AWS cases that are a single JSONPath Pass state with Parameters: the `.$`
/// fields are evaluated with this module and compared with what AWS produced.
struct ConformanceCase: CustomStringConvertible, Sendable {
    let name: String
    let file: String
    var description: String { name }
}

enum Conformance {
    /// The shared data directory: `../shared` from the package root, or from one of its parents
    /// (worktrees sit one level deeper than the main checkout).
    static let sharedRoot: String? = {
        var dir = String(#filePath)
        for _ in 0..<3 { dir = parent(dir) }  // file -> SFNJSONPathTests -> Tests -> package root
        for _ in 0..<3 {
            let candidate = parent(dir) + "/shared"
            if isDirectory(candidate + "/conformance/aws") { return candidate }
            dir = parent(dir)
        }
        return nil
    }()

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let d = opendir(path) else { return false }
        closedir(d)
        return true
    }

    static func listJSON(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".json") { names.append(name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let areas = ["intrinsics", "base", "scenarios", "comments"]

    /// Empty when ../shared is absent (the tests that use them are then skipped).
    static let cases: [ConformanceCase] = {
        guard let root = sharedRoot else { return [] }
        var out: [ConformanceCase] = []
        for area in areas {
            let dir = root + "/conformance/aws/" + area
            for name in listJSON(dir) {
                // Only cases this module can run alone: one JSONPath Pass state with Parameters.
                guard let text = read(dir + "/" + name), let doc = try? JSONParser.parse(text),
                    let definition = doc["definition"], passState(definition) != nil
                else { continue }
                out.append(ConformanceCase(name: area + "/" + name, file: dir + "/" + name))
            }
        }
        return out
    }()

    /// The single Pass state with Parameters in JSONPath mode, or nil when the case needs more
    /// than this module (several states, JSONata, tasks).
    static func passState(_ definition: JSONValue) -> JSONObject? {
        guard definition["QueryLanguage"]?.stringValue != "JSONata",
            case .object(let states)? = definition["States"], states.count == 1,
            case .object(let state) = states.value(at: 0),
            state["Type"] == "Pass", state["Parameters"] != nil,
            state["QueryLanguage"]?.stringValue != "JSONata"
        else { return nil }
        return state
    }

    static func context(input: JSONValue) -> JSONValue {
        [
            "Execution": [
                "Id": "arn:aws:states:us-east-1:111111111111:execution:machine-name:exec-name",
                "Input": input, "Name": "exec-name", "RoleArn": "snf_role_arn",
                "StartTime": "2024-01-01T00:00:00.000Z",
            ],
            "State": ["EnteredTime": "2024-01-01T00:00:00.000Z", "Name": "State0", "RetryCount": 0],
            "StateMachine": [
                "Id": "arn:aws:states:us-east-1:111111111111:stateMachine:machine-name",
                "Name": "machine-name",
            ],
        ]
    }

    enum Outcome {
        case value(JSONValue)
        case failure(PathExpressionFailure)
        case unsupported(String)
    }

    /// Builds the Parameters payload the way the interpreter will.
    static func payload(_ template: JSONValue, _ env: PathEnvironment, depth: Int = 0) -> Outcome {
        guard depth < 64 else { return .unsupported("template too deep") }
        switch template {
        case .object(let o):
            var out = JSONObject()
            for (key, value) in o {
                if key.hasSuffix(".$"), case .string(let text) = value {
                    let expression: PathExpression
                    do { expression = try PathExpression.compile(text) } catch {
                        return .unsupported("does not compile: \(text): \(error)")
                    }
                    switch expression.evaluate(in: env) {
                    case .success(let v): out[String(key.dropLast(2))] = v
                    case .failure(let f): return .failure(f)
                    }
                } else {
                    switch payload(value, env, depth: depth + 1) {
                    case .value(let v): out[key] = v
                    case let other: return other
                    }
                }
            }
            return .value(.object(out))
        case .array(let a):
            var out: [JSONValue] = []
            for v in a {
                switch payload(v, env, depth: depth + 1) {
                case .value(let x): out.append(x)
                case let other: return other
                }
            }
            return .value(.array(out))
        default:
            return .value(template)
        }
    }

    /// Runs InputPath, Parameters, ResultPath and OutputPath of the one Pass state.
    static func run(_ state: JSONObject, input: JSONValue) -> Outcome {
        let context = context(input: input)
        func path(_ field: String) -> JSONPath?? {
            guard let v = state[field] else { return .some(nil) }
            guard case .string(let text) = v, let p = try? JSONPath(text) else { return nil }
            return .some(p)
        }
        guard let inputPath = path("InputPath"), let resultPath = path("ResultPath"),
            let outputPath = path("OutputPath")
        else { return .unsupported("null or odd I/O paths") }
        var effective = input
        if let p = inputPath {
            switch p.evaluate(in: PathEnvironment(input: input, context: context)) {
            case .success(let v): effective = v
            case .failure(let f): return .failure(.pathNotFound(path: p.text, failure: f))
            }
        }
        let env = PathEnvironment(input: effective, context: context)
        guard case .value(let result) = payload(state["Parameters"]!, env) else {
            return payload(state["Parameters"]!, env)
        }
        var output = result
        if let p = resultPath {
            switch p.setting(result, in: input) {
            case .success(let v): output = v
            case .failure(let f): return .failure(.intrinsicFailure(cause: "ResultPath: \(f.message)"))
            }
        }
        if let p = outputPath {
            switch p.evaluate(output) {
            case .success(let v): output = v
            case .failure(let f): return .failure(.pathNotFound(path: p.text, failure: f))
            }
        }
        return .value(output)
    }

    /// Equality where a recorded `<placeholder>` inside a string matches any text and a bare
    /// wildcard word named in the notes matches any value.
    static func matches(_ actual: JSONValue, _ expected: JSONValue, wildcards: Set<String>) -> Bool {
        switch (actual, expected) {
        case (_, .string(let e)) where wildcards.contains(e): return true
        case (.string(let a), .string(let e)) where e.contains("<"): return glob(a, e)
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { matches($0, $1, wildcards: wildcards) }
        case (.object(let a), .object(let e)):
            return a.count == e.count
                && e.allSatisfy { k, v in a[k].map { matches($0, v, wildcards: wildcards) } ?? false }
        default:
            return actual == expected
        }
    }

    /// Literal text must match exactly; each `<...>` matches one or more characters.
    static func glob(_ text: String, _ pattern: String) -> Bool {
        var parts: [String] = []
        var literal = ""
        var i = pattern.startIndex
        while i < pattern.endIndex {
            if pattern[i] == "<", let close = pattern[i...].firstIndex(of: ">") {
                parts.append(literal)
                literal = ""
                i = pattern.index(after: close)
            } else {
                literal.append(pattern[i])
                i = pattern.index(after: i)
            }
        }
        parts.append(literal)
        return globMatch(Array(text), parts.map { Array($0) }, 0, 0)
    }

    static func globMatch(_ t: [Character], _ parts: [[Character]], _ ti: Int, _ pi: Int) -> Bool {
        let part = parts[pi]
        guard ti + part.count <= t.count, Array(t[ti..<(ti + part.count)]) == part else { return false }
        let next = ti + part.count
        if pi == parts.count - 1 { return next == t.count }
        if next >= t.count { return false }
        for start in (next + 1)...t.count where globMatch(t, parts, start, pi + 1) { return true }
        return false
    }
}

@Suite struct ConformanceSuite {
    @Test(.enabled(if: Conformance.sharedRoot != nil, "../shared/conformance is absent: conformance cases not run"))
    func sharedCasesAreFound() {
        #expect(Conformance.cases.count >= 150)
    }

    @Test(
        .enabled(if: Conformance.sharedRoot != nil, "../shared/conformance is absent: conformance cases not run"),
        arguments: Conformance.cases)
    func recordedCase(_ testCase: ConformanceCase) throws {
        guard let text = Conformance.read(testCase.file) else { Issue.record("unreadable"); return }
        let doc = try JSONParser.parse(text)
        let state = try #require(doc["definition"].flatMap(Conformance.passState))
        let input = doc["input"] ?? .object(JSONObject())
        guard let expected = doc["expected"] else { return }
        var wildcards: Set<String> = []
        if let notes = doc["notes"]?.stringValue, notes.contains("RandomNumberGenerated") {
            wildcards.insert("RandomNumberGenerated")
        }
        let outcome = Conformance.run(state, input: input)
        switch (outcome, expected["status"]?.stringValue) {
        case (.unsupported(let why), _):
            Issue.record("\(testCase.name): \(why)")
        case (.value(let v), "SUCCEEDED"):
            let want = expected["output"] ?? .null
            #expect(
                Conformance.matches(v, want, wildcards: wildcards),
                "\(testCase.name): got \(JSONPrinter.compact(v)), AWS gave \(JSONPrinter.compact(want))")
        case (.failure(let f), "FAILED"):
            switch (f, expected["error"]?.stringValue) {
            case (.pathNotFound, "States.Runtime"), (.intrinsicFailure, "States.IntrinsicFailure"): break
            default: Issue.record("\(testCase.name): failed with \(f), AWS gave \(expected["error"] ?? .null)")
            }
        case (.value(let v), _):
            Issue.record(
                "\(testCase.name): succeeded with \(JSONPrinter.compact(v)), AWS failed: \(JSONPrinter.compact(expected))"
            )
        case (.failure(let f), _):
            Issue.record("\(testCase.name): failed with \(f), AWS succeeded")
        }
    }

    @Test func mathRandomStaysInRange() throws {
        // AWS's recorded values are wildcards; check the documented range instead.
        for (start, end) in [(12.5, 44.51), (9999, 99999), (-99999, -9999)] as [(Double, Double)] {
            let call = try IntrinsicCall("States.MathRandom($.a, $.b)")
            for r in [UInt64(0), 1, .max, 123_456_789] {
                let env = PathEnvironment(input: ["a": .number(start), "b": .number(end)], random: { r })
                let v = try call.evaluate(in: env).get()
                let n = try #require(v.intValue)
                #expect(Double(n) >= start.rounded(.down) && Double(n) < end.rounded(.up), "\(n) for \(start)..\(end)")
            }
        }
    }
}
