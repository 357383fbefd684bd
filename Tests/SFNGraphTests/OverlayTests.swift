import Foundation
import SFNCore
import SFNGraph
import SFNJSON
import Testing

/// The execution overlay read from real histories: executions of definitions/order-fulfilment
/// run here with `recordHistory`, and the corpus's histories recorded on AWS.
struct OverlayTests {
    static let definitionURL = GraphStructureTests.packageRoot.appendingPathComponent(
        "definitions/order-fulfilment.asl.json")

    static func run(_ input: String) async throws -> (MachineDefinition, ExecutionResult) {
        let machine = try StateMachine.load(try String(contentsOf: definitionURL, encoding: .utf8)).machine
        var options = ExecutionOptions(skipWaits: true, recordHistory: true)
        options.executionName = "overlay-test"
        let result = await machine.run(input: try JSONParser.parse(input), options: options)
        return (machine.definition, result)
    }

    @Test func aFailedMapIteration() async throws {
        let (_, result) = try await Self.run(
            #"{"order": {"id": "o-7", "total": 20, "card": "ok", "items": [{"sku": "kettle", "qty": 0}]}}"#)
        #expect(result.status == .failed)
        let overlay = ExecutionOverlay(history: try #require(result.history))
        #expect(overlay.executionStatus == "FAILED")
        #expect(overlay.executionError == "OutOfStock")
        #expect(overlay.run(of: "CheckOrder").status == .succeeded)
        #expect(overlay.run(of: "Prepare").status == .succeeded)
        #expect(overlay.run(of: "ReserveStock").status == .succeeded)
        #expect(overlay.run(of: "PackItems").status == .failed)
        #expect(overlay.run(of: "PackItems").iterations == 1)
        #expect(overlay.run(of: "PackItems").iterationsFailed == 1)
        #expect(overlay.run(of: "OutOfStock").status == .failed)
        #expect(overlay.run(of: "Ship").status == .notReached)
        #expect(overlay.run(of: "Reject").status == .notReached)
        #expect(overlay.run(of: "CheckOrder").input?.contains("kettle") == true)
    }

    @Test func aCaughtParallelFailure() async throws {
        let (_, result) = try await Self.run(
            #"{"order": {"id": "o-8", "total": 20, "card": "declined", "items": [{"sku": "mug", "qty": 1}]}}"#)
        let overlay = ExecutionOverlay(history: try #require(result.history))
        #expect(overlay.executionStatus == "FAILED")
        #expect(overlay.run(of: "CardDeclined").status == .failed)
        #expect(overlay.run(of: "Prepare").status == .caught)
        #expect(overlay.run(of: "NotifyFailure").status == .succeeded)
        #expect(overlay.run(of: "OrderFailed").status == .failed)
        #expect(overlay.run(of: "PackItems").status == .notReached)
    }

    @Test func aSucceededRunWithIterations() async throws {
        let input = try String(
            contentsOf: GraphStructureTests.packageRoot.appendingPathComponent(
                "definitions/order-fulfilment.input.json"), encoding: .utf8)
        let (definition, result) = try await Self.run(input)
        let overlay = ExecutionOverlay(history: try #require(result.history))
        #expect(overlay.executionStatus == "SUCCEEDED")
        #expect(overlay.run(of: "PackItems").iterations == 3)
        #expect(overlay.run(of: "Pack").entered == 3)
        #expect(overlay.run(of: "Shipped").status == .succeeded)
        // The SVG carries each state's status and the Map's count.
        let svg = WorkflowGraph(definition, overlay: overlay).render(.svg)
        let picture = try SVGPicture(svg)
        #expect(picture.states.first { $0.name == "Ship" }?.status == "succeeded")
        #expect(picture.states.first { $0.name == "Reject" }?.status == "not-reached")
        #expect(picture.states.first { $0.name == "PackItems" }?.texts.contains("3 iterations") == true)
        #expect(PictureChecks.problems(picture, definition).isEmpty)
        // The path taken stands out: Ship's Next was taken, CheckOrder's Default was not.
        #expect(svg.contains(#"data-from="Ship" data-to="Shipped" data-scope="" data-taken="true">"#))
        #expect(svg.contains(#"data-from="CheckOrder" data-to="Reject" data-scope="">"#))
        #expect(overlay.took(from: "Shipped", to: nil))
        #expect(!overlay.took(from: "CheckOrder", to: "Reject"))
    }

    @Test func retriesAreCounted() async throws {
        let text = """
            {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task", "Resource": "shell:exit 3",
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "End": true},
              "Done": {"Type": "Succeed"}}}
            """
        let machine = try StateMachine.load(text).machine
        let result = await machine.run(input: [:], options: ExecutionOptions(skipWaits: true, recordHistory: true))
        let overlay = ExecutionOverlay(history: try #require(result.history))
        #expect(overlay.run(of: "Flaky").retries == 2)
        #expect(overlay.run(of: "Flaky").status == .caught)
        #expect(overlay.run(of: "Done").status == .succeeded)
        let svg = WorkflowGraph(machine.definition, overlay: overlay).render(.svg)
        #expect(try SVGPicture(svg).states.first { $0.name == "Flaky" }?.texts.contains("2 retries") == true)
    }

    @Test func aHistoryRecordedOnAWS() throws {
        // error_handling/dynamodb_invalid_param: a Task whose call failed, uncaught.
        let events: [JSONValue] = [
            [
                "id": 1, "previousEventId": 0, "type": "ExecutionStarted",
                "executionStartedEventDetails": ["input": "{}"],
            ],
            [
                "id": 2, "previousEventId": 0, "type": "TaskStateEntered",
                "stateEnteredEventDetails": ["name": "PutItem", "input": "{}"],
            ],
            ["id": 3, "previousEventId": 2, "type": "TaskScheduled", "taskScheduledEventDetails": [:]],
            ["id": 4, "previousEventId": 3, "type": "TaskStarted"],
            [
                "id": 5, "previousEventId": 4, "type": "TaskFailed",
                "taskFailedEventDetails": ["error": "DynamoDB.ValidationException", "cause": "bad item"],
            ],
            [
                "id": 6, "previousEventId": 5, "type": "ExecutionFailed",
                "executionFailedEventDetails": ["error": "DynamoDB.ValidationException", "cause": "bad item"],
            ],
        ]
        let overlay = ExecutionOverlay(events: events.reversed())
        #expect(overlay.run(of: "PutItem").status == .failed)
        #expect(overlay.run(of: "PutItem").error == "DynamoDB.ValidationException")
        #expect(overlay.executionStatus == "FAILED")
    }

    @Test func aSiblingBranchIsCancelled() throws {
        let events: [JSONValue] = [
            ["id": 1, "previousEventId": 0, "type": "ExecutionStarted"],
            ["id": 2, "previousEventId": 1, "type": "ParallelStateEntered", "stateEnteredEventDetails": ["name": "P"]],
            ["id": 3, "previousEventId": 2, "type": "ParallelStateStarted"],
            ["id": 4, "previousEventId": 3, "type": "WaitStateEntered", "stateEnteredEventDetails": ["name": "W"]],
            ["id": 5, "previousEventId": 3, "type": "FailStateEntered", "stateEnteredEventDetails": ["name": "F"]],
            ["id": 6, "previousEventId": 5, "type": "ParallelStateFailed"],
            [
                "id": 7, "previousEventId": 6, "type": "ExecutionFailed",
                "executionFailedEventDetails": ["error": "Boom"],
            ],
        ]
        let overlay = ExecutionOverlay(events: events)
        #expect(overlay.run(of: "W").status == .cancelled)
        #expect(overlay.run(of: "F").status == .failed)
        #expect(overlay.run(of: "P").status == .failed)
        #expect(overlay.run(of: "P").error == "Boom")
    }

    @Test func eventsPointingForwardDoNotLoop() throws {
        let events: [JSONValue] = [
            ["id": 1, "previousEventId": 1, "type": "ExecutionStarted"],
            ["id": 2, "previousEventId": 3, "type": "PassStateEntered", "stateEnteredEventDetails": ["name": "A"]],
            ["id": 3, "previousEventId": 3, "type": "TaskFailed"],
            ["id": 4, "previousEventId": 9, "type": "ExecutionFailed"],
        ]
        let overlay = ExecutionOverlay(events: events)
        #expect(overlay.executionStatus == "FAILED")
        #expect(overlay.run(of: "A").status == .cancelled)
    }

    @Test func aRunningExecution() throws {
        let text =
            #"{"events": [{"id": 1, "previousEventId": 0, "type": "ExecutionStarted"},"#
            + #"{"id": 2, "previousEventId": 1, "type": "WaitStateEntered", "#
            + #""stateEnteredEventDetails": {"name": "Pause", "input": "{}"}}]}"#
        let overlay = try ExecutionOverlay.parse(text)
        #expect(overlay.run(of: "Pause").status == .running)
        #expect(overlay.executionStatus == "RUNNING")
    }

    @Test func badHistoriesAreRefusedWithAReason() {
        #expect(throws: OverlayError.self) { try ExecutionOverlay.parse("{\"events\": [{\"id\": 1}]}") }
        #expect(throws: OverlayError.self) { try ExecutionOverlay.parse("{\"executions\": []}") }
        #expect(throws: OverlayError.self) { try ExecutionOverlay.parse("not json") }
    }
}
