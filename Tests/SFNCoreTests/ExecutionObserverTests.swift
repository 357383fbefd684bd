import SFNCore
import SFNJSON
import Synchronization
import Testing

/// Observers receive every history event as it happens, in id order, with the previousEventId
/// AWS gives it: inside a Parallel branch or a Map iteration, the branch's own previous event.
struct ExecutionObserverTests {
    /// Keeps (type, id, previousEventId) and whether the execution had ended when each arrived.
    final class Collector: ExecutionObserver {
        let seen = Mutex<[HistoryEvent]>([])
        func receive(_ event: HistoryEvent) { seen.withLock { $0.append(event) } }
        var events: [HistoryEvent] { seen.withLock { $0 } }
        /// `type id<-previous` per event, compact enough to write out expectations literally.
        var lines: [String] { events.map { "\($0.type.rawValue) \($0.id)<-\($0.previousEventId)" } }
    }

    func run(
        _ definition: String, input: JSONValue = [:],
        tasks: (inout TaskDispatcher) -> Void = { _ in }
    ) async throws -> (Collector, ExecutionResult) {
        let collector = Collector()
        var options = testOptions()
        options.observers = [collector]
        var dispatcher = TaskDispatcher()
        dispatcher.allowsShell = false
        tasks(&dispatcher)
        options.tasks = dispatcher
        let result = try await execute(definition, input: input, options: options)
        #expect(collector.events.map(\.id) == Array(1...collector.events.count), "ids in order, none missing")
        #expect(result.eventCount == collector.events.count)
        return (collector, result)
    }

