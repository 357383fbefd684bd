import SFNGraph
import SFNJSON
import Testing

/// The overlay of an execution that was redriven: the console follows one history through its
/// redrives, so a state that failed and then succeeded on the redrive shows succeeded.
struct OverlayRedriveTests {
    static func event(_ id: Int, _ previous: Int, _ type: String, _ details: JSONValue? = nil) -> JSONValue {
        var o = JSONObject()
        o.append("id", .int(id))
        o.append("previousEventId", .int(previous))
        o.append("type", .string(type))
        o.append("timestamp", .double(Double(1_700_000_000 + id)))
        if let details {
            // AWS's key: stateEnteredEventDetails for every XStateEntered, taskFailedEventDetails, ...
            let base =
                type.hasSuffix("StateEntered") ? "StateEntered" : type.hasSuffix("StateExited") ? "StateExited" : type
            let key = base.prefix(1).lowercased() + base.dropFirst() + "EventDetails"
            o.append(key, details)
        }
        return .object(o)
    }

    static let failedThenRedriven: [JSONValue] = [
        event(1, 0, "ExecutionStarted", ["input": "{}"]),
        event(2, 1, "PassStateEntered", ["name": "First", "input": "{}"]),
        event(3, 2, "PassStateExited", ["name": "First", "output": "{}"]),
        event(4, 3, "TaskStateEntered", ["name": "Check", "input": "{}"]),
        event(5, 4, "TaskScheduled", ["resource": "shell:check", "resourceType": "shell"]),
        event(6, 5, "TaskFailed", ["error": "TicketMissing", "cause": "no ticket"]),
        event(7, 6, "ExecutionFailed", ["error": "TicketMissing", "cause": "no ticket"]),
    ]

    static let redrive: [JSONValue] = [
        event(8, 7, "ExecutionRedriven", ["redriveCount": 1]),
        event(9, 8, "TaskStateEntered", ["name": "Check", "input": "{}"]),
        event(10, 9, "TaskScheduled", ["resource": "shell:check", "resourceType": "shell"]),
        event(11, 10, "TaskSucceeded", ["output": "{\"ticket\":\"found\"}"]),
        event(12, 11, "TaskStateExited", ["name": "Check", "output": "{\"ticket\":\"found\"}"]),
        event(13, 12, "ExecutionSucceeded", ["output": "{}"]),
    ]

    @Test func theFailureBeforeARedriveShowsUntilTheRedrive() {
        let overlay = ExecutionOverlay(events: Self.failedThenRedriven)
        #expect(overlay.executionStatus == "FAILED")
        #expect(overlay.run(of: "Check").status == .failed)
        #expect(overlay.run(of: "Check").error == "TicketMissing")
    }

    @Test func aRedriveThatSucceedsShowsTheStateSucceeded() {
        let overlay = ExecutionOverlay(events: Self.failedThenRedriven + Self.redrive)
        #expect(overlay.executionStatus == "SUCCEEDED")
        #expect(overlay.executionError == nil)
        #expect(overlay.run(of: "Check").status == .succeeded)
        #expect(overlay.run(of: "Check").error == nil)
        #expect(overlay.run(of: "Check").entered == 2)
        #expect(overlay.run(of: "First").status == .succeeded)
    }

    @Test func aRedriveStillRunningShowsTheStateRunning() {
        let overlay = ExecutionOverlay(events: Self.failedThenRedriven + Self.redrive.prefix(2))
        #expect(overlay.executionStatus == "RUNNING")
        #expect(overlay.run(of: "Check").status == .running)
    }
}
