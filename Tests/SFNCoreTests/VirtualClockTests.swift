import SFNCore
import SFNJSON
import Synchronization
import Testing

/// The virtual clock: waits cost no real time, yet timestamps advance by them, and sleepers beside
/// each other wake in the order of their virtual deadlines.
struct VirtualClockTests {
    static let start = "2024-01-01T00:00:00Z"

    /// A clock that moves by waits alone, so that timestamps are exact under any load.
    static func options(recordHistory: Bool = true, followsRealTime: Bool = false) throws -> ExecutionOptions {
        var options = testOptions(skipWaits: false, recordHistory: recordHistory)
        options.useVirtualClock(try #require(VirtualClock(startTime: start, followsRealTime: followsRealTime)))
        return options
    }

    /// Following real time, a clock still jumps over waits: at least the waits' time passes, in
    /// order, and far less real time than that.
    @Test func followingRealTimeStillJumps() async throws {
        let clock = VirtualClock(startMillis: 0)
        var options = testOptions(skipWaits: false)
        options.useVirtualClock(clock)
        let r = try await execute(
            #"""
            {"StartAt": "W1", "States": {
              "W1": {"Type": "Wait", "Seconds": 600, "Next": "A"},
              "A": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 600, "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"first.$": "$.at", "at.$": "$$.State.EnteredTime"}, "End": true}}}
            """#, options: options)
        #expect(r.status == .succeeded)
        let first = try #require(r.output?["first"]?.stringValue)
        let second = try #require(r.output?["at"]?.stringValue)
        #expect(first >= "1970-01-01T00:10:00" && second >= "1970-01-01T00:20:00" && first < second)
        #expect(clock.skippedMillis >= 1_100_000 && clock.skippedMillis <= 1_200_000)
    }

    @Test func anHourOfWaitingShowsInTheContextObject() async throws {
        let r = try await execute(
            #"""
            {"StartAt": "Wait", "States": {
              "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Look"},
              "Look": {"Type": "Pass", "Parameters": {"start.$": "$$.Execution.StartTime", "now.$": "$$.State.EnteredTime"},
                       "End": true}}}
            """#, options: try Self.options())
        #expect(r.status == .succeeded)
        #expect(r.output?["start"]?.stringValue?.hasPrefix("2024-01-01T00:00:00") == true)
        #expect(r.output?["now"]?.stringValue?.hasPrefix("2024-01-01T01:00:00") == true, "\(r.output ?? .null)")
    }

    @Test func retryBackoffsAdvanceTheClock() async throws {
        var options = try Self.options()
        var tasks = TaskDispatcher()
        let calls = CallCounter()
        tasks.register(resource: "arn:aws:lambda:us-east-1:123456789012:function:flaky") { _ in
            if calls.next() < 5 { throw StatesError("Busy", "later") }
            return "ok"
        }
        options.tasks = tasks
        let r = try await execute(
            #"""
            {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky", "ResultPath": "$.r",
                       "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 10, "BackoffRate": 1, "MaxAttempts": 5}],
                       "Next": "Look"},
              "Look": {"Type": "Pass", "Parameters": {"now.$": "$$.State.EnteredTime", "r.$": "$.r"}, "End": true}}}
            """#, options: options)
        #expect(r.status == .succeeded)
        #expect(r.output?["now"]?.stringValue?.hasPrefix("2024-01-01T00:00:50") == true, "\(r.output ?? .null)")
    }

    /// Branch A waits 20 s, branch B 5 s: B's Wait ends first in the history and in time.
    @Test func parallelWaitsWakeInDeadlineOrder() async throws {
        let r = try await execute(
            #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "WaitA", "States": {"WaitA": {"Type": "Wait", "Seconds": 20, "Next": "A"},
                "A": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "End": true}}},
              {"StartAt": "WaitB", "States": {"WaitB": {"Type": "Wait", "Seconds": 5, "Next": "B"},
                "B": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "End": true}}}]}}}
            """#, options: try Self.options())
        #expect(r.status == .succeeded)
        #expect(r.output?[0]?["at"]?.stringValue?.hasPrefix("2024-01-01T00:00:20") == true, "\(r.output ?? .null)")
        #expect(r.output?[1]?["at"]?.stringValue?.hasPrefix("2024-01-01T00:00:05") == true, "\(r.output ?? .null)")
        let exits = (r.history ?? []).filter { $0.type == .waitStateExited }.map { $0.stateName ?? "" }
        #expect(exits == ["WaitB", "WaitA"])
        let stamps = (r.history ?? []).map(\.timestamp)
        #expect(stamps == stamps.sorted(), "history timestamps go back in time")
    }

    /// A machine timeout of 30 s fires before a 60 s wait ends, 30 virtual seconds in.
    @Test func timeoutThatFiresFirstWins() async throws {
        let r = try await execute(
            #"""
            {"TimeoutSeconds": 30, "StartAt": "Wait", "States": {
              "Wait": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """#, options: try Self.options())
        #expect(r.status == .timedOut)
        let last = try #require(r.history?.last)
        #expect(last.type == .executionTimedOut)
        let first = try #require(r.history?.first)
        #expect(last.timestamp - first.timestamp >= 30_000 && last.timestamp - first.timestamp < 31_000)
    }

    /// Map iterations with different waits: each iteration sees its own virtual time.
    @Test func mapIterationsWaitSideBySide() async throws {
        let r = try await execute(
            #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
              "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "W", "States": {
                "W": {"Type": "Wait", "SecondsPath": "$", "Next": "At"},
                "At": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "End": true}}}}}}
            """#, input: [30, 10, 20], options: try Self.options())
        #expect(r.status == .succeeded)
        let times = (r.output?.arrayValue ?? []).compactMap { $0["at"]?.stringValue?.prefix(19) }
        #expect(times == ["2024-01-01T00:00:30", "2024-01-01T00:00:10", "2024-01-01T00:00:20"])
    }

    /// A branch fails at once while its sibling waits an hour: the wait is cancelled, and the
    /// execution fails at the start, not an hour later.
    @Test func failingBranchCancelsTheWaitWithoutAdvancingTime() async throws {
        let r = try await execute(
            #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 3600, "End": true}}},
              {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "Next": "Boom"},
                "Boom": {"Type": "Fail", "Error": "Boom"}}}]}}}
            """#, options: try Self.options())
        #expect(r.status == .failed && r.error == "Boom")
        let first = try #require(r.history?.first)
        let last = try #require(r.history?.last)
        #expect(last.timestamp - first.timestamp < 60_000, "the failure came \(last.timestamp - first.timestamp) ms in")
    }
}

/// A thread-safe call counter for handlers.
final class CallCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { v in
            defer { v += 1 }
            return v
        }
    }
}
