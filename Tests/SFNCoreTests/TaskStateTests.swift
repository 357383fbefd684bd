import SFNCore
import SFNJSON
import Synchronization
import Testing

/// Task states through the TaskDispatcher with Swift handlers: payload, result processing,
/// retries and catchers, and their history events.
struct TaskStateTests {
    /// What handlers saw, in order; handlers may run on any thread.
    final class Attempts: Sendable {
        private let values = Mutex<[Int]>([])
        func append(_ n: Int) { values.withLock { $0.append(n) } }
        var seen: [Int] { values.withLock { $0 } }
    }

    func options(_ register: (inout TaskDispatcher) -> Void) -> ExecutionOptions {
        var o = testOptions(recordHistory: true)
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        register(&tasks)
        o.tasks = tasks
        return o
    }

    @Test func resultFlowsThroughSelectorAndPaths() async throws {
        let def = single(
            #"{"Type":"Task","Resource":"arn:aws:states:::my:double","Parameters":{"n.$":"$.n"},"ResultSelector":{"twice.$":"$.value"},"ResultPath":"$.out","End":true}"#
        )
        let opts = options {
            $0.register(resource: "arn:aws:states:::my:double") { req in
                ["value": .int((req.input["n"]?.intValue ?? 0) * 2)]
            }
        }
        let r = try await execute(def, input: ["n": 21], options: opts)
        #expect(r.output == ["n": 21, "out": ["twice": 42]])
        #expect(
            r.history?.map(\.type) == [
                .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted,
                .taskSucceeded, .taskStateExited, .executionSucceeded,
            ])
    }

    @Test func lambdaFunctionARNHasLambdaEvents() async throws {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:echo"
        let def = single(#"{"Type":"Task","Resource":""# + arn + #"","End":true}"#)
        let opts = options { $0.register(resource: arn) { req in req.input } }
        let r = try await execute(def, input: ["a": 1], options: opts)
        #expect(r.output == ["a": 1])
        #expect(r.history?.contains { $0.type == .lambdaFunctionSucceeded } == true)
    }

    @Test func retriesCountAttemptsThenCatch() async throws {
        let attempts = Attempts()
        let def =
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::my:flaky","Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"Done"}],"End":true},"Done":{"Type":"Pass","End":true}}}"#
        let opts = options {
            $0.register(resource: "arn:aws:states:::my:flaky") { req in
                attempts.append(req.attempt)
                throw StatesError("Flaky", "try \(req.attempt)")
            }
        }
        let r = try await execute(def, input: ["k": 1], options: opts)
        #expect(attempts.seen == [0, 1, 2])
        #expect(r.output == ["k": 1, "error": ["Error": "Flaky", "Cause": "try 2"]])
        #expect(r.history?.filter { $0.type == .taskFailed }.count == 3)
    }

    @Test func unmatchedErrorFailsTheExecution() async throws {
        let def =
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::my:boom","Catch":[{"ErrorEquals":["Other"],"Next":"S"}],"End":true},"S":{"Type":"Succeed"}}}"#
        let opts = options {
            $0.register(resource: "arn:aws:states:::my:boom") { _ in throw StatesError("Boom", "bad") }
        }
        let r = try await execute(def, options: opts)
        #expect(r.error == "Boom" && r.cause == "bad")
    }

    @Test func retryCountIsInTheContext() async throws {
        let attempts = Attempts()
        let def = single(
            #"{"Type":"Task","Resource":"arn:aws:states:::my:ctx","Parameters":{"retry.$":"$$.State.RetryCount"},"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],"End":true}"#
        )
        let opts = options {
            $0.register(resource: "arn:aws:states:::my:ctx") { req in
                attempts.append(req.input["retry"]?.intValue ?? -1)
                if req.attempt == 0 { throw StatesError("Again") }
                return req.input
            }
        }
        let r = try await execute(def, options: opts)
        #expect(attempts.seen == [0, 1])
        #expect(r.output == ["retry": 1])
    }
}
