import SFNJSON

/// Running the container and describing what happened in AWS's shapes.
extension ContainerTask {
    /// One container run: its ids, times and how it ended.
    struct Outcome {
        var id: String
        var containerId: String
        var launch: ContainerLaunch
        var created: Double
        var stopped: Double
        /// The container's exit code; nil when it never ran (the runtime refused it).
        var exitCode: Int?
        /// Why it never ran: the runtime's last line of stderr.
        var reason: String?
    }

    /// The exit status `docker run` and `podman run` give when they could not create or start
    /// the container (no such image, a bad option); any other status is the container's own.
    static let runtimeFailureStatus: Int32 = 125

    func run(_ launch: ContainerLaunch, runtime: String, runner: ShellRunner) async throws(StatesError)
        -> JSONValue
    {
        let id = String(LambdaInvokeResponse.randomUUID().filter { $0 != "-" })
        let containerId = "sfn-\(service.rawValue)-\(id.prefix(12))"
        let argv = launch.argv(runtime: runtime, containerId: containerId, detached: !sync)
        var command = ShellCommand(runtime)
        command.argv = argv
        command.usesShell = false
        command.line = argv.joined(separator: " ")
        let created = ExecutionOptions.systemNowMillis()
        // The runtime is sfn's tool, not the task's code: it sees sfn's whole environment; the
        // container gets only what the task and the map give it (its `-e` arguments).
        var runner = runner
        runner.inheritedVariables = ShellRunner.processVariableNames()
        let result: ShellOutcome
        do {
            result = try await runner.run(command, input: [], timeoutSeconds: sync ? request.timeoutSeconds : nil)
        } catch {
            throw StatesError(
                "States.Runtime",
                "The \(service.rawValue) task of state '\(request.stateName)' runs containers with '\(runtime)', which "
                    + "could not be started (\(error.cause ?? error.error.rawValue)). Install docker or podman, or "
                    + "name the runtime with --container-runtime.")
        }
        switch result.ending {
        case .timedOut:
            await remove(containerId, runtime: runtime, runner: runner)
            throw StatesError(
                "States.Timeout",
                "The container \(containerId) (\(launch.image)) of state '\(request.stateName)' did not finish within "
                    + "its TimeoutSeconds; it was removed.")
        case .cancelled, .heartbeatTimedOut:
            await remove(containerId, runtime: runtime, runner: runner)
            throw StatesError.cancelled
        case .outputTooLarge, .finished:
            break
        }
        var outcome = Outcome(
            id: id, containerId: containerId, launch: launch, created: created,
            stopped: ExecutionOptions.systemNowMillis())
        let status = result.exitStatus ?? (128 + (result.terminatingSignal ?? 9))
        if status == Self.runtimeFailureStatus {
            let text = String(decoding: result.stderr, as: UTF8.self)
            let lines = text.split(separator: "\n").map { $0.filter { $0 != "\r" } }
            // The runtime's error line, not the "Run 'docker run --help'" hint that may follow it.
            let meaningful = lines.filter { $0.contains { $0 != " " } && !$0.hasPrefix("Run '") }
            outcome.reason =
                (meaningful.first(where: { $0.lowercased().contains("error") }) ?? meaningful.last).map {
                    String($0)
                } ?? "\(runtime) run exited with status 125"
        } else {
            outcome.exitCode = Int(status)
        }
        return try describe(outcome)
    }

    /// The result, or the failure, for a finished run.
    private func describe(_ o: Outcome) throws(StatesError) -> JSONValue {
        if !sync {
            switch service {
            case .ecs: return ecsRunTaskResponse(o)
            case .batch, .eks:
                if let reason = o.reason {
                    throw StatesError(
                        "States.TaskFailed", "The container \(o.launch.image) could not be started: \(reason)")
                }
                return service == .batch ? batchSubmitResponse(o) : eksJob(o, running: true)
            }
        }
        let succeeded = o.exitCode == 0
        let description: JSONValue
        switch service {
        case .ecs: description = ecsTask(o, stopped: true)
        case .batch: description = batchJob(o)
        case .eks: description = eksJob(o, running: false)
        }
        guard succeeded else { throw StatesError("States.TaskFailed", JSONPrinter.compact(description)) }
        return description
    }

    /// `docker rm -f`: a container whose task timed out or was stopped does not run on. It runs
    /// in a task of its own, as the stopped task's cancellation would end it at once, and with a
    /// runner of its own, whose process the stopped execution's supervisor does not end.
    private func remove(_ containerId: String, runtime: String, runner _: ShellRunner) async {
        var runner = ShellRunner()
        runner.inheritedVariables = ShellRunner.processVariableNames()
        var command = ShellCommand(runtime)
        command.argv = [runtime, "rm", "-f", containerId]
        command.usesShell = false
        await Task.detached {
            _ = try? await runner.run(command, input: [], timeoutSeconds: 30)
        }.value
    }

