import SFNCore
import SFNJSON
import Testing

/// AWS's quota on an execution's history: when an execution reaches event N-1, event N must be
/// ExecutionSucceeded, else it is ExecutionFailed with States.Runtime.
struct HistoryQuotaTests {
    /// Three Pass states: ExecutionStarted, 3 x (Entered, Exited), ExecutionSucceeded = 8 events.
    static let threePasses =
        #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"#
        + #""C":{"Type":"Pass","End":true}}}"#

    func run(_ def: String, limit: Int, input: JSONValue = [:]) async throws -> ExecutionResult {
        var options = testOptions(recordHistory: true)
        options.maxHistoryEvents = limit
        return try await execute(def, input: input, options: options)
    }

    @Test func executionSucceededMayBeTheLastEventTheQuotaAllows() async throws {
        let r = try await run(Self.threePasses, limit: 8)
        #expect(r.status == .succeeded)
        #expect(r.history?.last?.id == 8)
    }

    @Test func oneEventFewerFailsWithTheQuotasEventAsExecutionFailed() async throws {
        let r = try await run(Self.threePasses, limit: 7)
        #expect(r.status == .failed)
        #expect(r.error == "States.Runtime")
        #expect(r.cause == "The execution reached the maximum number of history events (7).")
        let last = try #require(r.history?.last)
        #expect(last.type == .executionFailed)
        #expect(last.id == 7)
        #expect(last.previousEventId == 6)
        #expect(r.eventCount == 7)
    }

    @Test func quotaIsNeitherRetriedNorCaught() async throws {
        // A runaway loop inside a Parallel whose Catch takes States.ALL and whose Retry would run
        // it again: the quota ends the execution all the same.
        let loop =
            #"{"StartAt":"L","States":{"L":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","#
            + #""Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"L"}],"Default":"D"},"D":{"Type":"Succeed"}}}"#
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":["# + loop + #"],"#
            + #""Retry":[{"ErrorEquals":["States.ALL"]}],"#
            + #""Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}}}"#
        let r = try await run(def, limit: 50, input: ["x": 1])
        #expect(r.status == .failed)
        #expect(r.error == "States.Runtime")
        #expect(r.history?.contains { $0.stateName == "Caught" } == false)
        #expect(r.history?.last?.type == .executionFailed)
    }

    @Test func aTasksOutcomeCannotBeTheQuotasLastEvent() async throws {
        // ExecutionStarted 1, TaskStateEntered 2, TaskScheduled 3, TaskStarted 4: with a quota of
        // 5 the task runs, and event 5 is ExecutionFailed in place of TaskSucceeded.
        let def = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::my:echo","End":true}}}"#
        var options = testOptions(recordHistory: true)
        options.maxHistoryEvents = 5
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        tasks.register(resource: "arn:aws:states:::my:echo") { req in req.input }
        options.tasks = tasks
        let r = try await execute(def, options: options)
        #expect(r.error == "States.Runtime")
        #expect(
            r.history?.map(\.type) == [
                .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .executionFailed,
            ])
        #expect(r.history?.last?.id == 5)
    }

    @Test func siblingsCountedInBlocksAreNotEndedEarly() async throws {
        // Unobserved Map iterations side by side take ids in blocks, ahead of the real count:
        // the quota still lets through exactly what fits.
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"End":true,"#
            + #""ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}"#
        let items = JSONValue.array((0..<1000).map { JSONValue.int($0) })
        let observed = try await run(def, limit: 0, input: items)
        let needed = observed.eventCount
        #expect(needed == 4006)
        var options = testOptions()
        options.maxHistoryEvents = needed
        let exact = try await execute(def, input: items, options: options)
        #expect(exact.status == .succeeded, "\(exact.cause ?? "")")
        options.maxHistoryEvents = needed / 2
        let half = try await execute(def, input: items, options: options)
        #expect(half.status == .failed)
        #expect(half.error == "States.Runtime")
    }

    @Test func unobservedSiblingsWithoutAQuotaCountExactly() async throws {
        // Without a quota, siblings take ids in large blocks; what they did not use is handed
        // back, so the count is the observed one, for a Map and for a Parallel.
        let map =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"Next":"After","#
            + #""ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}},"#
            + #""After":{"Type":"Pass","End":true}}}"#
        let branch = #"{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#
        let parallel =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":["#
            + Array(repeating: branch, count: 5).joined(separator: ",") + #"],"End":true}}}"#
        let items = JSONValue.array((0..<3000).map { JSONValue.int($0) })
        for def in [map, parallel] {
            let observed = try await run(def, limit: 0, input: items)
            var options = testOptions()
            options.maxHistoryEvents = 0
            let unobserved = try await execute(def, input: items, options: options)
            #expect(unobserved.status == .succeeded)
            #expect(unobserved.eventCount == observed.eventCount)
        }
    }

    @Test func zeroMeansNoLimitAndTheDefaultIsAWSs() async throws {
        #expect(ExecutionOptions().maxHistoryEvents == 25_000)
        let r = try await run(Self.threePasses, limit: 0)
        #expect(r.status == .succeeded)
    }

    @Test func unobservedRunsCountTheSame() async throws {
        // Without observers events are only counted; the quota ends the run at the same event.
        var options = testOptions()
        options.maxHistoryEvents = 7
        let r = try await execute(Self.threePasses, options: options)
        #expect(r.status == .failed)
        #expect(r.eventCount == 7)
    }

    @Test func parallelStateSucceededIsNumberedAsAWSNumbersIt() async throws {
        // As recorded on AWS (conformance scenarios/parallel_state_order): ParallelStateExited is
        // two after the branches' last event and names that event as its previous one; the id
        // between them is ParallelStateSucceeded's.
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":["#
            + #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}}"#
        let r = try await run(def, limit: 0)
        let h = try #require(r.history)
        #expect(
            h.map(\.type) == [
                .executionStarted, .parallelStateEntered, .parallelStateStarted, .passStateEntered, .passStateExited,
                .parallelStateSucceeded, .parallelStateExited, .executionSucceeded,
            ])
        #expect(h[5].previousEventId == 5)
        #expect(h[6].id == 7)
        #expect(h[6].previousEventId == 5)
        #expect(h[5].json["parallelStateSucceededEventDetails"] == nil)
    }

    @Test func executionRedrivenRendersAWSsDetails() {
        let e = HistoryEvent(
            id: 12, previousEventId: 11, timestamp: 0, type: .executionRedriven,
            details: .executionRedriven(redriveCount: 1))
        #expect(e.json["executionRedrivenEventDetails"] == ["redriveCount": 1])
    }
}
