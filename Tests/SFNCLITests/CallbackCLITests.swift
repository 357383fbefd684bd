import Foundation
import SFNJSON
import Testing

/// Callback tasks through the built binary: `sfn run` waits on a task token while other `sfn`
/// processes answer it through the same store (SFN_STORE of the CLI tests).
struct CallbackCLITests {
    static let definition = """
        {"StartAt": "RequestApproval", "States": {
          "RequestApproval": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                           "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"}},
            "HeartbeatSeconds": HEARTBEAT, "TimeoutSeconds": 3600, "End": true}}}
        """

    /// A folder with the definition and a resources map whose sender writes the message to
    /// message.json (in the map's folder).
    func machine(heartbeat: Int = 600) throws -> (definition: String, resources: String, message: URL) {
        let def = try CLI.temporaryFile(
            Self.definition.replacingOccurrences(of: "HEARTBEAT", with: String(heartbeat)), name: "approval.asl.json")
        let dir = URL(fileURLWithPath: def).deletingLastPathComponent()
        let resources = dir.appendingPathComponent("resources.json")
        try Data(#"{"arn:aws:states:::sqs:sendMessage": "cat > message.json"}"#.utf8).write(to: resources)
        return (def, resources.path, dir.appendingPathComponent("message.json"))
    }

    /// The token in the message the sender wrote, once it has.
    func token(in message: URL) async throws -> String {
        for _ in 0..<1000 {
            if let data = try? Data(contentsOf: message),
                let value = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
                let token = value["MessageBody"]?["token"]?.stringValue
            {
                return token
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw CLIError("the sender wrote no message with a token within 20 s")
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    @Test func aSecondProcessAnswersTheToken() async throws {
        let m = try machine()
        let run = Task {
            try await CLI.run(
                ["run", m.definition, "--resources", m.resources, "--input", "-", "--compact"],
                stdin: Data(#"{"order": 7}"#.utf8))
        }
        let token = try await token(in: m.message)
        #expect(token.count == 64)
        let beat = try await CLI.run(["task-heartbeat", token])
        #expect(beat.status == 0, "\(beat.stderr)")
        let answer = try await CLI.run(["task-success", token, "--task-output", #"{"approved": true}"#])
        #expect(answer.status == 0, "\(answer.stderr)")
        let r = try await run.value
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == ["approved": true])
        // The task is over: AWS refuses a late answer with TaskTimedOut.
        let late = try await CLI.run(["task-failure", token, "--error", "Late"])
        #expect(late.status == 2)
        #expect(late.stderr.contains("Task Timed Out"))
    }

    @Test func aFailureAnswerFailsTheExecution() async throws {
        let m = try machine()
        let run = Task {
            try await CLI.run(
                ["run", m.definition, "--resources", m.resources, "--input", "-"],
                stdin: Data(#"{"order": 8}"#.utf8))
        }
        let token = try await token(in: m.message)
        let answer = try await CLI.run(["task-failure", token, "--error", "Rejected", "--cause", "over budget"])
        #expect(answer.status == 0, "\(answer.stderr)")
        let r = try await run.value
        #expect(r.status == 1)
        #expect(try JSONParser.parse(r.stderrLastLine) == ["error": "Rejected", "cause": "over budget"])
    }

    @Test func noHeartbeatEndsTheExecution() async throws {
        let m = try machine(heartbeat: 1)
        let r = try await CLI.run(
            ["run", m.definition, "--resources", m.resources, "--input", "-"],
            stdin: Data(#"{"order": 9}"#.utf8))
        #expect(r.status == 1)
        #expect(try JSONParser.parse(r.stderrLastLine)["error"] == "States.HeartbeatTimeout")
    }

    @Test func aCallbackNothingAnswersFailsAtOnceSayingWhatWould() async throws {
        let m = try machine()
        let r = try await CLI.run(["run", m.definition, "--input", "-"], stdin: Data(#"{"order": 1}"#.utf8))
        #expect(r.status == 1)
        let cause = try JSONParser.parse(r.stderrLastLine)["cause"]?.stringValue ?? ""
        #expect(cause.contains("is a callback task"))
        #expect(cause.contains(#"{"arn:aws:states:::sqs:sendMessage":"python3 notify.py"}"#))
        #expect(cause.contains("sfn task-success TOKEN --output JSON"))
        let noStore = try await CLI.run(
            ["run", m.definition, "--resources", m.resources, "--no-store", "--input", "-"],
            stdin: Data(#"{"order": 1}"#.utf8))
        #expect(noStore.status == 1)
        #expect(noStore.stderr.contains("no store keeps tokens"))
    }

    @Test func answersThatCannotBeSentAreBadUsage() async throws {
        let missing = try await CLI.run(["task-success", "abc"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--output JSON is required"))
        let bad = try await CLI.run(["task-success", "abc", "--output", "{nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--output is not JSON"))
        let unknown = try await CLI.run(["task-heartbeat", "no-such-token"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Task Does Not Exist"))
        let none = try await CLI.run(["task-failure"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("give one TOKEN"))
    }

    /// definitions/approval: the approver script answers through `sfn` itself.
    @Test(arguments: ["", "-rejected"])
    func approvalExample(suffix: String) async throws {
        let binary = try #require(CLI.binary)
        let dir = CLI.packageRoot.appendingPathComponent("definitions/approval")
        // The example's map, with the approver told which sfn to call.
        let map = try CLI.temporaryFile(
            #"{"arn:aws:states:::sns:publish": "SFN=\#(binary.path) sh \#(dir.path)/approve.sh"}"#,
            name: "resources.json")
        let r = try await CLI.run([
            "run", dir.appendingPathComponent("approval.asl.json").path, "--resources", map,
            "--input", dir.appendingPathComponent("input\(suffix).json").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try JSONParser.parse(
            String(contentsOf: dir.appendingPathComponent("expected\(suffix).json"), encoding: .utf8))
        #expect(try JSONParser.parse(r.stdout) == expected)
    }
}
