import Foundation
import Testing

/// `sfn serve --policies FILE`: the roleArn a state machine is created with picks the policy its
/// Tasks are authorised against.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs curl"))
struct ServePermissionsTests {
    /// One AWS JSON 1.0 call through curl.
    static func call(_ server: ServeServer, _ operation: String, _ body: [String: Any]) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = [
            "-s", "-X", "POST", server.endpoint + "/", "-H", "Content-Type: application/x-amz-json-1.0",
            "-H", "X-Amz-Target: AWSStepFunctions.\(operation)",
            "--data-binary", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Creates a machine under `role`, runs it and returns its final DescribeExecution.
    static func runUnder(_ role: String, name: String, _ server: ServeServer) async throws -> [String: Any] {
        let definition =
            #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "shell:echo 1", "End": true}}}"#
        let created = try call(server, "CreateStateMachine", ["name": name, "definition": definition, "roleArn": role])
        let machine = try #require(created["stateMachineArn"] as? String, "\(created)")
        let started = try call(server, "StartExecution", ["stateMachineArn": machine])
        let execution = try #require(started["executionArn"] as? String, "\(started)")
        for _ in 0..<400 {
            let described = try call(server, "DescribeExecution", ["executionArn": execution])
            if described["status"] as? String != "RUNNING" { return described }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        Issue.record("the execution never ended")
        return [:]
    }

    @Test func roleArnOfTheStateMachinePicksThePolicy() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-serve-iam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = dir.appendingPathComponent("policies.json").path
        try """
        {"arn:aws:iam::123456789012:role/Runner": {"Statement": {"Effect": "Allow", "Action": "shell:*", "Resource": "*"}},
         "arn:aws:iam::123456789012:role/Nobody": {"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}}
        """.write(toFile: policies, atomically: true, encoding: .utf8)
        let server = try ServeServer(extra: ["--policies", policies])
        defer { server.stop() }
        let ran = try await Self.runUnder("arn:aws:iam::123456789012:role/Runner", name: "Allowed", server)
        #expect(ran["status"] as? String == "SUCCEEDED", "\(ran)")
        let denied = try await Self.runUnder("arn:aws:iam::123456789012:role/Nobody", name: "Denied", server)
        #expect(denied["status"] as? String == "FAILED", "\(denied)")
        #expect(denied["error"] as? String == "States.Permissions")
        #expect(
            (denied["cause"] as? String)?.hasPrefix(
                "User: arn:aws:iam::123456789012:role/Nobody is not authorized to perform: shell:Execute") == true)
    }
}
