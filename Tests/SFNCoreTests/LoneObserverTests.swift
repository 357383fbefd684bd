import SFNCore
import SFNJSON
import Testing

/// A lone observer is handed each event itself (`take`); with several, each gets `receive`. Both
/// ways deliver the same events, and an observer that implements only `receive` gets them all.
struct LoneObserverTests {
    /// Counts what arrives through `receive` only (the protocol's default `take` calls it).
    final class ReceiveOnly: ExecutionObserver {
        let recorder = HistoryRecorder()
        func receive(_ event: HistoryEvent) { recorder.receive(event) }
    }

    /// The Map's iterations run one at a time: side by side, their events interleave in an order
    /// that differs from one execution to the next, and the test compares three executions.
    let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Result": {"x": [1, 2]}, "Next": "Fan"},
          "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
          "Each": {"Type": "Map", "ItemsPath": "$[0].x", "MaxConcurrency": 1, "End": true,
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
        """

    @Test func loneAndSharedObserversSeeTheSameEvents() async throws {
        let lone = HistoryRecorder()
        try await run(definition, observedBy: [lone])
        let first = HistoryRecorder()
        let second = ReceiveOnly()
        try await run(definition, observedBy: [first, second])
        let receiveOnly = ReceiveOnly()
        try await run(definition, observedBy: [receiveOnly])

        #expect(lone.events.count > 15)
        #expect(lone.events == first.events)
        #expect(lone.events == second.recorder.events)
        #expect(lone.events == receiveOnly.recorder.events)
        #expect(lone.events.first?.type == .executionStarted)
        #expect(lone.events.last?.type == .executionSucceeded)
    }

    /// Iterations side by side: two observers of one execution see the very same events, and a
    /// lone observer of another sees as many of each type (their order differs between runs).
    @Test func iterationsSideBySideReachEveryObserverAlike() async throws {
        let concurrent = definition.replacing(#""MaxConcurrency": 1, "#, with: "")
            .replacing("[1, 2]", with: "[1, 2, 3, 4, 5, 6, 7, 8]")
        #expect(concurrent != definition)
        let lone = HistoryRecorder()
        try await run(concurrent, observedBy: [lone])
        let first = HistoryRecorder()
        let second = ReceiveOnly()
        try await run(concurrent, observedBy: [first, second])

        #expect(first.events == second.recorder.events)
        #expect(lone.events.count == first.events.count)
        #expect(lone.events.map(\.type.rawValue).sorted() == first.events.map(\.type.rawValue).sorted())
        #expect(lone.events.filter { $0.type == .mapIterationSucceeded }.count == 8)
    }

    private func run(_ definition: String, observedBy observers: [any ExecutionObserver]) async throws {
        var options = testOptions()
        options.observers = observers
        _ = try await execute(definition, input: ["k": "v"], options: options)
    }
}