    @Test func passChainPointsEachEventAtTheOneBefore() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"Next":"B"},"#
            + #""B":{"Type":"Pass","Assign":{"v.$":"$.x"},"End":true}}}"#
        let (c, r) = try await run(def, input: ["in": true])
        #expect(
            c.lines == [
                "ExecutionStarted 1<-0", "PassStateEntered 2<-0", "PassStateExited 3<-2",
                "PassStateEntered 4<-3", "PassStateExited 5<-4", "ExecutionSucceeded 6<-5",
            ])
        let events = c.events
        let role = "arn:aws:iam::123456789012:role/StepFunctionsExecutionRole"
        #expect(events[0].details == .executionStarted(input: ["in": true], roleArn: role))
        #expect(events[1].details == .stateEntered(name: "A", input: ["in": true]))
        #expect(events[2].details == .stateExited(name: "A", output: ["x": 1], assignedVariables: nil))
        #expect(events[4].details == .stateExited(name: "B", output: ["x": 1], assignedVariables: ["v": 1]))
        #expect(events[5].details == .executionSucceeded(output: ["x": 1]))
        #expect(r.history == nil, "no history kept unless recordHistory is set")
    }

    @Test func choiceAndFailCarryNamesAndTheError() async throws {
        let def =
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"#
            + #""Next":"Bad"}],"Default":"Bad"},"Bad":{"Type":"Fail","Error":"Oops","Cause":"no"}}}"#
        let (c, _) = try await run(def, input: ["n": 1])
        #expect(
            c.lines == [
                "ExecutionStarted 1<-0", "ChoiceStateEntered 2<-0", "ChoiceStateExited 3<-2",
                "FailStateEntered 4<-3", "ExecutionFailed 5<-4",
            ])
        #expect(c.events[4].details == .executionEnded(error: "Oops", cause: "no"))
        #expect(c.events[3].stateName == "Bad")
    }

    @Test func taskRetryAndCatchFollowOneLine() async throws {
        let def =
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::my:flaky","#
            + #""Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":1}],"#
            + #""Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"End":true},"#
            + #""Done":{"Type":"Pass","End":true}}}"#
        let (c, r) = try await run(def, input: ["k": 1]) { tasks in
            tasks.register(resource: "arn:aws:states:::my:flaky") { _ in throw StatesError("Flaky", "always") }
        }
        #expect(r.status == .succeeded)
        #expect(
            c.lines == [
                "ExecutionStarted 1<-0", "TaskStateEntered 2<-0",
                "TaskScheduled 3<-2", "TaskStarted 4<-3", "TaskFailed 5<-4",
                "TaskScheduled 6<-5", "TaskStarted 7<-6", "TaskFailed 8<-7",
                "TaskStateExited 9<-8", "PassStateEntered 10<-9", "PassStateExited 11<-10",
                "ExecutionSucceeded 12<-11",
            ])
        let task = TaskResource(resourceType: "my", resource: "flaky")
        #expect(
            c.events[2].details
                == .taskScheduled(
                    task, region: "us-east-1", parameters: ["k": 1],
                    timeoutInSeconds: nil, heartbeatInSeconds: nil))
        #expect(c.events[4].details == .taskFailed(task, error: "Flaky", cause: "always"))
        #expect(
            c.events[4].json["taskFailedEventDetails"] == [
                "resourceType": "my", "resource": "flaky",
                "error": "Flaky", "cause": "always",
            ])
    }

    @Test func parallelBranchesPointAtTheirOwnPredecessors() async throws {
        let branch = { (name: String) in
            #"{"StartAt":""# + name + #"","States":{""# + name
                + #"":{"Type":"Pass","Next":""# + name + #"2"},""# + name + #"2":{"Type":"Pass","End":true}}}"#
        }
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":["# + branch("A") + ","
            + branch("B") + #"],"End":true}}}"#
        let (c, r) = try await run(def)
        #expect(r.output == [[:], [:]])
        let events = c.events
        let started = try #require(events.first { $0.type == .parallelStateStarted })
        #expect(started.previousEventId == 2)
        // Each branch is a line of its own: its first event follows ParallelStateStarted, every
        // later one the branch's previous event.
        for name in ["A", "B"] {
            let line = events.filter { ($0.stateName ?? "").hasPrefix(name) }
            #expect(line.count == 4)
            #expect(line.first?.previousEventId == started.id)
            for (before, after) in zip(line, line.dropFirst()) { #expect(after.previousEventId == before.id) }
        }
        let exited = try #require(events.first { $0.type == .parallelStateExited })
        let lastBranchEvent = events.filter { $0.id < exited.id && $0.type == .passStateExited }.map(\.id).max()
        #expect(exited.previousEventId == lastBranchEvent)
        #expect(events.last?.previousEventId == exited.id)
    }

    @Test func mapIterationsFollowTheirOwnLine() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"#
            + #""ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"#
            + #""End":true}}}"#
        let (c, r) = try await run(def, input: [1, 2])
        #expect(r.output == [1, 2])
        // As AWS records it: an iteration's end does not begin a line (the next iteration follows
        // the previous one's last event), and MapStateSucceeded and the exit follow the last end.
        #expect(
            c.lines == [
                "ExecutionStarted 1<-0", "MapStateEntered 2<-0", "MapStateStarted 3<-2",
                "MapIterationStarted 4<-3", "PassStateEntered 5<-4", "PassStateExited 6<-5",
                "MapIterationSucceeded 7<-6", "MapIterationStarted 8<-6", "PassStateEntered 9<-8",
                "PassStateExited 10<-9", "MapIterationSucceeded 11<-10", "MapStateSucceeded 12<-11",
                "MapStateExited 13<-11", "ExecutionSucceeded 14<-13",
            ])
        #expect(c.events[2].details == .mapStateStarted(length: 2))
        #expect(c.events[7].details == .mapIteration(name: "M", index: 1))
    }

    @Test func mapIterationsSideBySideKeepOneLinePerWorker() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"ItemProcessor":{"#
            + #""StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}"#
        let items = (0..<40).map { JSONValue.int($0) }
        let (c, r) = try await run(def, input: .array(items))
        #expect(r.output == .array(items))
        let events = c.events
        let byId = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0) })
        // Every iteration's Pass events follow its own MapIterationStarted, whatever interleaving.
        for entered in events where entered.type == .passStateEntered {
            #expect(byId[entered.previousEventId]?.type == .mapIterationStarted)
            let exited = events.first { $0.type == .passStateExited && $0.previousEventId == entered.id }
            #expect(exited != nil)
        }
        #expect(events.filter { $0.type == .mapIterationSucceeded }.count == 40)
    }

    @Test func eventsArriveAsTheyHappen() async throws {
        let collector = Collector()
        let seenByTask = Mutex<[String]>([])
        var options = testOptions()
        options.observers = [collector]
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        tasks.register(resource: "arn:aws:states:::my:peek") { _ in
            let types = collector.events.map(\.type.rawValue)
            seenByTask.withLock { $0 = types }
            return [:]
        }
        options.tasks = tasks
        let def = single(#"{"Type":"Task","Resource":"arn:aws:states:::my:peek","End":true}"#)
        let r = try await execute(def, options: options)
        #expect(r.status == .succeeded)
        // While the task runs, the observer already has everything up to TaskStarted, and no more.
        #expect(seenByTask.withLock { $0 } == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted"])
        #expect(collector.events.count == 7)
    }

    @Test func jsonRendersAWSMemberNames() async throws {
        let def = single(#"{"Type":"Pass","Assign":{"a":{"b":1}},"End":true}"#)
        let (c, _) = try await run(def)
        let exited = c.events[2].json
        #expect(exited["type"] == "PassStateExited")
        #expect(exited["id"] == 3 && exited["previousEventId"] == 2)
        #expect(exited["timestamp"] == "2023-11-14T22:13:20.000Z")
        #expect(
            exited["stateExitedEventDetails"] == [
                "name": "S", "output": "{}",
                "outputDetails": ["truncated": false],
                "assignedVariables": ["a": #"{"b":1}"#],
                "assignedVariablesDetails": ["truncated": false],
            ])
        #expect(c.events[1].json["stateEnteredEventDetails"]?["input"] == "{}")
    }

    @Test func recordHistoryIsABuiltInObserver() async throws {
        let collector = Collector()
        var options = testOptions(recordHistory: true)
        options.observers = [collector]
        let r = try await execute(single(#"{"Type":"Pass","End":true}"#), options: options)
        #expect(r.history == collector.events)
        #expect(r.history?.map(\.stateName) == [nil, "S", "S", nil])
    }

    @Test func resourcesSplitAsAWSReportsThem() {
        #expect(
            TaskResource(arn: "arn:aws:states:::lambda:invoke")
                == .init(resourceType: "lambda", resource: "invoke"))
        #expect(
            TaskResource(arn: "arn:aws:states:::aws-sdk:dynamodb:putItem")
                == .init(resourceType: "aws-sdk:dynamodb", resource: "putItem"))
        #expect(
            TaskResource(arn: "arn:aws:states:::states:startExecution.sync:2")
                == .init(resourceType: "states", resource: "startExecution.sync:2"))
    }
}
