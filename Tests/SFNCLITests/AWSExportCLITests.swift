import Foundation
import SFNJSON
import Testing

/// The road to AWS through the built binary: `sfn validate --aws` reports every kind of local
/// stand-in at its field, `sfn export` puts the resources map's `awsArn`s in place and nothing
/// else, its CloudFormation template has AWS::StepFunctions::StateMachine's shape, and a local
/// resource nothing on AWS stands in for is an error.
struct AWSExportCLITests {
    static let example = CLI.packageRoot.appendingPathComponent("definitions/to-aws").path

    /// One Task of each kind a resources map serves, a `shell:` command, a resource no AWS
    /// service has, and S3 data read, written by a ResultWriter and put by an SDK Task.
    static let everyKind = """
        {
          "StartAt": "Shell",
          "States": {
            "Shell": { "Type": "Task", "Resource": "shell:echo {}", "Next": "Code" },
            "Code": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Quote", "Next": "Cmd" },
            "Cmd": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": { "FunctionName": "Bill:prod", "Payload.$": "$" }, "Next": "Fan" },
            "Fan": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "Job", "States": { "Job": { "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                  "Parameters": { "TaskDefinition": "report:3", "Cluster": "c" }, "End": true } } },
                { "StartAt": "Child", "States": { "Child": { "Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": { "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter" },
                  "End": true } } }
              ],
              "Next": "Handler"
            },
            "Handler": { "Type": "Task", "Resource": "my:handler", "Next": "Items" },
            "Items": {
              "Type": "Map",
              "ItemReader": { "Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": { "Bucket": "raw", "Prefix": "in/" } },
              "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" },
                                 "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } },
              "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "out", "Prefix": "runs" } },
              "Next": "Put"
            },
            "Put": { "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                     "Parameters": { "Bucket": "out", "Key": "done.json", "Body": "{}" }, "End": true }
          }
        }
        """

    static let everyKindMap = """
        {
          "Quote": { "runtime": "python3.12", "handler": "app.quote", "codeUri": "src/" },
          "Bill": "python3 bill.py",
          "report": { "image": "alpine:3.20", "awsArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/report:7" },
          "Greeter": { "definition": "greeter.asl.json" },
          "s3://out": { "awsArn": "arn:aws:s3:::out-prod" }
        }
        """

