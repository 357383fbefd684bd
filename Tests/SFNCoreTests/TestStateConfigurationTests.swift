import SFNCore
import SFNJSON
import Testing

/// TestState's `stateConfiguration` on states that nest others: how many Map iterations fail, and
/// which state inside a Parallel raises the mocked error.
struct TestStateConfigurationTests {
    static let distributedMap: JSONValue = [
        "Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1,
        "ItemProcessor": [
            "ProcessorConfig": ["Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"], "StartAt": "Work",
            "States": ["Work": ["Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true]],
        ],
        "End": true,
    ]

    static func run(_ state: JSONValue, _ request: TestStateRequest) async throws -> TestStateResponse {
        let loaded = try StateMachine.loadForTestState(state, stateName: nil)
        var r = request
        r.stateName = loaded.stateName
        return try await loaded.machine.testState(r, options: testOptions())
    }

    @Test func failuresWithinTheToleranceSucceed() async throws {
        let r = try await Self.run(
            Self.distributedMap,
            TestStateRequest(
                input: ["items": [1, 2, 3]], mock: .error(error: "Item.Bad", cause: "broken"),
                configuration: TestStateConfiguration(mapIterationFailureCount: 1), inspectionLevel: .debug))
        #expect(r.status == .succeeded)
        #expect(r.output == [["Error": "Item.Bad", "Cause": "broken"], 2, 3])
        #expect(r.inspectionData?.toleratedFailureCount == 1)
        #expect(r.inspectionData?.afterItemsPath == [1, 2, 3])
    }

    @Test func failuresBeyondTheToleranceFailTheMap() async throws {
        let r = try await Self.run(
            Self.distributedMap,
            TestStateRequest(
                input: ["items": [1, 2, 3]], mock: .error(error: "Item.Bad", cause: "broken"),
                configuration: TestStateConfiguration(mapIterationFailureCount: 2)))
        #expect(r.status == .failed)
        #expect(r.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func errorCausedByOneStateOfAParallel() async throws {
        let parallel: JSONValue = [
            "Type": "Parallel", "Next": "After",
            "Branches": [
                [
                    "StartAt": "A",
                    "States": ["A": ["Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true]],
                ],
                [
                    "StartAt": "B",
                    "States": ["B": ["Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true]],
                ],
            ],
            "Retry": [["ErrorEquals": ["Queue.Full"], "IntervalSeconds": 5, "MaxAttempts": 2]],
        ]
        let r = try await Self.run(
            parallel,
            TestStateRequest(
                input: ["n": 1], mock: .error(error: "Queue.Full", cause: "try later"),
                configuration: TestStateConfiguration(errorCausedByState: "B"), inspectionLevel: .debug))
        #expect(r.status == .retriable && r.error == "Queue.Full")
        #expect(r.inspectionData?.errorDetails == .init(retryIndex: 0, retryBackoffIntervalSeconds: 5))
        // A does not raise it: with the error named for another state, the call passes its input on.
        let other = try await Self.run(
            parallel,
            TestStateRequest(
                input: ["n": 1], mock: .error(error: "Queue.Full", cause: "try later"),
                configuration: TestStateConfiguration(errorCausedByState: "Elsewhere")))
        #expect(other.status == .succeeded && other.output == [["n": 1], ["n": 1]] && other.nextState == "After")
    }

    @Test func requestJSONIsReadAsTheAPISendsIt() throws {
        let r = try TestStateRequest(
            json: [
                "stateName": "S", "input": "{\"a\":1}", "variables": "{\"v\":2}", "inspectionLevel": "TRACE",
                "revealSecrets": true, "mock": ["errorOutput": ["error": "E", "cause": "C"]],
                "stateConfiguration": [
                    "retrierRetryCount": 3, "errorCausedByState": "X", "mapIterationFailureCount": 4,
                ],
            ])
        #expect(r.stateName == "S" && r.input == ["a": 1] && r.variables == ["v": 2])
        #expect(r.inspectionLevel == .trace && r.revealSecrets)
        #expect(r.mock == .error(error: "E", cause: "C"))
        #expect(r.configuration.retrierRetryCount == 3 && r.configuration.errorCausedByState == "X")
        #expect(r.configuration.mapIterationFailureCount == 4)
        #expect(throws: TestStateError.self) { _ = try TestStateRequest(json: ["input": "{nope"]) }
        #expect(throws: TestStateError.self) { _ = try TestStateRequest(json: ["inspectionLevel": "LOUD"]) }
    }
}
