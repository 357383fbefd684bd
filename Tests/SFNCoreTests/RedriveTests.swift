import SFNCore
import SFNJSON
import Synchronization
import Testing

/// `StateMachine.redrive` as RedriveExecution: the state that did not finish runs again with the
/// recorded input and variables, Map iterations and Parallel branches that succeeded keep their
/// recorded results, numbering continues after ExecutionRedriven.
struct RedriveTests {
    /// Counts handler calls per key, and decides per call whether the handler fails.
    final class Calls: Sendable {
        private let counts = Mutex<[String: Int]>([:])
        let failing = Mutex<Set<String>>([])

        func call(_ key: String) throws {
            counts.withLock { $0[key, default: 0] += 1 }
            if failing.withLock({ $0.contains(key) }) { throw StatesError("Flaky", "failed for \(key)") }
        }

        private let started = Mutex<Set<String>>([])
        func enter(_ key: String) { started.withLock { _ = $0.insert(key) } }
        func entered(_ key: String) -> Bool { started.withLock { $0.contains(key) } }

        func reset() { counts.withLock { $0 = [:] } }
        var keys: Set<String> { counts.withLock { Set($0.keys) } }
        var total: Int { counts.withLock { $0.values.reduce(0, +) } }
        func count(_ key: String) -> Int { counts.withLock { $0[key] ?? 0 } }
    }

    /// Handlers for `my:work`, keyed by the input's `key` or the state's name. Keys in `slow` wait
    /// `delay` seconds first, and keys in `after` wait until those keys have been called.
    func options(
        _ calls: Calls, delayFor slow: Set<String> = [], delay: Double = 0.03,
        after: [String: Set<String>] = [:]
    ) -> ExecutionOptions {
        var options = testOptions(recordHistory: true)
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        tasks.register(resource: "arn:aws:states:::my:work") { req in
            let key =
                req.input["key"].flatMap { v -> String? in
                    if case .string(let s) = v { return s }
                    return v.intValue.map(String.init)
                } ?? req.stateName
            for _ in 0..<5000 where !(after[key] ?? []).allSatisfy({ calls.count($0) > 0 }) {
                try await Task.sleep(nanoseconds: 1_000_000)
            }
            if slow.contains(key) {
                calls.enter(key)
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
            try calls.call(key)
            return ["done": .string(key)]
        }
        options.tasks = tasks
        return options
    }

    func recorded(_ result: ExecutionResult, input: JSONValue) -> RecordedExecution {
        RecordedExecution(input: input, events: result.history ?? [], name: "exec-1")
    }

    static let taskChain =
        #"{"StartAt":"Prep","States":{"#
        + #""Prep":{"Type":"Task","Resource":"arn:aws:states:::my:work","ResultPath":"$.prep","#
        + #""Assign":{"x.$":"$$.Execution.Input.n"},"Next":"Work"},"#
        + #""Work":{"Type":"Task","Resource":"arn:aws:states:::my:work","ResultPath":"$.work","Next":"Last"},"#
        + #""Last":{"Type":"Pass","Parameters":{"x.$":"$x","work.$":"$.work","prep.$":"$.prep"},"End":true}}}"#

    @Test func taskFailureRedrivenGivesTheUninterruptedOutput() async throws {
        let machine = try StateMachine(definitionText: Self.taskChain)
        let input: JSONValue = ["n": 5]
        let calls = Calls()
        let uninterrupted = await machine.run(input: input, options: options(calls))
        #expect(uninterrupted.status == .succeeded)

        calls.reset()
        calls.failing.withLock { $0 = ["Work"] }
        let failed = await machine.run(input: input, options: options(calls))
        #expect(failed.status == .failed)
        #expect(failed.error == "Flaky")

        calls.reset()
        calls.failing.withLock { $0 = [] }
        let redriven = try await machine.redrive(recorded(failed, input: input), options: options(calls))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output == uninterrupted.output)
        // Prep succeeded before: it does not run again, and its Assign ($x) is restored.
        #expect(calls.count("Prep") == 0)
        #expect(calls.count("Work") == 1)
        #expect(redriven.output?["x"] == 5)
    }

