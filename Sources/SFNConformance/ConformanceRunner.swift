import Foundation
import SFNCore
import SFNJSON

/// Runs conformance cases as `sfn test` does: the recorded definition on the recorded input, Task
/// states answered from the case's mock config (never by local commands), waits skipped, AWS's
/// payload limits on; then the status, output or error and cause, and optionally the history,
/// compared with the recording under the corpus's wildcard rules.
public struct ConformanceRunner: Sendable {
    /// Also compare the event sequence with the recorded history, where the case has one.
    public var checkHistory: Bool

    /// How long one execution may take in real time before it is stopped and fails.
    public var realTimeLimitSeconds: Double

    /// AWS's history quota, as `sfn test` keeps it (0: none).
    public var maxHistoryEvents: Int

    public init(
        checkHistory: Bool = false, realTimeLimitSeconds: Double = 60,
        maxHistoryEvents: Int = ExecutionOptions.awsMaxHistoryEvents
    ) {
        self.checkHistory = checkHistory
        self.realTimeLimitSeconds = realTimeLimitSeconds
        self.maxHistoryEvents = maxHistoryEvents
    }

    /// Every *.json file under `path` (or `path` itself), sorted; nil when it does not exist.
    public static func caseFiles(_ path: String) -> [String]? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { return [path] }
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            // Definitions beside the cases (NAME.asl.json) are not cases.
            if rel.hasSuffix(".json") && !rel.hasSuffix(".asl.json") {
                out.append((path as NSString).appendingPathComponent(rel))
            }
        }
        return out.sorted()
    }

    /// Runs the cases that `file` holds as `text`; nil when all passed, else the first failure.
    public func run(caseText text: String, file: String) async -> CaseFailure? {
        switch CaseFile.cases(file: file, text: text) {
        case .failure(let f): return f
        case .success(let cases):
            for c in cases {
                if let f = await run(c) { return f }
            }
            return nil
        }
    }

    /// Runs one parsed case; nil when it passed.
    public func run(_ c: ConformanceCase) async -> CaseFailure? {
        let machine: StateMachine
        do {
            machine = try StateMachine(definition: c.definition)
        } catch {
            return CaseFailure(c.name, "the definition was refused: \(error.description)")
        }
        if let problem = AWSQuotas.definitionProblem(c.definition) {
            return CaseFailure(c.name, problem)
        }
        var options = ExecutionOptions()
        // Waits and back-offs cost no time; timestamps still show the time they would take. Case
        // files run nothing real (Tasks answer from mocks), so the clock moves by waits alone and
        // timestamps do not depend on the machine's load.
        let clock: VirtualClock
        if let start = c.startTime {
            guard let fixed = VirtualClock(startTime: start, followsRealTime: false) else {
                return CaseFailure(c.name, "startTime '\(start)' is not an ISO 8601 timestamp")
            }
            clock = fixed
        } else {
            clock = VirtualClock(followsRealTime: false)
        }
        options.useVirtualClock(clock)
        options.stateMachineName = c.stateMachine ?? "Machine"
        options.awsLimits = true
        options.maxHistoryEvents = maxHistoryEvents
        options.recordHistory = checkHistory
        // Case files never run local commands; their Task states answer from the mock config.
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        if let mock = c.mockConfig {
            do {
                if let testCase = c.testCase {
                    try tasks.useMockConfig(mock, testCase: testCase, machine: c.stateMachine)
                } else {
                    try tasks.useMockConfig(mock, testCase: "Recorded", machine: "Machine")
                }
            } catch {
                return CaseFailure(c.name, "the mock config was refused: \(error.cause ?? error.error.rawValue)")
            }
        } else if let testCase = c.testCase {
            return CaseFailure(c.name, "testCase '\(testCase)' names a mock test case, but the file has no mockConfig")
        }
        options.tasks = tasks
        // Time is virtual, so a machine that loops without ever waiting would never reach its
        // TimeoutSeconds: a real-time limit stops it instead.
        let execution = machine.start(input: c.input, options: options)
        let limit = realTimeLimitSeconds
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(limit * 1e9))
            execution.stop()
        }
        let result = await execution.result
        watchdog.cancel()
        if result.status == .aborted {
            return CaseFailure(c.name, "did not finish within \(Int(limit)) s of real time (a loop that never waits?)")
        }
        if let problem = Self.compare(c, result) { return CaseFailure(c.name, problem) }
        if checkHistory, let expected = c.history, let actual = result.history,
            let problem = HistoryComparison.difference(expected: expected, actual: actual)
        {
            return CaseFailure(c.name, "history differs: \(problem)")
        }
        return nil
    }

    /// What differs between the recorded outcome and `r`, or nil.
    public static func compare(_ c: ConformanceCase, _ r: ExecutionResult) -> String? {
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
            e.objectValue != nil || e.arrayValue != nil
        {
            if let d = matcher.difference(expected: e, actual: a) { return "cause differs \(d)" }
            return nil
        }
        return "expected cause \(quoted(expectedCause)), got \(quoted(actualCause))"
    }

    static func quoted(_ s: String) -> String { JSONPrinter.compact(.string(s)) }
}

/// A case that did not pass: its name (the file, when it could not be read as a case) and what
/// differed. Its description is the line `sfn test` prints after FAIL.
public struct CaseFailure: Error, Sendable, CustomStringConvertible {
    public var caseName: String
    public var problem: String

    public init(_ caseName: String, _ problem: String) {
        self.caseName = caseName
        self.problem = problem
    }

    public var description: String { "\(caseName): \(problem)" }
}
