import Foundation
import Testing

/// `sfn serve` driven by real clients: boto3 (Tests/Clients/serve_boto3.py, every operation, the
/// error names, 50 concurrent executions, hostile requests) and the AWS CLI.
@Suite(.serialized)
struct ServeTests {
    static let client = CLI.packageRoot.appendingPathComponent("Tests/Clients/serve_boto3.py").path

    @Test(.enabled(if: ServeServer.hasBoto3, "needs python3 with boto3 (pip install boto3)"))
    func boto3DrivesEveryOperation() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let run = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.client, String(server.port)], timeout: 240)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let passed = Set(
            run.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) })
        for check in [
            "CreateStateMachine", "DescribeStateMachine", "UpdateStateMachine", "DeleteStateMachine",
            "ListStateMachines pages", "StartExecution", "StartExecution idempotent while running",
            "ExecutionAlreadyExists", "StartSyncExecution", "DescribeExecution", "DescribeStateMachineForExecution",
            "ListExecutions statusFilter", "ListExecutions redriveFilter", "GetExecutionHistory reverseOrder and pages",
            "GetExecutionHistory includeExecutionData", "StopExecution", "RedriveExecution", "TestState",
            "ValidateStateMachineDefinition", "TagResource", "UntagResource", "InvalidArn", "ExecutionDoesNotExist",
            "StateMachineDoesNotExist", "InvalidDefinition", "malformed JSON body", "50 concurrent executions",
            "100 MB body refused", "garbage header", "chunked body refused",
            "keep-alive request 3 while slow clients wait", "still serving after hostile requests",
        ] {
            #expect(passed.contains(check), "boto3 check '\(check)' did not pass:\n\(run.stdout)")
        }
        #expect(server.process.isRunning, "the server ended during the hostile requests")
    }

    /// The AWS CLI against the server, and the store shared with the CLI both ways.
    @Test(.enabled(if: ServeServer.hasAWSCLI, "needs the AWS CLI (pip install awscli)"))
    func awsCLIAndTheSharedStore() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        func aws(_ args: [String]) async throws -> CLIRun {
            let p = try await runAWS(
                ["stepfunctions"] + args + ["--endpoint-url", server.endpoint, "--output", "json"])
            return p
        }
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"hi","End":true}}}"#
        let created = try await aws([
            "create-state-machine", "--name", "Greeter", "--definition", definition, "--role-arn",
            "arn:aws:iam::123456789012:role/r", "--type", "EXPRESS",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter"
        #expect(created.stdout.contains(machine))
        let sync = try await aws(["start-sync-execution", "--state-machine-arn", machine, "--input", "{}"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains(#""status": "SUCCEEDED""#) && sync.stdout.contains(#""output": "\"hi\"""#))

        let started = try await aws(["start-execution", "--state-machine-arn", machine, "--name", "viaapi"])
        #expect(started.status == 0, "\(started.stderr)")
        // The API's execution is in the store the CLI reads.
        var listed = CLIRun(status: 1, signaled: false, timedOut: false, stdout: "", stderr: "")
        for _ in 0..<100 {
            listed = try await CLI.run(["executions", "--store", server.store])
            if listed.stdout.contains("viaapi") && listed.stdout.contains("SUCCEEDED") { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(listed.stdout.contains("viaapi") && listed.stdout.contains("SUCCEEDED"), "\(listed.stdout)")

        // A CLI run under the same machine name is listed by the API.
        let file = try CLI.temporaryFile(definition, name: "Greeter.asl.json")
        let run = try await CLI.run(["run", file, "--store", server.store, "--name", "viacli"])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try await aws(["list-executions", "--state-machine-arn", machine])
        #expect(list.status == 0 && list.stdout.contains("viacli") && list.stdout.contains("viaapi"), "\(list.stdout)")
        let history = try await aws([
            "get-execution-history", "--execution-arn",
            "arn:aws:states:us-east-1:123456789012:execution:Greeter:viacli",
        ])
        #expect(history.stdout.contains("ExecutionSucceeded"), "\(history.stdout)\(history.stderr)")

        let missing = try await aws([
            "describe-execution", "--execution-arn", "arn:aws:states:us-east-1:123456789012:execution:Greeter:none",
        ])
        #expect(missing.status != 0 && missing.stderr.contains("ExecutionDoesNotExist"), "\(missing.stderr)")
        let bad = try await aws(["describe-state-machine", "--state-machine-arn", "nope"])
        #expect(bad.status != 0 && bad.stderr.contains("InvalidArn"), "\(bad.stderr)")
    }

    func runAWS(_ args: [String]) async throws -> CLIRun {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["aws"] + args
        p.environment = ServeServer.clientEnvironment
        let out = dir.appendingPathComponent("out")
        let err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        while p.isRunning { try await Task.sleep(nanoseconds: 5_000_000) }
        return CLIRun(
            status: p.terminationStatus, signaled: false, timedOut: false,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test func badUsage() async throws {
        let port = try await CLI.run(["serve", "--port", "http"])
        #expect(port.status == 2 && port.stderr.contains("--port takes a number"))
        let unknown = try await CLI.run(["serve", "--bogus"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown option '--bogus'"))
        let help = try await CLI.run(["serve", "--help"])
        #expect(help.status == 0 && help.stdout.contains("no authentication"))
    }
}