    @Test func eventsContinueAfterExecutionRedriven() async throws {
        let machine = try StateMachine(definitionText: Self.taskChain)
        let calls = Calls()
        calls.failing.withLock { $0 = ["Work"] }
        let failed = await machine.run(input: ["n": 1], options: options(calls))
        let old = failed.history ?? []
        #expect(old.last?.type == .executionFailed)

        calls.failing.withLock { $0 = [] }
        let collector = ExecutionObserverTests.Collector()
        var opts = options(calls)
        opts.observers = [collector]
        let redriven = try await machine.redrive(recorded(failed, input: ["n": 1]), options: opts)
        let history = redriven.history ?? []
        #expect(history.map(\.id) == Array(1...history.count), "ids dense across the redrive")
        #expect(redriven.eventCount == history.count)
        // Observers see only what the redrive added.
        #expect(collector.events.map(\.id) == Array((old.count + 1)...history.count))
        let redrivenEvent = history[old.count]
        #expect(redrivenEvent.type == .executionRedriven)
        #expect(redrivenEvent.previousEventId == old.count)
        #expect(redrivenEvent.json["executionRedrivenEventDetails"] == ["redriveCount": 1])
        let entered = history[old.count + 1]
        #expect(entered.type == .taskStateEntered && entered.stateName == "Work")
        #expect(entered.previousEventId == redrivenEvent.id)
        #expect(history.last?.type == .executionSucceeded)
    }

    @Test func redriveCountCountsUpAndStartTimeStays() async throws {
        let def =
            #"{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:::my:work","#
            + #""ResultPath":null,"Next":"Last"},"Last":{"Type":"Pass","Parameters":{"#
            + #""count.$":"$$.Execution.RedriveCount","start.$":"$$.Execution.StartTime"},"End":true}}}"#
        let machine = try StateMachine(definitionText: def)
        let calls = Calls()
        calls.failing.withLock { $0 = ["Work"] }
        var opts = options(calls)
        opts.now = { 1_700_000_000_000 }
        let first = await machine.run(input: [:], options: opts)
        // A later clock: the redrive keeps the recorded start time.
        opts.now = { 1_700_000_900_000 }
        let second = try await machine.redrive(recorded(first, input: [:]), options: opts)
        #expect(second.status == .failed)
        calls.failing.withLock { $0 = [] }
        let third = try await machine.redrive(recorded(second, input: [:]), options: opts)
        #expect(third.status == .succeeded)
        #expect(third.output == ["count": 2, "start": "2023-11-14T22:13:20.000Z"])
        let counts = (third.history ?? []).compactMap { e -> JSONValue? in
            e.type == .executionRedriven ? e.json["executionRedrivenEventDetails"]?["redriveCount"] : nil
        }
        #expect(counts == [1, 2])
    }

    @Test func succeededExecutionIsRefusedWithAWSMessage() async throws {
        let machine = try StateMachine(definitionText: Self.taskChain)
        let done = await machine.run(input: ["n": 1], options: options(Calls()))
        #expect(done.status == .succeeded)
        let record = recorded(done, input: ["n": 1])
        #expect(record.status == .succeeded)
        #expect(record.notRedrivableReason == "Execution is SUCCEEDED and cannot be redriven.")
        do {
            _ = try await machine.redrive(record, options: options(Calls()))
            Issue.record("a SUCCEEDED execution was redriven")
        } catch {
            #expect(error.code == "ExecutionNotRedrivable")
            #expect(error.message == "Execution is SUCCEEDED and cannot be redriven.")
        }
    }

    static func mapOfTwenty(concurrency: Int) -> String {
        #"{"StartAt":"Fan","States":{"Fan":{"Type":"Map","MaxConcurrency":"# + String(concurrency)
            + #","ItemSelector":{"key.$":"$$.Map.Item.Value"},"#
            + #""ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task","#
            + #""Resource":"arn:aws:states:::my:work","End":true}}},"Next":"Count"},"#
            + #""Count":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength($)","all.$":"$"},"End":true}}}"#
    }

    static let twenty: JSONValue = .array((0..<20).map { .string("i\($0)") })

    /// The indexes of Map iterations that succeeded, from the recorded events.
    func succeededIterations(_ events: [HistoryEvent]) -> Set<String> {
        Set(
            events.compactMap { e -> String? in
                guard e.type == .mapIterationSucceeded,
                    case .int(let i)? = e.json["mapIterationSucceededEventDetails"]?["index"]
                else { return nil }
                return "i\(i)"
            })
    }

