import SFNCore
import SFNJSON
import Synchronization
import Testing

/// `.waitForTaskToken` tasks in the library: the token in the context object, one per attempt,
/// and the wait for an answer through a `TaskTokenStore` (here one in memory; the SQLite one and
/// the CLI's answering commands are tested in SFNStoreTests and SFNCLITests).
struct CallbackTaskTests {
    /// A TaskTokenStore in memory, with the same rules as the SQLite one.
    final class MemoryTokens: TaskTokenStore {
        let records = Mutex<[String: TaskTokenRecord]>([:])

        func createTaskToken(_ record: TaskTokenRecord) throws(ExecutionStoreError) {
            records.withLock { $0[record.token] = record }
        }

        func answerTaskToken(_ token: String, _ answer: TaskTokenAnswer, date: Double) throws(ExecutionStoreError) {
            try records.withLock { all throws(ExecutionStoreError) in
                guard var r = all[token] else { throw ExecutionStoreError(.taskDoesNotExist, "no \(token)") }
                guard r.status == .waiting else { throw ExecutionStoreError(.taskTimedOut, "closed \(token)") }
                switch answer {
                case .success(let output): (r.status, r.output) = (.succeeded, output)
                case .failure(let error, let cause): (r.status, r.error, r.cause) = (.failed, error, cause)
                case .heartbeat: r.heartbeatDate = date
                }
                all[token] = r
            }
        }

        func taskToken(_ token: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
            records.withLock { $0[token] }
        }

        func claimActivityTask(_ activity: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
            records.withLock { all in
                guard
                    var r = all.values.first(where: { $0.activity == activity && !$0.claimed && $0.status == .waiting })
                else { return nil }
                r.claimed = true
                r.heartbeatDate = ExecutionOptions.systemNowMillis()
                all[r.token] = r
                return r
            }
        }

        func closeTaskToken(_ token: String) throws(ExecutionStoreError) {
            records.withLock { all in
                if all[token]?.status == .waiting { all[token]?.status = .closed }
            }
        }

        /// The one token waiting, once one is.
        func waitingToken() async throws -> String {
            for _ in 0..<400 {
                if let t = records.withLock({ $0.values.first { $0.status == .waiting }?.token }) { return t }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            throw ExecutionStoreError(.taskDoesNotExist, "no token was created within 4 s")
        }
    }

    static let resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"

    func definition(_ extra: String = "") -> String {
        single(
            #"{"Type":"Task","Resource":"\#(Self.resource)","Parameters":{"body.$":"$","token.$":"$$.Task.Token"}\#(extra),"End":true}"#
        )
    }

    func options(_ tokens: MemoryTokens?) -> ExecutionOptions {
        var o = testOptions(recordHistory: true)
        var tasks = TaskDispatcher()
        var map = ResourceMap()
        // The sender: a stand-in for SQS that takes the message and says nothing.
        map.set("arn:aws:states:::sqs:sendMessage", ShellCommand("cat > /dev/null"))
        tasks.resources = map
        tasks.callbackStore = tokens
        o.tasks = tasks
        return o
    }

    @Test func aHandlerSeesOneFreshTokenPerAttempt() async throws {
        let seen = Mutex<[(String?, String?)]>([])
        var o = testOptions()
        var tasks = TaskDispatcher()
        tasks.register(resource: Self.resource) { req in
            let count = seen.withLock { list in
                list.append((req.taskToken, req.input["token"]?.stringValue))
                return list.count
            }
            if count < 3 { throw StatesError("Busy", "try again") }
            return "done"
        }
        o.tasks = tasks
        let r = try await execute(
            definition(#","Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":1,"MaxAttempts":3}]"#),
            input: ["n": 1], options: o)
        #expect(r.status == .succeeded)
        let attempts = seen.withLock { $0 }
        #expect(attempts.count == 3)
        for (token, inParameters) in attempts {
            #expect(token != nil && token == inParameters)
            #expect(token?.count == 64)
        }
        #expect(Set(attempts.map { $0.0 ?? "" }).count == 3)
    }

    @Test func aTaskWithoutTheSuffixHasNoToken() async throws {
        var o = testOptions()
        var tasks = TaskDispatcher()
        tasks.register(resource: "arn:aws:states:::sqs:sendMessage") { req in .bool(req.taskToken == nil) }
        o.tasks = tasks
        let def = single(#"{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}"#)
        let r = try await execute(def, input: [:], options: o)
        #expect(r.output == true)
    }

    @Test func theAnswerIsTheTaskResult() async throws {
        let tokens = MemoryTokens()
        let answerer = Task {
            let token = try await tokens.waitingToken()
            try await Task.sleep(nanoseconds: 100_000_000)
            try tokens.answerTaskToken(token, .success(output: ["approved": true]), date: 0)
        }
        let r = try await execute(definition(), input: ["order": 7], options: options(tokens))
        try await answerer.value
        #expect(r.status == .succeeded)
        #expect(r.output == ["approved": true])
        #expect(
            r.history?.map(\.type) == [
                .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted,
                .taskSucceeded, .taskStateExited, .executionSucceeded,
            ])
        // Once answered, the token takes no second answer.
        let token = try #require(tokens.records.withLock { $0.keys.first })
        #expect(throws: ExecutionStoreError.self) {
            try tokens.answerTaskToken(token, .heartbeat, date: 0)
        }
    }

    @Test func aFailureAnswerIsCaught() async throws {
        let tokens = MemoryTokens()
        let answerer = Task {
            let token = try await tokens.waitingToken()
            try tokens.answerTaskToken(token, .failure(error: "Rejected", cause: "no budget"), date: 0)
        }
        let def = #"""
            {"StartAt":"S","States":{
              "S":{"Type":"Task","Resource":"\#(Self.resource)","Parameters":{"token.$":"$$.Task.Token"},
                   "Catch":[{"ErrorEquals":["Rejected"],"Next":"After"}],"End":true},
              "After":{"Type":"Pass","End":true}}}
            """#
        let r = try await execute(def, input: [:], options: options(tokens))
        try await answerer.value
        #expect(r.status == .succeeded)
        #expect(r.output == ["Error": "Rejected", "Cause": "no budget"])
    }

    @Test func noHeartbeatEndsTheWait() async throws {
        let tokens = MemoryTokens()
        let r = try await execute(definition(#","HeartbeatSeconds":1"#), input: [:], options: options(tokens))
        #expect(r.status == .failed)
        #expect(r.error == "States.HeartbeatTimeout")
        #expect(r.history?.contains { $0.type == .taskTimedOut } == true)
        // The token is closed: a late answer is refused.
        #expect(tokens.records.withLock { $0.values.map(\.status) } == [.closed])
    }

    @Test func heartbeatsKeepItWaitingUntilTimeoutSeconds() async throws {
        let tokens = MemoryTokens()
        let beater = Task {
            let token = try await tokens.waitingToken()
            while (try? tokens.answerTaskToken(token, .heartbeat, date: ExecutionOptions.systemNowMillis())) != nil {
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        let r = try await execute(
            definition(#","HeartbeatSeconds":1,"TimeoutSeconds":2"#), input: [:], options: options(tokens))
        try await beater.value
        #expect(r.error == "States.Timeout")
    }

    @Test func withoutATokenStoreItFailsAtOnceSayingWhy() async throws {
        let r = try await execute(definition(), input: [:], options: options(nil))
        #expect(r.error == "States.Runtime")
        #expect(r.cause?.contains("no store keeps tokens") == true)
    }
}
