import Foundation
import SFNCore
import SFNJSON

/// `sfn test PATH...`: runs conformance cases and reports what differed.
enum TestCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(argv, flags: ["--verbose", "-v", "--history", "--help", "-h"], values: [])
        } catch {
            Console.error("sfn test: \(error)\n\n\(Usage.test)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.test)
            return 0
        }
        guard !args.positional.isEmpty else {
            Console.error("sfn test: expected at least one PATH\n\n\(Usage.test)")
            return 2
        }
        var files: [String] = []
        for path in args.positional {
            guard let found = caseFiles(path) else {
                Console.error("sfn test: no such file or directory: \(path)")
                return 2
            }
            files += found
        }
        let verbose = args.has("--verbose") || args.has("-v")
        let checkHistory = args.has("--history")
        var passed = 0, failed = 0
        for file in files {
            let problem = await runCase(file, checkHistory: checkHistory)
            if let problem {
                failed += 1
                Console.out("FAIL \(problem)")
            } else {
                passed += 1
                if verbose { Console.out("ok   \(file)") }
            }
        }
        Console.out("\(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    /// Every *.json file under `path` (or `path` itself), sorted; nil when it does not exist.
    static func caseFiles(_ path: String) -> [String]? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { return [path] }
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix(".json") { out.append((path as NSString).appendingPathComponent(rel)) }
        }
        return out.sorted()
    }

    /// Runs one case; nil when it passed, else "name: what differed".
    static func runCase(_ file: String, checkHistory: Bool = false) async -> String? {
        let text: String
        switch Console.readFile(file) {
        case .success(let t): text = t
        case .failure(let m): return "\(file): \(m)"
        }
        let c: ConformanceCase
        do {
            c = try ConformanceCase(file: file, json: try JSONParser.parse(text))
        } catch let e as JSONParseError {
            return "\(file): not JSON (\(e))"
        } catch {
            return "\(file): not a case file (\(error))"
        }
        let machine: StateMachine
        do {
            machine = try StateMachine(definition: c.definition)
        } catch {
            return "\(c.name): the definition was refused: \(error.description)"
        }
        var options = ExecutionOptions()
        options.skipWaits = true
        options.stateMachineName = "Machine"
        options.awsLimits = true
        options.recordHistory = checkHistory
        // Case files never run local commands; their Task states answer from the mock config.
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        if let mock = c.mockConfig {
            do {
                try tasks.useMockConfig(mock, testCase: "Recorded", machine: "Machine")
            } catch {
                return "\(c.name): the mock config was refused: \(error)"
            }
        }
        options.tasks = tasks
        let result = await machine.run(input: c.input, options: options)
        if let problem = compare(c, result) { return "\(c.name): \(problem)" }
        if checkHistory, let expected = c.history, let actual = result.history,
           let problem = HistoryComparison.difference(expected: expected, actual: actual) {
            return "\(c.name): history differs: \(problem)"
        }
        return nil
    }

    static func compare(_ c: ConformanceCase, _ r: ExecutionResult) -> String? {
        let matcher = ExpectedMatcher(bareWildcards: c.bareWildcards)
        guard r.status.rawValue == c.expectedStatus else {
            var what = "expected status \(c.expectedStatus), got \(r.status.rawValue)"
            if r.status == .failed { what += " (\(r.error ?? "-"): \(r.cause ?? "-"))" }
            return what
        }
        if r.status == .succeeded {
            guard let expected = c.expectedOutput else { return nil }
            if let d = matcher.difference(expected: expected, actual: r.output ?? .null) {
                return "output differs \(d)"
            }
            return nil
        }
        if (c.expectedError ?? "") != (r.error ?? "") {
            return "expected error \(c.expectedError ?? "(none)"), got \(r.error ?? "(none)")"
        }
        let expectedCause = c.expectedCause ?? ""
        let actualCause = r.cause ?? ""
        if matcher.stringMatches(expected: expectedCause, actual: actualCause) { return nil }
        // Causes that AWS returned as JSON were stored parsed: compare them as JSON.
        if let e = try? JSONParser.parse(expectedCause), let a = try? JSONParser.parse(actualCause),
           e.objectValue != nil || e.arrayValue != nil {
            if let d = matcher.difference(expected: e, actual: a) { return "cause differs \(d)" }
            return nil
        }
        return "expected cause \(quoted(expectedCause)), got \(quoted(actualCause))"
    }

    static func quoted(_ s: String) -> String { JSONPrinter.compact(.string(s)) }
}