    @Test(arguments: [1, 4])
    func mapRerunsOnlyTheIterationsThatDidNotSucceed(concurrency: Int) async throws {
        let machine = try StateMachine(definitionText: Self.mapOfTwenty(concurrency: concurrency))
        let calls = Calls()
        let uninterrupted = await machine.run(input: Self.twenty, options: options(calls))
        #expect(uninterrupted.status == .succeeded)
        #expect(uninterrupted.output?["n"] == 20)

        calls.reset()
        calls.failing.withLock { $0 = ["i7", "i12"] }
        // Slow items keep some iterations in flight when the first failure aborts the Map.
        let failed = await machine.run(input: Self.twenty, options: options(calls, delayFor: ["i9", "i10"]))
        #expect(failed.status == .failed)
        let kept = succeededIterations(failed.history ?? [])
        #expect(!kept.isEmpty)
        #expect(!kept.contains("i7"))

        calls.reset()
        calls.failing.withLock { $0 = [] }
        let redriven = try await machine.redrive(recorded(failed, input: Self.twenty), options: options(calls))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output == uninterrupted.output)
        let all = Set((0..<20).map { "i\($0)" })
        #expect(calls.keys == all.subtracting(kept), "exactly the iterations that did not succeed ran again")
        #expect(calls.total == 20 - kept.count)
        if concurrency == 1 {
            #expect(kept == Set((0..<7).map { "i\($0)" }))
        }
        // Seeded iterations add no events; the rerun ones do.
        let newEvents = (redriven.history ?? []).dropFirst(failed.history?.count ?? 0)
        #expect(newEvents.filter { $0.type == .mapIterationStarted }.count == 20 - kept.count)
    }

    @Test func parallelRerunsOnlyTheBranchThatFailed() async throws {
        func branch(_ name: String) -> String {
            #"{"StartAt":"\#(name)","States":{"\#(name)":{"Type":"Task","Resource":"arn:aws:states:::my:work","#
                + #""Next":"\#(name)Done"},"\#(name)Done":{"Type":"Pass","Parameters":{"b":"\#(name)"},"End":true}}}"#
        }
        let def =
            #"{"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":["#
            + ["A", "B", "C"].map(branch).joined(separator: ",") + #"],"End":true}}}"#
        let machine = try StateMachine(definitionText: def)
        let calls = Calls()
        let uninterrupted = await machine.run(input: [:], options: options(calls))
        #expect(uninterrupted.status == .succeeded)

        calls.reset()
        calls.failing.withLock { $0 = ["B"] }
        // B fails only after A and C have finished.
        let failed = await machine.run(
            input: [:], options: options(calls, delayFor: ["B"], delay: 0.01, after: ["B": ["A", "C"]]))
        #expect(failed.status == .failed)
        #expect(calls.keys == ["A", "B", "C"])

        calls.reset()
        calls.failing.withLock { $0 = [] }
        let redriven = try await machine.redrive(recorded(failed, input: [:]), options: options(calls))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output == uninterrupted.output)
        #expect(calls.keys == ["B"])
    }

    @Test func historyThatStopsMidMapIsPickedUpWhereItStopped() async throws {
        // A process killed in the middle of a Map: its history simply stops.
        let machine = try StateMachine(definitionText: Self.mapOfTwenty(concurrency: 1))
        let calls = Calls()
        let full = await machine.run(input: Self.twenty, options: options(calls))
        let events = full.history ?? []
        let cut = try #require(
            events.firstIndex {
                $0.type == .mapIterationStarted && $0.json["mapIterationStartedEventDetails"]?["index"] == 10
            })
        // Stop inside iteration 10, after its Task was entered.
        let killed = RecordedExecution(input: Self.twenty, events: Array(events[...(cut + 2)]), name: "exec-1")
        #expect(killed.status == nil)

        calls.reset()
        let redriven = try await machine.redrive(killed, options: options(calls))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output == full.output)
        #expect(calls.keys == Set((10..<20).map { "i\($0)" }))
    }

    @Test func historyThatStopsBetweenStatesGoesOnWithTheNext() async throws {
        let machine = try StateMachine(definitionText: Self.taskChain)
        let calls = Calls()
        let full = await machine.run(input: ["n": 3], options: options(calls))
        let events = full.history ?? []
        let exited = try #require(events.firstIndex { $0.type == .taskStateExited && $0.stateName == "Prep" })
        calls.reset()
        let redriven = try await machine.redrive(
            RecordedExecution(input: ["n": 3], events: Array(events[...exited]), name: "exec-1"),
            options: options(calls))
        #expect(redriven.output == full.output)
        #expect(calls.keys == ["Work"])
    }

    @Test func abortedExecutionIsRedriven() async throws {
        let machine = try StateMachine(definitionText: Self.taskChain)
        let calls = Calls()
        // Work hangs until the execution is stopped.
        let stopped = machine.start(input: ["n": 2], options: options(calls, delayFor: ["Work"], delay: 60))
        for _ in 0..<500 where calls.count("Work") == 0 && !calls.entered("Work") {
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        stopped.stop()
        let aborted = await stopped.result
        #expect(aborted.status == .aborted)
        #expect(recorded(aborted, input: ["n": 2]).status == .aborted)

        calls.reset()
        let redriven = try await machine.redrive(recorded(aborted, input: ["n": 2]), options: options(calls))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output?["x"] == 2)
        #expect(calls.keys == ["Work"])
    }
}