    // MARK: ECS

    private var ecsCluster: String {
        let c = parameters["Cluster"]?.stringValue ?? "default"
        if c.hasPrefix("arn:") { return c }
        return "arn:aws:ecs:\(region):\(account):cluster/\(c)"
    }

    private var clusterName: String { String(ecsCluster.split(separator: "/").last ?? "default") }

    private var taskDefinitionArn: String {
        let td = parameters["TaskDefinition"]?.stringValue ?? "task"
        if td.hasPrefix("arn:") { return td }
        return "arn:aws:ecs:\(region):\(account):task-definition/\(td.contains(":") ? td : td + ":1")"
    }

    /// A task as DescribeTasks gives it (Step Functions' PascalCase), STOPPED or just started.
    func ecsTask(_ o: Outcome, stopped: Bool) -> JSONValue {
        let taskArn = "arn:aws:ecs:\(region):\(account):task/\(clusterName)/\(o.id)"
        var container = JSONObject()
        container.append("ContainerArn", .string("arn:aws:ecs:\(region):\(account):container/\(clusterName)/\(o.id)"))
        if stopped, let code = o.exitCode { container.append("ExitCode", .int(code)) }
        container.append("Image", .string(o.launch.image))
        container.append("LastStatus", stopped ? "STOPPED" : "PENDING")
        container.append("Name", .string(o.launch.name))
        if stopped, let reason = o.reason { container.append("Reason", .string(reason)) }
        container.append("RuntimeId", .string(o.containerId))
        container.append("TaskArn", .string(taskArn))
        var t = JSONObject()
        t.append("ClusterArn", .string(ecsCluster))
        t.append("Containers", [.object(container)])
        if let cpus = o.launch.cpus { t.append("Cpu", .string(String(Int(cpus * 1024)))) }
        t.append("CreatedAt", .int(Int(o.created)))
        t.append("DesiredStatus", stopped ? "STOPPED" : "RUNNING")
        if let group = parameters["Group"]?.stringValue { t.append("Group", .string(group)) }
        t.append("LastStatus", stopped ? "STOPPED" : "PROVISIONING")
        t.append("LaunchType", .string(parameters["LaunchType"]?.stringValue ?? "FARGATE"))
        if let memory = o.launch.memory {
            t.append("Memory", .string(memory.hasSuffix("m") ? String(memory.dropLast()) : memory))
        }
        t.append("Overrides", parameters["Overrides"] ?? ["ContainerOverrides": []])
        if stopped, o.exitCode != nil { t.append("StartedAt", .int(Int(o.created))) }
        t.append("StartedBy", "AWS Step Functions")
        if stopped {
            if let reason = o.reason {
                t.append("StopCode", "TaskFailedToStart")
                t.append("StoppedReason", .string("CannotStartContainerError: \(reason)"))
            } else {
                t.append("StopCode", "EssentialContainerExited")
                t.append("StoppedReason", "Essential container in task exited")
            }
            t.append("StoppedAt", .int(Int(o.stopped)))
        }
        t.append("TaskArn", .string(taskArn))
        t.append("TaskDefinitionArn", .string(taskDefinitionArn))
        t.append("Version", .int(stopped ? 4 : 1))
        return .object(t)
    }

    /// RunTask's response: the started task, or a failure entry when it could not start (RunTask
    /// answers 200 with `Failures`; the request-response pattern does not fail on it).
    private func ecsRunTaskResponse(_ o: Outcome) -> JSONValue {
        if let reason = o.reason {
            return ["Failures": [["Arn": .string(taskDefinitionArn), "Reason": .string(reason)]], "Tasks": []]
        }
        return ["Failures": [], "Tasks": [ecsTask(o, stopped: false)]]
    }

    // MARK: Batch

    private var jobDefinitionArn: String {
        let jd = parameters["JobDefinition"]?.stringValue ?? "job"
        if jd.hasPrefix("arn:") { return jd }
        return "arn:aws:batch:\(region):\(account):job-definition/\(jd.contains(":") ? jd : jd + ":1")"
    }

    private var jobQueueArn: String {
        let q = parameters["JobQueue"]?.stringValue ?? "default"
        if q.hasPrefix("arn:") { return q }
        return "arn:aws:batch:\(region):\(account):job-queue/\(q)"
    }

    private var jobName: String { parameters["JobName"]?.stringValue ?? "job" }

    private func jobId(_ o: Outcome) -> String { uuid(o.id) }

