import Foundation
import SFNJSON
import Testing

/// Whether node is installed, for the node handler tests.
let localNode: String? = ["/usr/bin/node", "/usr/local/bin/node"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Lambda functions run from their code (python3 and node bootstraps) through the built binary:
/// the event and context Lambda gives, results, and errors as Lambda reports them.
@Suite(.enabled(if: localPython != nil, "python3 runs the Python handlers"))
struct LambdaCodeCLITests {
    static let example = CLI.packageRoot.appendingPathComponent("definitions/lambda-code").path

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// A folder with `files` (name: text) and a resources map; returns its path.
    func project(_ files: [String: String], resources: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-lambda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("src"), withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        try Data(resources.utf8).write(to: dir.appendingPathComponent("resources.json"))
        return dir.path
    }

    func invoke(_ function: String, payload: String = "{}", extra: String = "") -> String {
        #"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "#
            + #""Parameters": {"FunctionName": "\#(function)", "Payload": \#(payload)}\#(extra), "End": true}}}"#
    }

    @Test func exampleRunsItsPythonFunctions() async throws {
        let ok = try await CLI.run([
            "run", "\(Self.example)/orders.asl.json", "--input", "\(Self.example)/input.json", "--resources",
            "\(Self.example)/resources.json", "--no-store",
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try json(ok.stdout) == json(String(contentsOfFile: "\(Self.example)/expected.json", encoding: .utf8)))
        let rejected = try await CLI.run([
            "run", "\(Self.example)/orders.asl.json", "--input", "\(Self.example)/input-invalid.json", "--resources",
            "\(Self.example)/resources.json", "--no-store",
        ])
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(
            try json(rejected.stdout)
                == json(String(contentsOfFile: "\(Self.example)/expected-invalid.json", encoding: .utf8)))
        #expect(
            !FileManager.default.fileExists(atPath: "\(Self.example)/src/__pycache__"),
            "a local run leaves no bytecode in the code folder")
    }

    @Test func pythonHandlerGetsEventAndContext() async throws {
        let dir = try project(
            [
                "src/app.py": """
                import os
                def handler(event, context):
                    print("this goes to the logs, not the result")
                    return {"event": event, "requestId": context.aws_request_id,
                            "remaining": context.get_remaining_time_in_millis(), "name": context.function_name,
                            "memory": context.memory_limit_in_mb, "arn": context.invoked_function_arn,
                            "env": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "stage": os.environ["STAGE"],
                            "cwd": os.path.basename(os.getcwd())}
                """,
                "def.json": invoke("Echo:live", payload: #"{"n.$": "$.n"}"#),
            ],
            resources: #"{"Echo": {"runtime": "python3", "handler": "app.handler", "codeUri": "src", "#
                + #""timeout": 5, "memorySize": 256, "environment": {"STAGE": "test"}}}"#)
        let run = try await CLI.run([
            "run", "\(dir)/def.json", "--resources", "\(dir)/resources.json", "--input", #"{"n": 7}"#, "--no-store",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try json(run.stdout)
        #expect(out["StatusCode"] == 200)
        #expect(out["ExecutedVersion"] == "$LATEST")
        let payload = try #require(out["Payload"])
        #expect(payload["event"] == ["n": 7])
        #expect(payload["requestId"]?.stringValue?.count == 36)
        let remaining = try #require(payload["remaining"]?.intValue)
        #expect(remaining > 0 && remaining <= 5000)
        #expect(payload["name"] == "Echo")
        #expect(payload["memory"] == "256")
        #expect(payload["arn"] == "arn:aws:lambda:us-east-1:123456789012:function:Echo")
        #expect(payload["env"] == "Echo")
        #expect(payload["stage"] == "test")
        #expect(payload["cwd"] == "src")
    }

    @Test func pythonErrorsAreLambdasErrors() async throws {
        let dir = try project(
            [
                "src/app.py": """
                class PaymentDeclined(Exception):
                    pass
                def handler(event, context):
                    raise PaymentDeclined("card ending 4242 was declined")
                def slow(event, context):
                    import time
                    time.sleep(10)
                """,
                "def.json": invoke("Pay"),
                "slow.json": invoke("Slow"),
                "import.json": invoke("NoModule"),
                "missing.json": invoke("NoHandler"),
            ],
            resources: #"{"Pay": {"runtime": "python3", "handler": "app.handler", "codeUri": "src", "timeout": 60}, "#
                + #""Slow": {"runtime": "python3", "handler": "app.slow", "codeUri": "src", "timeout": 1}, "#
                + #""NoModule": {"runtime": "python3", "handler": "nothere.handler", "codeUri": "src"}, "#
                + #""NoHandler": {"runtime": "python3", "handler": "app.nothere", "codeUri": "src"}}"#)
        func failure(_ file: String) async throws -> (String, JSONValue) {
            let run = try await CLI.run(["run", "\(dir)/\(file)", "--resources", "\(dir)/resources.json", "--no-store"])
            #expect(run.status == 1)
            let line = try json(run.stderrLastLine)
            return (line["error"]?.stringValue ?? "", try json(line["cause"]?.stringValue ?? "null"))
        }
        let (error, cause) = try await failure("def.json")
        #expect(error == "PaymentDeclined")
        #expect(cause["errorType"] == "PaymentDeclined")
        #expect(cause["errorMessage"] == "card ending 4242 was declined")
        #expect(cause["stackTrace"]?[0]?.stringValue?.contains("app.py\", line 4, in handler") == true)

        let (timeout, timeoutCause) = try await failure("slow.json")
        #expect(timeout == "Sandbox.Timedout")
        #expect(timeoutCause["errorMessage"]?.stringValue?.hasSuffix("Task timed out after 1.00 seconds") == true)

        let (importError, importCause) = try await failure("import.json")
        #expect(importError == "Runtime.ImportModuleError")
        #expect(importCause["errorMessage"]?.stringValue?.hasPrefix("Unable to import module 'nothere'") == true)

        #expect(try await failure("missing.json").0 == "Runtime.HandlerNotFound")
    }

    @Test(.enabled(if: localNode != nil, "node runs the Node.js handlers"))
    func nodeHandlers() async throws {
        let dir = try project(
            [
                "src/index.js": """
                exports.handler = async (event, context) => {
                  console.log('logs go to stderr');
                  return { doubled: event.n * 2, requestId: context.awsRequestId,
                           remaining: context.getRemainingTimeInMillis(), name: context.functionName };
                };
                exports.callback = (event, context, callback) => { setTimeout(() => callback(null, { ok: true }), 10); };
                exports.fails = async () => { const e = new Error('stock is empty'); e.name = 'OutOfStock'; throw e; };
                """,
                "ok.json": invoke("Double", payload: #"{"n": 21}"#),
                "callback.json": invoke("Callback"),
                "fails.json": invoke("Fails"),
            ],
            resources: #"{"Double": {"runtime": "nodejs20.x", "handler": "index.handler", "codeUri": "src"}, "#
                + #""Callback": {"runtime": "nodejs20.x", "handler": "index.callback", "codeUri": "src"}, "#
                + #""Fails": {"runtime": "nodejs20.x", "handler": "index.fails", "codeUri": "src"}}"#)
        let ok = try await CLI.run(["run", "\(dir)/ok.json", "--resources", "\(dir)/resources.json", "--no-store"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let payload = try #require(try json(ok.stdout)["Payload"])
        #expect(payload["doubled"] == 42)
        #expect(payload["requestId"]?.stringValue?.count == 36)
        #expect((payload["remaining"]?.intValue ?? 0) > 0)
        #expect(payload["name"] == "Double")

        let callback = try await CLI.run([
            "run", "\(dir)/callback.json", "--resources", "\(dir)/resources.json", "--no-store",
        ])
        #expect(try json(callback.stdout)["Payload"] == ["ok": true], "\(callback.stderr)")

        let fails = try await CLI.run([
            "run", "\(dir)/fails.json", "--resources", "\(dir)/resources.json", "--no-store",
        ])
        #expect(fails.status == 1)
        let line = try json(fails.stderrLastLine)
        #expect(line["error"] == "OutOfStock")
        let cause = try json(line["cause"]?.stringValue ?? "null")
        #expect(cause["errorType"] == "OutOfStock")
        #expect(cause["errorMessage"] == "stock is empty")
        #expect(cause["trace"]?[0] == "OutOfStock: stock is empty")
    }

    @Test func badEntriesAreRefusedWithTheirPlace() async throws {
        let dir = try project(
            ["def.json": invoke("F")],
            resources: #"{"F": {"runtime": "java21", "handler": "app.handler"}}"#)
        let run = try await CLI.run(["run", "\(dir)/def.json", "--resources", "\(dir)/resources.json", "--no-store"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Resource 'F': the runtime 'java21' cannot run here"))
    }
    @Test func asynchronousInvocationsAreRefusedNotRunAsRequestResponse() async throws {
        let definition =
            #"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "#
            + #""Parameters": {"FunctionName": "F", "InvocationType": "Event", "Payload": {}}, "End": true}}}"#
        let dir = try project(
            ["def.json": definition, "src/app.py": "def handler(event, context):\n    return {'ran': True}\n"],
            resources: #"{"F": {"runtime": "python3", "handler": "app.handler", "codeUri": "src"}}"#)
        let run = try await CLI.run(["run", "\(dir)/def.json", "--resources", "\(dir)/resources.json", "--no-store"])
        #expect(run.status == 1)
        #expect(run.stderrLastLine.contains(#""error":"States.Runtime""#))
        #expect(run.stderrLastLine.contains("InvocationType 'Event'"), "\(run.stderr)")
        #expect(!run.stdout.contains("ran"))
    }
}
