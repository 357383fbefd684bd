import SFNJSON
import Testing

@testable import SFNCore

/// The resources map's container, Lambda-code and state-machine entries, and how a container task
/// finds its image and merges its overrides.
@Suite struct IntegrationEntryTests {
    func map(_ text: String, base: String? = "/maps") throws -> ResourceMap {
        try ResourceMap(parsing: text, baseDirectory: base)
    }

    func refusal(_ text: String) -> String {
        do throws(StatesError) {
            _ = try ResourceMap(parsing: text, baseDirectory: "/maps")
            return ""
        } catch {
            return error.cause ?? ""
        }
    }

    @Test func entriesOfEachKindAreReadWithPathsFromTheMapFolder() throws {
        let m = try map(
            """
            {"report": {"image": "alpine:3", "command": "sh -c date", "memory": 512, "cpus": 0.5},
             "Fn": {"runtime": "python3.12", "handler": "app.handler", "codeUri": "src"},
             "arn:aws:states:us-east-1:1:stateMachine:Child": {"definition": "child.asl.json"},
             "plain": "cat"}
            """)
        let image = try #require(m.integrations.container(["nope", "report"]))
        #expect(image.image == "alpine:3")
        #expect(image.command == ["sh", "-c", "date"])
        #expect(image.memory == "512m")
        #expect(image.cpus == 0.5)
        let code = try #require(
            m.integrations.lambdaCode.lookup(function: "arn:aws:lambda:eu-west-1:9:function:Fn:live"))
        #expect(code.kind == .python)
        #expect(code.codeUri == "/maps/src")
        #expect(code.timeout == 3)
        #expect(m.integrations.stateMachine("Child")?.definition == "/maps/child.asl.json")
        #expect(m.integrations.stateMachine("arn:aws:states:us-east-1:1:stateMachine:Child")?.name == "Child")
        #expect(m.command(forResource: "plain")?.line == "cat")
    }

    @Test(arguments: [
        (#"{"x": {"image": "a", "ports": [80]}}"#, "Resource 'x' has an unknown field 'ports'"),
        (#"{"x": {"image": 3}}"#, "Resource 'x': image must be a string."),
        (#"{"x": {"image": "a", "command": [1]}}"#, "Resource 'x': command must be an array of strings."),
        (#"{"x": {"image": "a", "cpus": -1}}"#, "Resource 'x': cpus must be a positive number."),
        (#"{"x": {"runtime": "ruby3.3", "handler": "a.b"}}"#, "the runtime 'ruby3.3' cannot run here"),
        (#"{"x": {"runtime": "python3", "handler": "nodot"}}"#, "must be FILE.FUNCTION"),
        (#"{"x": {"handler": "a.b"}}"#, "Resource 'x' needs a string \"runtime\"."),
        (#"{"x": {"workingDirectory": "d"}}"#, "or \"image\" for a container"),
    ])
    func badEntriesSayWhatIsWrong(text: String, expected: String) {
        #expect(refusal(text).contains(expected), "\(refusal(text))")
    }

    func task(_ resource: String, _ parameters: JSONValue) -> ContainerTask {
        let (service, sync) = ContainerTask.parse(resource)!
        return ContainerTask(
            service, sync: sync, request: TaskRequest(resource: resource, stateName: "S", input: parameters))
    }

    @Test func resourcesAreRecognised() {
        #expect(ContainerTask.parse("arn:aws:states:::ecs:runTask")! == (.ecs, false))
        #expect(ContainerTask.parse("arn:aws-cn:states:::batch:submitJob.sync")! == (.batch, true))
        #expect(ContainerTask.parse("arn:aws:states:::eks:runJob.sync")! == (.eks, true))
        #expect(ContainerTask.parse("arn:aws:states:::ecs:runTask.waitForTaskToken") == nil)
        #expect(ContainerTask.parse("arn:aws:states:::eks:call") == nil)
        #expect(NestedExecution.parse("arn:aws:states:::states:startExecution.sync:2") == .sync2)
        #expect(NestedExecution.parse("arn:aws:states:::states:startExecution.waitForTaskToken") == nil)
    }

    @Test func lookupKeysGoFromTheDefinitionToTheResource() {
        let ecs = task(
            "arn:aws:states:::ecs:runTask.sync",
            ["TaskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/report:3"])
        #expect(
            ecs.lookupKeys == [
                "arn:aws:ecs:us-east-1:1:task-definition/report:3", "report:3", "report",
                "arn:aws:states:::ecs:runTask.sync", "arn:aws:states:::ecs:runTask",
            ])
        let eks = task("arn:aws:states:::eks:runJob", ["ClusterName": "analytics"])
        #expect(eks.lookupKeys.first == "analytics")
    }

    @Test func overridesWinOverTheEntry() throws {
        var image = ContainerImage(
            image: "worker:1", command: ["work"], environment: [.init("A", "entry"), .init("B", "b")])
        image.memory = "128m"
        let launch = try #require(
            try task(
                "arn:aws:states:::ecs:runTask.sync",
                [
                    "TaskDefinition": "worker",
                    "Overrides": [
                        "Memory": "2048",
                        "ContainerOverrides": [["Name": "main", "Environment": [["Name": "A", "Value": "override"]]]],
                    ],
                ]
            ).launch(image))
        #expect(launch.memory == "2048m")
        #expect(launch.environment.map(\.value) == ["override", "b"])
        #expect(launch.arguments == ["work"])
        #expect(
            launch.argv(runtime: "podman", containerId: "c1", detached: true) == [
                "podman", "run", "--rm", "--name", "c1", "-d", "--memory", "2048m", "-e", "A=override", "-e", "B=b",
                "worker:1", "work",
            ])
    }

    @Test func anOverrideForAnotherContainerIsRefusedAsECSRefusesIt() throws {
        var image = ContainerImage(image: "worker:1")
        image.containerName = "main"
        let t = task(
            "arn:aws:states:::ecs:runTask.sync",
            ["TaskDefinition": "worker", "Overrides": ["ContainerOverrides": [["Name": "sidecar"]]]])
        #expect(
            throws: StatesError(
                "ECS.InvalidParameterException",
                "Override for container named sidecar is not a container in the TaskDefinition.")
        ) {
            _ = try t.launch(image)
        }
    }

    @Test(arguments: [("500m", 0.5), ("2", 2.0), ("0.25", 0.25)])
    func kubernetesCPU(text: String, cpus: Double) {
        #expect(ContainerLaunch.kubernetesCPU(text) == cpus)
    }

    @Test(arguments: [("512Mi", "512m"), ("1Gi", "1g"), ("1M", "1000000"), ("1048576", "1048576")])
    func kubernetesMemory(text: String, docker: String) {
        #expect(ContainerLaunch.kubernetesMemory(text) == docker)
    }

    @Test func nestedInputIsTheInputParameter() {
        func input(_ value: JSONValue?) -> JSONValue {
            var params = JSONObject()
            if let value { params.append("Input", value) }
            return NestedExecution(
                pattern: .sync, request: TaskRequest(resource: "r", stateName: "S", input: .object(params))
            ).childInput()
        }
        #expect(input(nil) == .object(JSONObject()))
        #expect(input(.null) == .object(JSONObject()))
        #expect(input(#"{"a": 1}"#) == ["a": 1])
        #expect(input("not json") == "not json")
        #expect(input([1, 2]) == [1, 2])
    }
}
