import Foundation
import SFNJSON
import Testing

/// Activity tasks through the built binary: `sfn run --activities` waits for `sfn activity-worker`,
/// another process on the same store.
struct ActivityCLITests {
    static let definition = """
        {"StartAt": "Resize", "States": {
          "Resize": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:ACTIVITY",
            "Parameters": {"image.$": "$.image", "width": 640}, "HeartbeatSeconds": 5, "TimeoutSeconds": 60,
            "Catch": [{"ErrorEquals": ["Image.TooLarge"], "Next": "TooLarge"}], "End": true},
          "TooLarge": {"Type": "Pass", "End": true}}}
        """

    /// A definition whose activity name is this test's own: workers of other tests never take it.
    func machine() throws -> (path: String, activity: String) {
        let activity = "resize-\(UUID().uuidString.prefix(8))"
        let def = try CLI.temporaryFile(
            Self.definition.replacingOccurrences(of: "ACTIVITY", with: activity), name: "resize.asl.json")
        return (def, activity)
    }

    @Test func aWorkerAnswersWithItsCommandsOutput() async throws {
        let m = try machine()
        // The worker starts first and waits; --once ends it after the task.
        let worker = Task {
            try await CLI.run([
                "activity-worker", m.activity, "--once", "--", "sh", "-c",
                #"read input; printf '{"resized": %s}' "$input""#,
            ])
        }
        let r = try await CLI.run(
            ["run", m.path, "--activities", "--input", "-"], stdin: Data(#"{"image": "cat.png"}"#.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == ["resized": ["image": "cat.png", "width": 640]])
        let w = try await worker.value
        #expect(w.status == 0, "\(w.stderr)")
    }

    @Test func aFailingCommandFailsTheTaskWithItsError() async throws {
        let m = try machine()
        let worker = Task {
            try await CLI.run([
                "activity-worker", "arn:aws:states:us-east-1:123456789012:activity:\(m.activity)", "--once", "--",
                "sh", "-c", #"cat > /dev/null; echo '{"error": "Image.TooLarge", "cause": "9000 px"}'; exit 3"#,
            ])
        }
        let r = try await CLI.run(
            ["run", m.path, "--activities", "--input", "-"], stdin: Data(#"{"image": "x"}"#.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == ["Error": "Image.TooLarge", "Cause": "9000 px"])
        _ = try await worker.value
    }

    @Test func withoutActivitiesTheTaskFailsAtOnceSayingWhatWouldServeIt() async throws {
        let m = try machine()
        let r = try await CLI.run(["run", m.path, "--input", "-"], stdin: Data(#"{"image": "x"}"#.utf8))
        #expect(r.status == 1)
        let cause = try JSONParser.parse(r.stderrLastLine)["cause"]?.stringValue ?? ""
        #expect(cause.contains("Run with --activities"))
        #expect(cause.contains("sfn activity-worker \(m.activity) -- COMMAND"))
    }

    @Test func aWorkerWithNothingToDoStopsWhenIdle() async throws {
        let w = try await CLI.run(["activity-worker", "nothing-here", "--idle-exit", "0.2", "--", "cat"])
        #expect(w.status == 0)
        let bad = try await CLI.run(["activity-worker", "x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("the COMMAND to run"))
    }
}
