import Foundation
import SFNJSON
import Testing

/// ECS, Batch and EKS tasks through the built binary with a fake `docker` on PATH: the arguments
/// the runtime gets, and the results and errors in AWS's shapes.
@Suite(.serialized)
struct ContainerCLITests {
    static let example = CLI.packageRoot.appendingPathComponent("definitions/container-job").path

    func file(_ name: String) -> String { "\(Self.example)/\(name)" }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// A call's arguments with the generated container name replaced by NAME.
    func normalized(_ call: [String]) -> [String] {
        call.map { $0.hasPrefix("sfn-") ? "NAME" : $0 }
    }

    /// A one-state definition whose Task calls `resource` with `parameters` (JSON text).
    func oneTask(_ resource: String, _ parameters: String, extra: String = "") throws -> String {
        try CLI.temporaryFile(
            """
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "\(resource)",
             "Parameters": \(parameters)\(extra), "End": true}}}
            """, name: "task.asl.json")
    }

    @Test func containerJobExampleRunsBatchThenECS() async throws {
        let fake = try FakeContainerRuntime()
        let run = try await fake.run([
            "run", file("container-job.asl.json"), "--input", file("input.json"), "--resources",
            file("resources.json"), "--no-store",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try json(run.stdout) == json(String(contentsOfFile: file("expected.json"), encoding: .utf8)))
        let calls = fake.calls().map(normalized)
        #expect(calls.count == 2)
        // Batch: the job's vCPUs and memory as limits, the entry's variables then the overrides',
        // the command with Ref::day filled from the job's Parameters.
        #expect(
            calls.first == [
                "run", "--rm", "--name", "NAME", "--cpus", "2", "--memory", "2048m", "-e", "LOG_LEVEL=info", "-e",
                "BUCKET=reports-dev", "-e", "REPORT_DAY=2026-06-01", "alpine:3.20", "sh", "-c",
                "echo building the report of $REPORT_DAY into $BUCKET", "build", "2026-06-01",
            ])
        // ECS: the task definition's command and limits, the override's variable.
        #expect(
            calls.last == [
                "run", "--rm", "--name", "NAME", "--cpus", "0.25", "--memory", "256m", "-e", "REPORT_DAY=2026-06-01",
                "alpine:3.20", "sh", "-c", "echo publishing the report of $REPORT_DAY",
            ])
    }

    @Test func failedJobIsCaughtWithItsExitCode() async throws {
        let fake = try FakeContainerRuntime()
        let run = try await fake.run(
            [
                "run", file("container-job.asl.json"), "--input", file("input.json"), "--resources",
                file("resources.json"), "--no-store",
            ], exit: 2)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try json(run.stdout) == json(String(contentsOfFile: file("expected-failed.json"), encoding: .utf8)))
        #expect(fake.calls().count == 1, "the ECS task must not run after a failed build")

        // A container that never started has no exit code: the example says why instead.
        let refused = try await fake.run(
            [
                "run", file("container-job.asl.json"), "--input", file("input.json"), "--resources",
                file("resources.json"), "--no-store",
            ], exit: 125)
        #expect(refused.status == 0, "\(refused.stderr)")
        let out = try json(refused.stdout)
        #expect(out["status"] == "FAILED")
        #expect(
            out["reason"]
                == "CannotStartContainerError: docker: Error response from daemon: pull access denied for missing")
    }

    @Test func ecsSyncResultAndFailureShapes() async throws {
        let resources = try CLI.temporaryFile(#"{"worker": {"image": "busybox:1"}}"#, name: "resources.json")
        let def = try oneTask(
            "arn:aws:states:::ecs:runTask.sync",
            #"{"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs", "TaskDefinition": "worker:7", "#
                + #""Overrides": {"Cpu": "1024", "Memory": "512", "ContainerOverrides": [{"Name": "main", "#
                + #""Command": ["run", "--fast"], "Environment": [{"Name": "A", "Value": "1"}]}]}}"#)
        let fake = try FakeContainerRuntime()
        let ok = try await fake.run(["run", def, "--resources", resources, "--no-store"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let task = try json(ok.stdout)
        #expect(task["LastStatus"] == "STOPPED")
        #expect(task["DesiredStatus"] == "STOPPED")
        #expect(task["StopCode"] == "EssentialContainerExited")
        #expect(task["StoppedReason"] == "Essential container in task exited")
        #expect(task["StartedBy"] == "AWS Step Functions")
        #expect(task["ClusterArn"] == "arn:aws:ecs:us-east-1:123456789012:cluster/jobs")
        #expect(task["TaskDefinitionArn"] == "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:7")
        #expect(task["TaskArn"]?.stringValue?.hasPrefix("arn:aws:ecs:us-east-1:123456789012:task/jobs/") == true)
        #expect(task["Containers"]?[0]?["ExitCode"] == 0)
        #expect(task["Containers"]?[0]?["Name"] == "main")
        #expect(task["Containers"]?[0]?["Image"] == "busybox:1")
        #expect(task["Cpu"] == "1024")
        #expect(task["Memory"] == "512")
        #expect(
            fake.calls().map(normalized).first == [
                "run", "--rm", "--name", "NAME", "--cpus", "1", "--memory", "512m", "-e", "A=1", "busybox:1", "run",
                "--fast",
            ])

        let failed = try await fake.run(["run", def, "--resources", resources, "--no-store"], exit: 3)
        #expect(failed.status == 1)
        let line = try json(failed.stderrLastLine)
        #expect(line["error"] == "States.TaskFailed")
        let cause = try json(try #require(line["cause"]?.stringValue))
        #expect(cause["Containers"]?[0]?["ExitCode"] == 3)
        #expect(cause["LastStatus"] == "STOPPED")
        #expect(cause["StopCode"] == "EssentialContainerExited")
    }

    @Test func batchSyncResultAndFailureShapes() async throws {
        let resources = try CLI.temporaryFile(
            #"{"arn:aws:batch:us-east-1:123456789012:job-definition/etl:2": {"image": "etl:latest", "#
                + #""command": ["etl", "--all"]}}"#, name: "resources.json")
        let def = try oneTask(
            "arn:aws:states:::batch:submitJob.sync",
            #"{"JobName": "etl-run", "JobQueue": "etl-queue", "#
                + #""JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/etl:2", "#
                + #""ContainerOverrides": {"Vcpus": 4, "Memory": 4096}}"#)
        let fake = try FakeContainerRuntime()
        let ok = try await fake.run(["run", def, "--resources", resources, "--no-store"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let job = try json(ok.stdout)
        #expect(job["Status"] == "SUCCEEDED")
        #expect(job["StatusReason"] == "Essential container in task exited")
        #expect(job["JobName"] == "etl-run")
        #expect(job["JobQueue"] == "arn:aws:batch:us-east-1:123456789012:job-queue/etl-queue")
        #expect(job["JobDefinition"] == "arn:aws:batch:us-east-1:123456789012:job-definition/etl:2")
        #expect(job["Container"]?["ExitCode"] == 0)
        #expect(job["Container"]?["Image"] == "etl:latest")
        #expect(job["Attempts"]?[0]?["Container"]?["ExitCode"] == 0)
        let id = try #require(job["JobId"]?.stringValue)
        #expect(job["JobArn"]?.stringValue == "arn:aws:batch:us-east-1:123456789012:job/\(id)")
        #expect(
            fake.calls().map(normalized).first == [
                "run", "--rm", "--name", "NAME", "--cpus", "4", "--memory", "4096m", "etl:latest", "etl", "--all",
            ])

        let failed = try await fake.run(["run", def, "--resources", resources, "--no-store"], exit: 137)
        #expect(failed.status == 1)
        let line = try json(failed.stderrLastLine)
        #expect(line["error"] == "States.TaskFailed")
        let cause = try json(try #require(line["cause"]?.stringValue))
        #expect(cause["Status"] == "FAILED")
        #expect(cause["Container"]?["ExitCode"] == 137)
    }

    @Test func fireAndForgetStartsDetachedAndAnswersAsTheAPIDoes() async throws {
        let resources = try CLI.temporaryFile(#"{"worker": {"image": "busybox:1"}}"#, name: "resources.json")
        let fake = try FakeContainerRuntime()
        let ecs = try await fake.run([
            "run", try oneTask("arn:aws:states:::ecs:runTask", #"{"TaskDefinition": "worker"}"#), "--resources",
            resources, "--no-store",
        ])
        #expect(ecs.status == 0, "\(ecs.stderr)")
        let response = try json(ecs.stdout)
        #expect(response["Failures"] == [])
        #expect(response["Tasks"]?[0]?["LastStatus"] == "PROVISIONING")
        #expect(response["Tasks"]?[0]?["DesiredStatus"] == "RUNNING")
        #expect(fake.calls().first?.contains("-d") == true)

        let batch = try await fake.run([
            "run",
            try oneTask(
                "arn:aws:states:::batch:submitJob", #"{"JobName": "n", "JobQueue": "q", "JobDefinition": "worker"}"#),
            "--resources", resources, "--no-store",
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        let submitted = try json(batch.stdout)
        #expect(submitted.objectValue?.keys.sorted() == ["JobArn", "JobId", "JobName"])
        #expect(submitted["JobName"] == "n")

        // An image the runtime cannot start: RunTask answers with Failures, not an error.
        let refused = try await fake.run(
            [
                "run", try oneTask("arn:aws:states:::ecs:runTask", #"{"TaskDefinition": "worker"}"#), "--resources",
                resources, "--no-store",
            ], exit: 125)
        #expect(refused.status == 0, "\(refused.stderr)")
        #expect(
            try json(refused.stdout)["Failures"]?[0]?["Reason"]?.stringValue?.contains("pull access denied") == true)
    }

    @Test func eksJobRunsTheManifestContainer() async throws {
        let def = try oneTask(
            "arn:aws:states:::eks:runJob.sync",
            #"{"ClusterName": "analytics", "Namespace": "jobs", "Job": {"apiVersion": "batch/v1", "kind": "Job", "#
                + #""metadata": {"name": "crunch"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "#
                + #""image": "crunch:1", "command": ["crunch"], "args": ["--days", "7"], "#
                + #""env": [{"name": "MODE", "value": "full"}], "#
                + #""resources": {"limits": {"cpu": "500m", "memory": "512Mi"}}}], "restartPolicy": "Never"}}}}}"#)
        let fake = try FakeContainerRuntime()
        let ok = try await fake.run(["run", def, "--no-store"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let job = try json(ok.stdout)
        #expect(job["status"]?["succeeded"] == 1)
        #expect(job["status"]?["conditions"]?[0]?["type"] == "Complete")
        #expect(job["metadata"]?["namespace"] == "jobs")
        #expect(job["metadata"]?["name"] == "crunch")
        #expect(
            fake.calls().map(normalized).first == [
                "run", "--rm", "--name", "NAME", "--cpus", "0.5", "--memory", "512m", "-e", "MODE=full",
                "--entrypoint", "crunch", "crunch:1", "--days", "7",
            ])
        let failed = try await fake.run(["run", def, "--no-store"], exit: 1)
        #expect(failed.status == 1)
        let line = try json(failed.stderrLastLine)
        #expect(line["error"] == "States.TaskFailed")
        #expect(try json(try #require(line["cause"]?.stringValue))["status"]?["failed"] == 1)
    }

    @Test func runtimeIsChosenAndItsAbsenceExplained() async throws {
        let resources = try CLI.temporaryFile(#"{"worker": {"image": "busybox:1"}}"#, name: "resources.json")
        let def = try oneTask("arn:aws:states:::ecs:runTask.sync", #"{"TaskDefinition": "worker"}"#)
        let podman = try FakeContainerRuntime(name: "podman")
        let run = try await podman.run([
            "run", def, "--resources", resources, "--no-store", "--container-runtime", "podman",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(podman.calls().count == 1)

        let missing = try await CLI.run([
            "run", def, "--resources", resources, "--no-store", "--container-runtime", "/nonexistent/docker",
        ])
        #expect(missing.status == 1)
        let line = try json(missing.stderrLastLine)
        #expect(line["error"] == "States.Runtime")
        #expect(line["cause"]?.stringValue?.contains("/nonexistent/docker") == true)
        #expect(line["cause"]?.stringValue?.contains("--container-runtime") == true)

        // The runtime cannot start the container (125): the task never ran, as ECS says it.
        let refused = try await FakeContainerRuntime().run(
            ["run", def, "--resources", resources, "--no-store"], exit: 125)
        #expect(refused.status == 1)
        let cause = try json(try #require(try json(refused.stderrLastLine)["cause"]?.stringValue))
        #expect(cause["StopCode"] == "TaskFailedToStart")
        #expect(cause["Containers"]?[0]?["ExitCode"] == nil)
    }

    @Test func timedOutContainerIsRemoved() async throws {
        let resources = try CLI.temporaryFile(#"{"worker": {"image": "busybox:1"}}"#, name: "resources.json")
        let def = try oneTask(
            "arn:aws:states:::ecs:runTask.sync", #"{"TaskDefinition": "worker"}"#, extra: #", "TimeoutSeconds": 1"#)
        let fake = try FakeContainerRuntime()
        let run = try await fake.run(["run", def, "--resources", resources, "--no-store"], sleep: 30)
        #expect(run.status == 1)
        #expect(try json(run.stderrLastLine)["error"] == "States.Timeout")
        let calls = fake.calls()
        #expect(calls.count == 2)
        #expect(calls.last?.prefix(2) == ["rm", "-f"])
        #expect(calls.last?.last == calls.first?[3], "the container removed is the one started")
    }

    @Test func stoppedExecutionRemovesItsContainer() async throws {
        let resources = try CLI.temporaryFile(#"{"worker": {"image": "busybox:1"}}"#, name: "resources.json")
        let def = try oneTask("arn:aws:states:::ecs:runTask.sync", #"{"TaskDefinition": "worker"}"#)
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-stop-\(UUID().uuidString).db")
            .path
        let fake = try FakeContainerRuntime()
        async let running = fake.run(
            ["run", def, "--resources", resources, "--store", store, "--name", "long-job"], sleep: 60)
        // Stop it once the container has started.
        for _ in 0..<1000 where fake.calls().isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        let stop = try await CLI.run(["stop", "long-job", "--store", store])
        #expect(stop.status == 0, "\(stop.stderr)")
        let run = try await running
        #expect(run.status == 1)
        let calls = fake.calls()
        #expect(calls.last?.prefix(2) == ["rm", "-f"], "\(calls)")
        #expect(calls.last?.last == calls.first?[3], "the container removed is the one started")
    }

    @Test(.enabled(if: realDockerAnswers, "no container engine answers here (docker info fails)"))
    func realRuntimeRunsTheExample() async throws {
        let run = try await CLI.run(
            [
                "run", file("container-job.asl.json"), "--input", file("input.json"), "--resources",
                file("resources.json"), "--no-store",
            ], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try json(run.stdout)["publish"]?["exitCode"] == 0)
    }
}
