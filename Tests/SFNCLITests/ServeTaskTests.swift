import Foundation
import Testing

/// `sfn serve`'s callbacks, activities, versions and aliases driven by boto3
/// (Tests/Clients/serve_boto3_tasks.py), and what a server restarted on the same store still serves.
@Suite(.serialized)
struct ServeTaskTests {
    static let client = CLI.packageRoot.appendingPathComponent("Tests/Clients/serve_boto3_tasks.py").path

    func boto3(_ server: ServeServer, _ phase: String) async throws -> (CLIRun, Set<String>) {
        let run = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.client, String(server.port), phase], timeout: 180)
        let passed = Set(
            run.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) })
        return (run, passed)
    }

    @Test(.enabled(if: ServeServer.hasBoto3, "needs python3 with boto3 (pip install boto3)"))
    func callbacksActivitiesVersionsAndAliases() async throws {
        let server = try ServeServer(extra: ["--activity-poll", "1"])
        defer { server.stop() }
        let (run, passed) = try await boto3(server, "tasks")
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for check in [
            "SendTaskSuccess from a second client", "TaskTimedOut after the answer", "SendTaskFailure",
            "InvalidOutput", "SendTaskHeartbeat", "heartbeats keep the task waiting", "heartbeat timeout",
            "TaskTimedOut after a heartbeat timeout", "TaskDoesNotExist", "InvalidToken", "CreateActivity",
            "CreateActivity idempotent", "DescribeActivity", "ListActivities", "ListActivities pages",
            "ActivityDoesNotExist", "GetActivityTask long poll ends without a task",
            "GetActivityTask and SendTaskSuccess (boto3 worker)", "activity SendTaskFailure", "DeleteActivity",
            "CreateStateMachine publish", "UpdateStateMachine publish", "PublishStateMachineVersion idempotent",
            "ConflictException (revisionId)", "PublishStateMachineVersion", "ListStateMachineVersions",
            "DescribeStateMachine (version)", "CreateStateMachineAlias", "DescribeStateMachineAlias",
            "UpdateStateMachineAlias", "ListStateMachineAliases", "StartExecution (alias)", "StartExecution (version)",
            "DeleteStateMachineVersion refused while an alias routes to it", "DeleteStateMachineAlias",
            "DeleteStateMachineVersion",
        ] {
            #expect(passed.contains(check), "boto3 check '\(check)' did not pass:\n\(run.stdout)")
        }
    }

    /// A callback token issued to an execution of the server is answered by the CLI's
    /// `sfn task-success` on the same store: one set of tokens for both.
    @Test(.enabled(if: ServeServer.hasBoto3, "needs python3 with boto3 (pip install boto3)"))
    func cliAnswersTheServersCallback() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let script = """
            import boto3, json, sys, time
            from botocore.config import Config
            c = boto3.client("stepfunctions", endpoint_url="\(server.endpoint)", region_name="us-east-1",
                             aws_access_key_id="t", aws_secret_access_key="t", config=Config(inject_host_prefix=False))
            d = {"StartAt": "W", "States": {"W": {"Type": "Task", "End": True,
                 "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters": {"FunctionName": "f", "Payload": {"t.$": "$$.Task.Token"}}}}}
            m = c.create_state_machine(name="Cb", definition=json.dumps(d), roleArn="arn:aws:iam::1:role/r")
            e = c.start_execution(stateMachineArn=m["stateMachineArn"], name="one")["executionArn"]
            for _ in range(200):
                for ev in c.get_execution_history(executionArn=e)["events"]:
                    if ev["type"] == "TaskScheduled":
                        print(json.loads(ev["taskScheduledEventDetails"]["parameters"])["Payload"]["t"])
                        sys.exit(0)
                time.sleep(0.05)
            sys.exit(1)
            """
        let file = try CLI.temporaryFile(script, name: "callback.py")
        let start = try await CLI.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", file], timeout: 60)
        let token = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(start.status == 0 && token.count == 64, "\(start.stdout)\(start.stderr)")
        let answer = try await CLI.run(["task-success", token, "--output", #"{"via": "cli"}"#, "--store", server.store])
        #expect(answer.status == 0, "\(answer.stderr)")
        var shown = ""
        for _ in 0..<200 {
            shown = try await CLI.run(["executions", "--store", server.store]).stdout
            if shown.contains("SUCCEEDED") { break }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        #expect(shown.contains("one") && shown.contains("SUCCEEDED"), "\(shown)")
    }

    /// `sfn stop` from another process reaches an execution the server runs (its one ticker looks
    /// for stop requests), and the execution ends ABORTED with the request's error and cause.
    @Test(.enabled(if: ServeServer.hasAWSCLI, "needs the AWS CLI (pip install awscli)"))
    func cliStopReachesTheServersExecution() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let tests = ServeTests()
        func aws(_ args: [String]) async throws -> CLIRun {
            try await tests.runAWS(["stepfunctions"] + args + ["--endpoint-url", server.endpoint, "--output", "json"])
        }
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#
        let created = try await aws([
            "create-state-machine", "--name", "Sleeper", "--definition", definition, "--role-arn",
            "arn:aws:iam::123456789012:role/r",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let started = try await aws([
            "start-execution", "--state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:Sleeper",
            "--name", "long",
        ])
        #expect(started.status == 0, "\(started.stderr)")
        let stop = try await CLI.run([
            "stop", "long", "--error", "Halt", "--cause", "from the CLI", "--store", server.store,
        ])
        #expect(stop.status == 0, "\(stop.stderr)")
        var described = ""
        for _ in 0..<100 {
            described = try await aws([
                "describe-execution", "--execution-arn", "arn:aws:states:us-east-1:123456789012:execution:Sleeper:long",
            ]).stdout
            if described.contains("ABORTED") { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(described.contains(#""status": "ABORTED""#) && described.contains(#""error": "Halt""#), "\(described)")
    }

    @Test(.enabled(if: ServeServer.hasBoto3, "needs python3 with boto3 (pip install boto3)"))
    func resourcesOutliveARestart() async throws {
        let first = try ServeServer()
        let (before, passedBefore) = try await boto3(first, "before-restart")
        first.stop()
        #expect(before.status == 0 && passedBefore.contains("before restart"), "\(before.stdout)\n\(before.stderr)")
        let second = try ServeServer(store: first.store)
        defer { second.stop() }
        let (after, passed) = try await boto3(second, "after-restart")
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        for check in [
            "state machine kept across a restart", "tags kept", "versions kept", "aliases kept", "activities kept",
            "execution kept with its alias", "alias runs after a restart", "machine numbering goes on",
        ] {
            #expect(passed.contains(check), "boto3 check '\(check)' did not pass:\n\(after.stdout)")
        }
    }
}