    /// A fresh folder holding `files` (name: text); returns its path.
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir.path
    }

    func json(_ path: String) throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func validateAWSReportsEveryKindAtItsField() async throws {
        let dir = try folder(["all.asl.json": Self.everyKind, "map.json": Self.everyKindMap])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await CLI.run([
            "validate", "--aws", "--json", "\(dir)/all.asl.json", "--resources", "\(dir)/map.json", "--s3-root",
            "/data/s3",
        ])
        #expect(r.status == 1, "a shell: command and a non-AWS resource with no awsArn make it invalid for AWS")
        let diagnostics = try #require(JSONParser.parse(r.stdout)["diagnostics"]?.arrayValue)
        let found = diagnostics.map { d in
            [d["severity"], d["code"], d["state"], d["location"], d["awsArn"]].map { $0?.stringValue ?? "-" }
        }
        #expect(
            found == [
                ["ERROR", "LOCAL_SHELL_COMMAND", "Shell", "/States/Shell/Resource", "-"],
                ["WARNING", "LOCAL_LAMBDA_CODE", "Code", "/States/Code/Resource", "-"],
                ["WARNING", "LOCAL_COMMAND", "Cmd", "/States/Cmd/Parameters/FunctionName", "-"],
                [
                    "WARNING", "LOCAL_CONTAINER", "Job", "/States/Fan/Branches/0/States/Job/Parameters/TaskDefinition",
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/report:7",
                ],
                [
                    "WARNING", "LOCAL_STATE_MACHINE", "Child",
                    "/States/Fan/Branches/1/States/Child/Parameters/StateMachineArn", "-",
                ],
                ["ERROR", "LOCAL_RESOURCE", "Handler", "/States/Handler/Resource", "-"],
                ["WARNING", "LOCAL_S3_DATA", "Items", "/States/Items/ItemReader/Parameters/Bucket", "-"],
                [
                    "WARNING", "LOCAL_S3_DATA", "Items", "/States/Items/ResultWriter/Parameters/Bucket",
                    "arn:aws:s3:::out-prod",
                ],
                ["WARNING", "LOCAL_S3_DATA", "Put", "/States/Put/Parameters/Bucket", "arn:aws:s3:::out-prod"],
            ])
        // Each at its line and column, with what runs here and what AWS runs instead.
        let shell = diagnostics[0]
        #expect(shell["line"] == 4 && shell["column"] == 32)
        #expect(shell["local"] == "echo {}" && shell["awsResource"] == .null)
        #expect(diagnostics[1]["awsResource"] == "arn:aws:lambda:us-east-1:123456789012:function:Quote")
        #expect(diagnostics[6]["local"] == "/data/s3/raw/in/")
        #expect(diagnostics[6]["awsResource"] == "arn:aws:s3:::raw")
        #expect(diagnostics[8]["local"] == "/data/s3/out/done.json")

        // Text: compiler style, with the error's remedy.
        let text = try await CLI.run(["validate", "--aws", "\(dir)/all.asl.json", "--resources", "\(dir)/map.json"])
        #expect(text.status == 1)
        #expect(
            text.stderr.contains(
                "all.asl.json:4:32: error: State 'Shell': the command 'echo {}' (a shell: resource) runs only on this "
                    + "machine; nothing stands in for it on AWS: give its resources-map entry"))
        #expect(text.stderr.contains("all.asl.json: invalid: 2 errors, 7 warnings"))
        // Without --aws the same definition is valid: nothing local is an AWS error.
        let plain = try await CLI.run(["validate", "\(dir)/all.asl.json"])
        #expect(plain.status == 0, "\(plain.stderr)")
    }

    @Test func validateAWSOptionsAndMapErrors() async throws {
        let dir = try folder([
            "all.asl.json": Self.everyKind, "bad.json": #"{"shell:echo {}": {"awsArn": "lambda:Validate"}}"#,
            "typed.json": #"{"Bill": {"command": "true", "awsArn": 12}}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let noAWS = try await CLI.run(["validate", "\(dir)/all.asl.json", "--resources", "\(dir)/bad.json"])
        #expect(noAWS.status == 2)
        #expect(noAWS.stderr.contains("sfn validate: --resources needs --aws"))
        for (map, message) in [
            (
                "bad.json",
                "Resource 'shell:echo {}': awsArn must be an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), "
                    + "not 'lambda:Validate'."
            ),
            ("typed.json", "Resource 'Bill': awsArn must be a string."),
        ] {
            let r = try await CLI.run(["validate", "--aws", "\(dir)/all.asl.json", "--resources", "\(dir)/\(map)"])
            #expect(r.status == 2)
            #expect(r.stderr.contains(message), "\(r.stderr)")
            let run = try await CLI.run(["run", "\(dir)/all.asl.json", "--resources", "\(dir)/\(map)", "--no-store"])
            #expect(run.status == 2 && run.stderr.contains(message), "sfn run reads the same map: \(run.stderr)")
        }
    }

    /// A map entry keyed by a `shell:` resource runs its own command here (integrations.md):
    /// the finding says which, and the entry's awsArn stands in on AWS.
    @Test func mappedShellResourceNamesTheMapsCommand() async throws {
        let dir = try folder([
            "s.asl.json":
                #"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "shell:./x.sh", "End": true}}}"#,
            "map.json": #"{"shell:./x.sh": {"command": "cat", "awsArn": "arn:aws:lambda:us-east-1:1:function:X"}}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await CLI.run(["validate", "--aws", "\(dir)/s.asl.json", "--resources", "\(dir)/map.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "warning: State 'S': the command 'cat' (resources map) runs only on this machine; "
                    + "on AWS: arn:aws:lambda:us-east-1:1:function:X"))
        let plain = try await CLI.run(["validate", "--aws", "\(dir)/s.asl.json"])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("error: State 'S': the command './x.sh' (a shell: resource) runs only"))
    }

    @Test func validateAWSOnTheExampleWarnsOnly() async throws {
        let r = try await CLI.run([
            "validate", "--aws", "\(Self.example)/orders.asl.json", "--resources", "\(Self.example)/resources.json",
            "--s3-root", "\(Self.example)/s3",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("orders.asl.json: valid (4 warnings)"))
        #expect(r.stderr.contains("orders.asl.json:7:7: warning: State 'Validate': the command 'sh validate.sh'"))
        #expect(r.stderr.contains("on AWS: arn:aws:lambda:eu-west-1:111122223333:function:ValidateOrder"))
    }

    /// The exported definition is the original with the three ARNs at their fields and
    /// nothing else changed: the same JSON text once those three values are put back.
    @Test func exportReplacesOnlyTheStandIns() async throws {
        let r = try await CLI.run([
            "export", "\(Self.example)/orders.asl.json", "--resources", "\(Self.example)/resources.json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let exported = try #require(JSONParser.parse(r.stdout)["definition"])
        let original = try json("\(Self.example)/orders.asl.json")
        let replaced: [([String], JSONValue)] = [
            (["States", "Validate", "Resource"], "arn:aws:lambda:eu-west-1:111122223333:function:ValidateOrder"),
            (["States", "Lines", "ItemReader", "Parameters", "Bucket"], "acme-orders-prod"),
            (
                ["States", "Price", "Parameters", "FunctionName"],
                "arn:aws:lambda:eu-west-1:111122223333:function:PriceOrder:live"
            ),
        ]
        var expected = original
        for (path, value) in replaced { expected = Self.setting(expected, path[...], value) }
        #expect(JSONPrinter.compact(exported) == JSONPrinter.compact(expected))
        #expect(exported != original)
    }

    @Test func templateHasTheStateMachineShape() async throws {
        let r = try await CLI.run([
            "export", "\(Self.example)/orders.asl.json", "--resources", "\(Self.example)/resources.json", "--name",
            "orders-prod",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try JSONParser.parse(r.stdout)
        let template = try #require(document["template"])
        #expect(template["AWSTemplateFormatVersion"] == "2010-09-09")
        #expect(template["Parameters"]?["RoleArn"]?["Type"] == "String")
        let resources = try #require(template["Resources"]?.objectValue)
        #expect(resources.keys == ["OrdersProd"])
        let machine = try #require(resources["OrdersProd"])
        #expect(machine["Type"] == "AWS::StepFunctions::StateMachine")
        let properties = try #require(machine["Properties"]?.objectValue)
        #expect(
            Set(properties.keys).isSubset(of: [
                "Definition", "DefinitionS3Location", "DefinitionString", "DefinitionSubstitutions",
                "EncryptionConfiguration", "LoggingConfiguration", "RoleArn", "StateMachineName", "StateMachineType",
                "Tags", "TracingConfiguration",
            ]))
        #expect(properties["StateMachineName"] == "orders-prod")
        #expect(properties["StateMachineType"] == "STANDARD")
        #expect(properties["RoleArn"] == ["Ref": "RoleArn"])
        #expect(template["Outputs"]?["StateMachineArn"]?["Value"] == ["Ref": "OrdersProd"])
        // DefinitionSubstitutions: string values, each placeholder used, each used one defined;
        // filled in, the Definition is the exported definition.
        let substitutions = try #require(properties["DefinitionSubstitutions"]?.objectValue)
        #expect(
            substitutions.keys == ["ValidateOrderArn", "AcmeOrdersProdBucket", "PriceOrderLiveArn"])
        let definition = try #require(properties["Definition"])
        let text = JSONPrinter.compact(definition)
        var filled = text
        for (name, value) in substitutions {
            let v = try #require(value.stringValue)
            #expect(text.contains("${\(name)}"), "\(name) is used")
            filled = filled.replacingOccurrences(of: "${\(name)}", with: v)
        }
        #expect(!filled.contains("${"))
        #expect(try JSONParser.parse(filled) == document["definition"])
    }

    /// `--output DIR` writes the two files of definitions/to-aws/exported, and the YAML template
    /// reads back (sfn's own template reader fills DefinitionSubstitutions) as the same definition.
    @Test func outputFilesAndYAMLTemplate() async throws {
        let dir = try folder([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await CLI.run([
            "export", "\(Self.example)/orders.asl.json", "--resources", "\(Self.example)/resources.json", "--output",
            "\(dir)/json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(dir)/json/definition.asl.json\n\(dir)/json/template.json\n")
        for file in ["definition.asl.json", "template.json"] {
            let written = try String(contentsOfFile: "\(dir)/json/\(file)", encoding: .utf8)
            let committed = try String(contentsOfFile: "\(Self.example)/exported/\(file)", encoding: .utf8)
            #expect(written == committed, "definitions/to-aws/exported/\(file) is sfn export's output")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: "\(dir)/json").sorted() == [
                "definition.asl.json", "template.json",
            ])

        let yaml = try await CLI.run([
            "export", "\(Self.example)/orders.asl.json", "--resources", "\(Self.example)/resources.json", "--output",
            "\(dir)/yaml", "--format", "yaml",
        ])
        #expect(yaml.status == 0, "\(yaml.stderr)")
        let template = try String(contentsOfFile: "\(dir)/yaml/template.yaml", encoding: .utf8)
        #expect(template.hasPrefix("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  RoleArn:\n"))
        #expect(template.contains("\n    Type: \"AWS::StepFunctions::StateMachine\"\n"))
        let check = try await CLI.run(["validate", "\(dir)/yaml/template.yaml"])
        #expect(check.status == 0, "\(check.stderr)")
        let again = try await CLI.run(["export", "\(dir)/yaml/template.yaml"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try JSONParser.parse(again.stdout)["definition"] == json("\(dir)/yaml/definition.asl.json"))
        #expect(try JSONParser.parse(again.stdout)["template"]?["Resources"]?["Orders"] != nil)
    }

    /// Keys and strings YAML would otherwise read as something else (booleans, numbers, nulls,
    /// blanks, quotes, line breaks, `#`, `: `, non-ASCII), empty and nested collections: the YAML
    /// template reads back as the same definition.
    @Test func yamlKeepsAwkwardValues() async throws {
        let definition = #"""
            {"Comment": "a: b # c\n\"quoted\" \u00e9\u4e2d\t", "StartAt": "true", "States": {
              "true": {"Type": "Pass", "Result": {"null": null, "yes": "no", "1.5": 1.5, "on": true, "": "",
                "a b": ["-", "- x", "", [], {}, [[1, 2], {"k": "0x1F"}], -0.25, 12345678901234567, "~", "*a", "&b", "!t"],
                "%x": "@y", "`z": "'q'", "key.$": "$.x"},
                "ResultPath": "$.r", "Next": "S"},
              "S": {"Type": "Task", "Resource": "shell:cat", "End": true}}}
            """#
        let dir = try folder([
            "odd.asl.json": definition,
            "map.json": #"{"shell:cat": {"awsArn": "arn:aws:lambda:us-east-1:111122223333:function:Cat"}}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await CLI.run([
            "export", "\(dir)/odd.asl.json", "--resources", "\(dir)/map.json", "--format", "yaml", "--output",
            "\(dir)/out",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let again = try await CLI.run(["export", "\(dir)/out/template.yaml"])
        #expect(again.status == 0, "\(again.stderr)")
        let exported = try json("\(dir)/out/definition.asl.json")
        #expect(try JSONParser.parse(again.stdout)["definition"] == exported)
        var expected = try JSONParser.parse(definition)
        expected = Self.setting(
            expected, ["States", "S", "Resource"], "arn:aws:lambda:us-east-1:111122223333:function:Cat")
        #expect(exported == expected)
    }

    @Test func unmappedLocalResourceIsAnError() async throws {
        let dir = try folder(["all.asl.json": Self.everyKind, "map.json": Self.everyKindMap])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await CLI.run([
            "export", "\(dir)/all.asl.json", "--resources", "\(dir)/map.json", "--output", "\(dir)/out",
        ])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("all.asl.json:4:32: error: State 'Shell': the command 'echo {}'"))
        #expect(r.stderr.contains("all.asl.json:20:34: error: State 'Handler': the resource 'my:handler'"))
        #expect(!r.stderr.contains("State 'Code'"), "what AWS runs as the definition names it is no error")
        #expect(
            r.stderr.contains(
                "sfn export: 2 resources run only on this machine and nothing stands in for them on AWS"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"), "nothing is written")

        let badName = try await CLI.run(["export", "\(Self.example)/orders.asl.json", "--name", "orders/prod"])
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("--name 'orders/prod' has the character '/'"))
        let badFormat = try await CLI.run(["export", "\(Self.example)/orders.asl.json", "--format", "yml"])
        #expect(badFormat.status == 2 && badFormat.stderr.contains("unknown format 'yml'"))
    }

    @Test(.enabled(if: localPython != nil, "python3 runs the example's PriceOrder stand-in"))
    func exampleRunsLocally() async throws {
        let script = """
            cd '\(Self.example)' && '\(try #require(CLI.binary).path)' run orders.asl.json --input input.json \
            --resources resources.json --s3-root s3 --no-store
            """
        let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == json("\(Self.example)/expected.json"))
    }

    static func setting(_ value: JSONValue, _ path: ArraySlice<String>, _ new: JSONValue) -> JSONValue {
        guard let key = path.first, case .object(var object) = value, let child = object[key] else { return new }
        object[key] = setting(child, path.dropFirst(), new)
        return .object(object)
    }
}
