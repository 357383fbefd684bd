import Foundation
import SFNConformance
import SFNJSON
import Testing

/// The user case-file format: several executions per file with named mock test cases, a fixed
/// start time on the virtual clock, and the real-time limit that stops a loop that never waits.
struct CaseFileTests {
    static let definition: JSONValue = [
        "StartAt": "Wait",
        "States": [
            "Wait": ["Type": "Wait", "Seconds": 86400, "Next": "Call"],
            "Call": [
                "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "ResultPath": "$.r", "Next": "Look",
            ],
            "Look": ["Type": "Pass", "Parameters": ["at.$": "$$.State.EnteredTime", "r.$": "$.r"], "End": true],
        ],
    ]

    static let mockConfig: JSONValue = [
        "StateMachines": ["M": ["TestCases": ["Happy": ["Call": "Ok"], "Sad": ["Call": "Err"]]]],
        "MockedResponses": [
            "Ok": ["0": ["Return": ["ok": true]]],
            "Err": ["0": ["Throw": ["Error": "Bad", "Cause": "no"]]],
        ],
    ]

    static func file(_ executions: [JSONValue], extra: [(String, JSONValue)] = []) -> String {
        var o = JSONObject([
            ("name", "suite"), ("definition", definition), ("mockConfig", mockConfig),
            ("startTime", "2024-02-28T12:00:00Z"), ("executions", .array(executions)),
        ])
        for (k, v) in extra { o[k] = v }
        return JSONPrinter.compact(.object(o))
    }

    @Test func executionsBecomeNamedCases() throws {
        let text = Self.file([
            ["name": "happy", "testCase": "Happy", "expected": ["status": "SUCCEEDED", "output": ["ok": true]]],
            ["testCase": "Sad", "expected": ["status": "FAILED", "error": "Bad", "cause": "no"]],
        ])
        let cases = try CaseFile.cases(file: "s.json", text: text).get()
        #expect(cases.map(\.name) == ["suite / happy", "suite / execution 2"])
        #expect(cases.map(\.testCase) == ["Happy", "Sad"])
        #expect(cases.allSatisfy { $0.startTime == "2024-02-28T12:00:00Z" })
    }

    /// Each execution answers from its own test case; a day of waiting costs no time, and the
    /// timestamps show it exactly (2024 is a leap year).
    @Test func eachExecutionUsesItsTestCase() async throws {
        let text = Self.file([
            [
                "name": "happy", "testCase": "Happy",
                "expected": ["status": "SUCCEEDED", "output": ["at": "2024-02-29T12:00:00.000Z", "r": ["ok": true]]],
            ],
            ["name": "sad", "testCase": "Sad", "expected": ["status": "FAILED", "error": "Bad", "cause": "no"]],
        ])
        for c in try CaseFile.cases(file: "s.json", text: text).get() {
            #expect(await ConformanceRunner().run(c) == nil, "\(c.name)")
        }
    }

    @Test func unknownTestCaseIsReported() async throws {
        let text = Self.file([["testCase": "Nope", "expected": ["status": "SUCCEEDED"]]])
        let c = try #require(try CaseFile.cases(file: "s.json", text: text).get().first)
        let failure = await ConformanceRunner().run(c)
        #expect(failure?.problem.contains("mock config was refused") == true, "\(String(describing: failure))")
    }

    @Test func badStartTimeIsReported() async throws {
        let text = Self.file(
            [["testCase": "Happy", "expected": ["status": "SUCCEEDED"]]], extra: [("startTime", "yesterday")])
        let c = try #require(try CaseFile.cases(file: "s.json", text: text).get().first)
        #expect(await ConformanceRunner().run(c)?.problem == "startTime 'yesterday' is not an ISO 8601 timestamp")
    }

    @Test func executionsMustBeObjects() {
        let text = Self.file([1])
        guard case .failure(let f) = CaseFile.cases(file: "s.json", text: text) else {
            Issue.record("a number was taken as an execution")
            return
        }
        #expect(f.problem == "executions[0]: not an object")
    }

    /// A loop that never waits, as `sfn test` runs it: AWS's history quota ends it long before the
    /// real-time limit.
    @Test func loopThatNeverWaitsEndsAtTheHistoryQuota() async throws {
        let failure = await ConformanceRunner(realTimeLimitSeconds: 30).run(try Self.endlessLoop())
        #expect(
            failure?.problem.contains("maximum number of history events (25000)") == true,
            "\(String(describing: failure))")
    }

    /// Without the quota, a loop that never waits never reaches its TimeoutSeconds on the virtual
    /// clock: the real-time limit stops it and says why.
    @Test func loopThatNeverWaitsIsStopped() async throws {
        let runner = ConformanceRunner(realTimeLimitSeconds: 0.3, maxHistoryEvents: 0)
        let failure = await runner.run(try Self.endlessLoop())
        #expect(failure?.problem.contains("did not finish within") == true, "\(String(describing: failure))")
    }

    static func endlessLoop() throws -> ConformanceCase {
        let loop: JSONValue = [
            "TimeoutSeconds": 5, "StartAt": "Again",
            "States": [
                "Again": [
                    "Type": "Choice", "Choices": [["Variable": "$", "IsPresent": true, "Next": "Again"]],
                    "Default": "Done",
                ],
                "Done": ["Type": "Succeed"],
            ],
        ]
        let text = JSONPrinter.compact(
            ["name": "loop", "definition": loop, "expected": ["status": "TIMED_OUT"]] as JSONValue)
        return try #require(try CaseFile.cases(file: "l.json", text: text).get().first)
    }
}
