import Foundation
import Testing

/// Through the built binary: `--policy`, `--policies` with `--role-arn`, and `sfn validate
/// --policy`. A denied Task fails with States.Permissions before its command runs.
@Suite struct PermissionsCLITests {
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-iam-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ text: String, _ name: String) throws -> String {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
            return path + "/" + name
        }

        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }

        /// One Task over `resource` (with optional Parameters), and the resources map serving the
        /// Lambda functions Good-1, Good-12 and Secret by commands that leave a file when they run.
        func machine(_ resource: String, parameters: [String: Any]? = nil) throws -> [String] {
            var task: [String: Any] = ["Type": "Task", "Resource": resource, "End": true]
            if let parameters { task["Parameters"] = parameters }
            let definition = try JSONSerialization.data(withJSONObject: ["StartAt": "T", "States": ["T": task]])
            try definition.write(to: URL(fileURLWithPath: path + "/def.json"))
            let map = ["Good-1", "Good-12", "Secret"].map { #""\#($0)": "touch ran-\#($0); echo 1""# }
            let resources = try write("{" + map.joined(separator: ", ") + "}", "resources.json")
            return [path + "/def.json", "--resources", resources, "--no-store", "--compact"]
        }
    }

    static let role = "arn:aws:iam::123456789012:role/StepFunctionsExecutionRole"
    static func lambda(_ name: String) -> String { "arn:aws:lambda:us-east-1:123456789012:function:\(name)" }

    static func failure(_ r: CLIRun) -> (error: String?, cause: String?) {
        let line = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return (o?["error"] as? String, o?["cause"] as? String)
    }

    @Test func allowedTaskRuns() async throws {
        let s = try Scratch()
        let policy = try s.write(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "\#(Self.lambda("Good-1"))"}}"#,
            "policy.json")
        let r = try await CLI.run(["run"] + (try s.machine(Self.lambda("Good-1"))) + ["--policy", policy])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.exists("ran-Good-1"))
    }

    @Test func deniedTaskFailsWithStatesPermissionsBeforeItRuns() async throws {
        let s = try Scratch()
        let policy = try s.write(
            #"{"Statement": [{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "*"}]}"#, "policy.json")
        let r = try await CLI.run(
            ["run"] + (try s.machine("arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "Good-1"]))
                + ["--policy", policy])
        #expect(r.status == 1)
        let (error, cause) = Self.failure(r)
        #expect(error == "States.Permissions", "\(r.stderr)")
        #expect(
            cause?.hasPrefix(
                "User: \(Self.role) is not authorized to perform: lambda:InvokeFunction on resource: "
                    + "\(Self.lambda("Good-1")) because no identity-based policy allows the lambda:InvokeFunction action"
            ) == true, "\(cause ?? "")")
        #expect(cause?.contains("policy.json") == true, "the cause names the policy")
        #expect(!s.exists("ran-Good-1"), "the denied command ran")
    }

    @Test func explicitDenyBeatsAllow() async throws {
        let s = try Scratch()
        let policy = try s.write(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "*", "Resource": "*"},
              {"Effect": "Deny", "Action": ["lambda:Invoke*"], "Resource": "arn:aws:lambda:*:*:function:Secret*"}]}
            """, "policy.json")
        let denied = try await CLI.run(["run"] + (try s.machine(Self.lambda("Secret"))) + ["--policy", policy])
        #expect(denied.status == 1)
        #expect(Self.failure(denied).error == "States.Permissions")
        #expect(Self.failure(denied).cause?.contains("with an explicit deny in an identity-based policy") == true)
        #expect(!s.exists("ran-Secret"))
        let allowed = try await CLI.run(["run"] + (try s.machine(Self.lambda("Good-1"))) + ["--policy", policy])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test func wildcardsInActionsAndResources() async throws {
        let s = try Scratch()
        let policy = try s.write(
            #"{"Statement": {"Effect": "Allow", "Action": "LAMBDA:invoke?unction", "Resource": "arn:aws:lambda:*:*:function:Good-?"}}"#,
            "policy.json")
        let one = try await CLI.run(["run"] + (try s.machine(Self.lambda("Good-1"))) + ["--policy", policy])
        #expect(one.status == 0, "`?` matches one character, actions ignore case: \(one.stderr)")
        let twelve = try await CLI.run(["run"] + (try s.machine(Self.lambda("Good-12"))) + ["--policy", policy])
        #expect(Self.failure(twelve).error == "States.Permissions", "`?` matches exactly one character")
        let shell = try await CLI.run(["run"] + (try s.machine("shell:touch ran-shell")) + ["--policy", policy])
        #expect(Self.failure(shell).cause?.contains("shell:Execute on resource: shell:touch ran-shell") == true)
    }

    @Test func policiesFilePicksThePolicyByRoleArn() async throws {
        let s = try Scratch()
        let policies = try s.write(
            """
            {"arn:aws:iam::123456789012:role/Runner": {"Statement": {"Effect": "Allow", "Action": "shell:Execute", "Resource": "shell:*"}},
             "arn:aws:iam::123456789012:role/Reader": {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}
            """, "policies.json")
        let machine = try s.machine("shell:echo 1")
        let runner = try await CLI.run(
            ["run"] + machine + ["--policies", policies, "--role-arn", "arn:aws:iam::123456789012:role/Runner"])
        #expect(runner.status == 0, "\(runner.stderr)")
        let reader = try await CLI.run(
            ["run"] + machine + ["--policies", policies, "--role-arn", "arn:aws:iam::123456789012:role/Reader"])
        #expect(Self.failure(reader).error == "States.Permissions")
        #expect(Self.failure(reader).cause?.hasPrefix("User: arn:aws:iam::123456789012:role/Reader ") == true)
        let unnamed = try await CLI.run(["run"] + machine + ["--policies", policies])
        #expect(unnamed.status == 2)
        #expect(unnamed.stderr.contains("--role-arn"), "\(unnamed.stderr)")
    }

    @Test func unusablePolicyIsABadUsage() async throws {
        let s = try Scratch()
        let policy = try s.write(#"{"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}"#, "bad.json")
        let r = try await CLI.run(["run"] + (try s.machine("shell:echo 1")) + ["--policy", policy])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.json") && r.stderr.contains("Statement[0].Effect"), "\(r.stderr)")
    }

    @Test func validateListsEveryTaskThePolicyDoesNotAllow() async throws {
        let s = try Scratch()
        let definition = """
            {"StartAt": "P", "States": {
              "P": {"Type": "Parallel", "Next": "Run", "Branches": [{"StartAt": "Call", "States": {
                "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"FunctionName": "Secret"}, "End": true}}}]},
              "Run": {"Type": "Task", "Resource": "shell:echo 1", "Next": "Fine"},
              "Fine": {"Type": "Task", "Resource": "\(Self.lambda("Good-1"))", "End": true}}}
            """
        let file = try s.write(definition, "def.json")
        let policy = try s.write(
            #"{"Statement": {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*:function:Good-*"}}"#,
            "policy.json")
        let r = try await CLI.run(["validate", file, "--policy", policy])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/States/P/Branches/0/States/Call: Task 'Call' is not allowed"), "\(r.stderr)")
        #expect(r.stderr.contains("/States/Run: Task 'Run' is not allowed"))
        #expect(!r.stderr.contains("'Fine'"))
        #expect(r.stderr.contains("the role may not run 2 Tasks"))
        let open = try s.write(#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#, "open.json")
        let fine = try await CLI.run(["validate", file, "--policy", open])
        #expect(fine.status == 0, "\(fine.stderr)")
    }
}
