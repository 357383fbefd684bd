import Foundation
import SFNJSON
import Testing

/// `states:startExecution` (fire-and-forget, `.sync`, `.sync:2`) running a local child definition
/// named in the resources map, through the built binary.
@Suite struct NestedExecutionCLITests {
    /// A folder with the child definition, a resources map and a parent calling `resource`.
    func project(_ resource: String, parameters: String, catchFailure: Bool = false) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-nested-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let child = """
            {"StartAt": "Shout", "States": {
              "Shout": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Shout",
                        "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.NAME", "StringEquals": "BAD", "Next": "Refuse"}],
                        "Default": "Done"},
              "Done": {"Type": "Succeed"},
              "Refuse": {"Type": "Fail", "Error": "Greeting.Refused", "Cause": "no greeting for BAD"}}}
            """
        let handler = catchFailure ? #", "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}]"# : ""
        let caught =
            #", "Caught": {"Type": "Pass", "Parameters": {"child.$": "States.StringToJson($.Cause)"}, "End": true}"#
        let parent = """
            {"StartAt": "Start", "States": {
              "Start": {"Type": "Task", "Resource": "\(resource)", "Parameters": \(parameters)\(handler), "End": true}\(
                catchFailure ? caught : "")}}
            """
        let resources = """
            {"arn:aws:states:us-east-1:123456789012:stateMachine:Greeter": {"definition": "child.asl.json"},
             "Shout": "tr a-z A-Z"}
            """
        for (name, text) in [("child.asl.json", child), ("parent.asl.json", parent), ("resources.json", resources)] {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir.path
    }

    static let greeter = "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter"

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    func run(_ dir: String, input: String, store: String? = nil) async throws -> CLIRun {
        var args = ["run", "\(dir)/parent.asl.json", "--resources", "\(dir)/resources.json", "--input", input]
        args += store.map { ["--store", $0] } ?? ["--no-store"]
        return try await CLI.run(args)
    }

    @Test func sync2ReturnsOutputAsJSONAndRecordsTheChild() async throws {
        let dir = try project(
            "arn:aws:states:::states:startExecution.sync:2",
            parameters: #"{"StateMachineArn": "\#(Self.greeter)", "Input": {"name.$": "$.name"}, "Name.$": "$.run"}"#)
        let store = "\(dir)/sfn.db"
        let r = try await run(dir, input: #"{"name": "ann", "run": "greet-1"}"#, store: store)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r.stdout)
        #expect(out["Output"] == ["NAME": "ANN"])
        #expect(out["Input"] == ["name": "ann"])
        #expect(out["Status"] == "SUCCEEDED")
        #expect(out["Name"] == "greet-1")
        #expect(out["ExecutionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Greeter:greet-1")
        #expect(out["StateMachineArn"] == .string(Self.greeter))
        #expect(out["InputDetails"] == ["Included": true])
        #expect(out["StartDate"]?.intValue != nil && out["StopDate"]?.intValue != nil)

        let listed = try await CLI.run(["executions", "--store", store])
        let child = listed.stdout.split(separator: "\n").first { $0.hasPrefix("greet-1 ") }
        #expect(child?.contains("SUCCEEDED") == true, "\(listed.stdout)")
        #expect(child?.contains("Greeter") == true)

        // The name is the child's: a second start with it is refused, as AWS refuses it.
        let again = try await run(dir, input: #"{"name": "bob", "run": "greet-1"}"#, store: store)
        #expect(again.status == 1)
        #expect(try json(again.stderrLastLine)["error"] == "StepFunctions.ExecutionAlreadyExistsException")
    }

    @Test func syncReturnsInputAndOutputAsText() async throws {
        let dir = try project(
            "arn:aws:states:::states:startExecution.sync",
            parameters: #"{"StateMachineArn": "\#(Self.greeter)", "Input": {"name.$": "$.name"}}"#)
        let r = try await run(dir, input: #"{"name": "ann"}"#)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r.stdout)
        #expect(out["Output"] == #"{"NAME":"ANN"}"#)
        #expect(out["Input"] == #"{"name":"ann"}"#)
        #expect(
            out.objectValue?.keys.sorted() == [
                "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "StartDate",
                "StateMachineArn", "Status", "StopDate",
            ])
    }

    @Test func startReturnsTheExecutionArnAndStartDate() async throws {
        let dir = try project(
            "arn:aws:states:::states:startExecution",
            parameters: #"{"StateMachineArn": "\#(Self.greeter)", "Input": "{\"name\": \"BAD\"}", "Name": "bg"}"#)
        let r = try await run(dir, input: "{}")
        // The child fails, but StartExecution itself succeeded.
        #expect(r.status == 0, "\(r.stderr)")
        let out = try json(r.stdout)
        #expect(out.objectValue?.keys.sorted() == ["ExecutionArn", "StartDate"])
        #expect(out["ExecutionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Greeter:bg")
    }

    @Test func failedChildFailsTheTaskWithItsDescription() async throws {
        let dir = try project(
            "arn:aws:states:::states:startExecution.sync",
            parameters: #"{"StateMachineArn": "\#(Self.greeter)", "Input": {"name": "bad"}, "Name": "b1"}"#)
        let r = try await run(dir, input: "{}")
        #expect(r.status == 1)
        let line = try json(r.stderrLastLine)
        #expect(line["error"] == "States.TaskFailed")
        let cause = try json(line["cause"]?.stringValue ?? "")
        #expect(cause["Status"] == "FAILED")
        #expect(cause["Error"] == "Greeting.Refused")
        #expect(cause["Cause"] == "no greeting for BAD")
        #expect(cause["Name"] == "b1")
        #expect(cause["Output"] == nil)

        let caught = try project(
            "arn:aws:states:::states:startExecution.sync:2",
            parameters: #"{"StateMachineArn": "\#(Self.greeter)", "Input": {"name": "bad"}}"#, catchFailure: true)
        let c = try await run(caught, input: "{}")
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try json(c.stdout)["child"]?["Error"] == "Greeting.Refused")
    }

    @Test func unknownStateMachineSaysWhatToMap() async throws {
        let dir = try project(
            "arn:aws:states:::states:startExecution.sync",
            parameters: #"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Other"}"#)
        let r = try await run(dir, input: "{}")
        #expect(r.status == 1)
        let line = try json(r.stderrLastLine)
        #expect(line["error"] == "States.Runtime")
        #expect(line["cause"]?.stringValue?.contains(#"{"Child": {"definition": "child.asl.json"}}"#) == true)
    }
}