    private func uuid(_ hex: String) -> String {
        let h = Array(hex)
        guard h.count >= 32 else { return hex }
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(h[$0]) }.joined(separator: "-")
    }

    /// SubmitJob's response.
    private func batchSubmitResponse(_ o: Outcome) -> JSONValue {
        [
            "JobArn": .string("arn:aws:batch:\(region):\(account):job/\(jobId(o))"),
            "JobId": .string(jobId(o)),
            "JobName": .string(jobName),
        ]
    }

    /// A job as DescribeJobs gives it, SUCCEEDED or FAILED.
    func batchJob(_ o: Outcome) -> JSONValue {
        let taskArn = "arn:aws:ecs:\(region):\(account):task/batch/\(o.id)"
        let logStream =
            "\(family(parameters["JobDefinition"]?.stringValue, marker: ":job-definition/"))/default/\(o.id)"
        let reason = o.reason.map { "CannotStartContainerError: \($0)" } ?? "Essential container in task exited"
        var container = JSONObject()
        if let command = o.launch.arguments { container.append("Command", .array(command.map(JSONValue.string))) }
        container.append(
            "Environment",
            .array(o.launch.environment.map { ["Name": .string($0.name), "Value": .string($0.value)] }))
        if let code = o.exitCode { container.append("ExitCode", .int(code)) }
        container.append("Image", .string(o.launch.image))
        container.append("LogStreamName", .string(logStream))
        if let r = o.reason { container.append("Reason", .string(r)) }
        var requirements: [JSONValue] = []
        if let memory = o.launch.memory {
            requirements.append([
                "Type": "MEMORY", "Value": .string(memory.hasSuffix("m") ? String(memory.dropLast()) : memory),
            ])
        }
        if let cpus = o.launch.cpus {
            requirements.append(["Type": "VCPU", "Value": .string(ContainerLaunch.decimal(cpus))])
        }
        container.append("ResourceRequirements", .array(requirements))
        container.append("TaskArn", .string(taskArn))
        var attempt = JSONObject()
        var attemptContainer = JSONObject()
        if let code = o.exitCode { attemptContainer.append("ExitCode", .int(code)) }
        attemptContainer.append("LogStreamName", .string(logStream))
        attemptContainer.append("TaskArn", .string(taskArn))
        attempt.append("Container", .object(attemptContainer))
        attempt.append("StartedAt", .int(Int(o.created)))
        attempt.append("StatusReason", .string(reason))
        attempt.append("StoppedAt", .int(Int(o.stopped)))
        var job = JSONObject()
        job.append("Attempts", [.object(attempt)])
        job.append("Container", .object(container))
        job.append("CreatedAt", .int(Int(o.created)))
        job.append("DependsOn", [])
        job.append("JobArn", .string("arn:aws:batch:\(region):\(account):job/\(jobId(o))"))
        job.append("JobDefinition", .string(jobDefinitionArn))
        job.append("JobId", .string(jobId(o)))
        job.append("JobName", .string(jobName))
        job.append("JobQueue", .string(jobQueueArn))
        job.append("Parameters", parameters["Parameters"] ?? .object(JSONObject()))
        job.append("StartedAt", .int(Int(o.created)))
        job.append("Status", o.exitCode == 0 ? "SUCCEEDED" : "FAILED")
        job.append("StatusReason", .string(reason))
        job.append("StoppedAt", .int(Int(o.stopped)))
        job.append("Tags", parameters["Tags"] ?? .object(JSONObject()))
        return .object(job)
    }

    // MARK: EKS

    /// The Kubernetes Job as the API server describes it: the manifest given, with metadata and
    /// a status (Complete with `succeeded: 1`, or Failed with `failed: 1`).
    func eksJob(_ o: Outcome, running: Bool) -> JSONValue {
        var job = parameters["Job"]?.objectValue ?? JSONObject()
        var metadata = job["metadata"]?.objectValue ?? JSONObject()
        if metadata["name"] == nil { metadata.append("name", .string("sfn-job-\(o.id.prefix(8))")) }
        metadata["namespace"] = .string(parameters["Namespace"]?.stringValue ?? "default")
        metadata["uid"] = .string(uuid(o.id))
        metadata["creationTimestamp"] = .string(Timestamp.format(millis: o.created))
        job["apiVersion"] = job["apiVersion"] ?? "batch/v1"
        job["kind"] = job["kind"] ?? "Job"
        job["metadata"] = .object(metadata)
        var status = JSONObject()
        status.append("startTime", .string(Timestamp.format(millis: o.created)))
        if !running {
            let ok = o.exitCode == 0
            let condition: JSONValue = [
                "lastTransitionTime": .string(Timestamp.format(millis: o.stopped)),
                "message": .string(ok ? "" : o.reason ?? "Job has reached the specified backoff limit"),
                "reason": .string(ok ? "" : "BackoffLimitExceeded"),
                "status": "True",
                "type": .string(ok ? "Complete" : "Failed"),
            ]
            if ok { status.append("completionTime", .string(Timestamp.format(millis: o.stopped))) }
            status.append("conditions", [condition])
            status.append(ok ? "succeeded" : "failed", 1)
        } else {
            status.append("active", 1)
        }
        job["status"] = .object(status)
        return .object(job)
    }
}
