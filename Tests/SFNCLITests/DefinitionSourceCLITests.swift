import Foundation
import SFNJSON
import Testing

/// Definitions where people keep them, through the built binary: substitutions from flags and
/// files, YAML, SAM templates and serverless.yml, what AWS accepts, and generated mock configs.
@Suite struct DefinitionSourceCLITests {
    static let sam = CLI.packageRoot.appendingPathComponent("definitions/sam-orders").path

    /// A folder of its own with the given files.
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    static let placeholders = """
        {
          "StartAt": "A",
          "States": {
            "A": { "Type": "Task", "Resource": "${Fn}", "Next": "B" },
            "B": { "Type": "Pass", "Parameters": { "where": "${Bucket}/${Stage}", "x.$": "$.x" }, "End": true }
          }
        }
        """

    @Test func substitutionsFromFlagsAndFiles() async throws {
        let dir = try Self.folder([
            "def.asl.json": Self.placeholders, "subs.json": #"{"Bucket": "b1", "Stage": "prod"}"#,
            "params.json": #"[{"ParameterKey": "Bucket", "ParameterValue": "b2"}]"#,
        ])
        let r = try await CLI.run(
            [
                "run", "\(dir)/def.asl.json", "--substitute", "Fn=shell:cat", "--substitutions", "\(dir)/subs.json",
                "--substitute=Stage=dev",
            ], stdin: Data(#"{"x": 1}"#.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == ["where": "b1/dev", "x": 1])
        let p = try await CLI.run(
            [
                "run", "\(dir)/def.asl.json", "--substitutions", "\(dir)/params.json", "--substitute", "Fn=shell:cat",
                "--substitute", "Stage=s",
            ], stdin: Data(#"{"x": 2}"#.utf8))
        #expect(try JSONParser.parse(p.stdout) == ["where": "b2/s", "x": 2])
    }

    @Test func unresolvedPlaceholdersWarnInValidateAndStopARun() async throws {
        let dir = try Self.folder(["def.asl.json": Self.placeholders])
        let v = try await CLI.run(["validate", "\(dir)/def.asl.json"])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stderr.contains("def.asl.json:4:28: warning: The placeholder ${Fn} has no value"))
        #expect(v.stderr.contains("def.asl.json:5:44: warning: The placeholder ${Stage}"))
        let r = try await CLI.run(["run", "\(dir)/def.asl.json", "--substitute", "Bucket=b"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("def.asl.json:4:28: error: The placeholder ${Fn}"))
        #expect(r.stderr.contains("2 placeholders without a value: Fn, Stage"))
        let bad = try await CLI.run(["run", "\(dir)/def.asl.json", "--substitute", "novalue"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--substitute needs NAME=VALUE"))
    }

    @Test func samTemplateWithTwoStateMachines() async throws {
        let r = try await CLI.run([
            "run", "\(Self.sam)/template.yaml", "--state-machine", "OrderMachine", "--input", "\(Self.sam)/input.json",
            "--resources", "\(Self.sam)/resources.json", "--substitutions", "\(Self.sam)/parameters.json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try JSONParser.parse(String(contentsOfFile: "\(Self.sam)/expected.json", encoding: .utf8))
        #expect(try JSONParser.parse(r.stdout) == expected["output"])
        // The second machine comes from its DefinitionUri file, with the parameter's default.
        let report = try await CLI.run(
            ["run", "\(Self.sam)/template.yaml", "--state-machine", "ReportMachine"],
            stdin: Data(#"{"orders": [1, 2, 3]}"#.utf8))
        #expect(try JSONParser.parse(report.stdout) == ["stage": "dev", "orders": 3])
        let none = try await CLI.run(["run", "\(Self.sam)/template.yaml"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("2 state machines (OrderMachine, ReportMachine)"))
        let typo = try await CLI.run(["validate", "\(Self.sam)/template.yaml", "--state-machine", "OrderMachin"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("Did you mean 'OrderMachine'?"))
        let valid = try await CLI.run(["validate", "\(Self.sam)/template.yaml", "--state-machine", "OrderMachine"])
        #expect(valid.status == 0, "\(valid.stderr)")
    }

    static let serverless = """
        service: orders
        provider:
          name: aws
          runtime: python3.12
        functions:
          hello:
            handler: handler.hello
        stepFunctions:
          stateMachines:
            greet:
              name: greet-${self:provider.stage, 'dev'}
              definition:
                StartAt: Hello
                States:
                  Hello:
                    Type: Task
                    Resource:
                      Fn::GetAtt: [hello, Arn]
                    Next: Done
                  Done:
                    Type: Pass
                    Parameters:
                      said.$: $.said
                      service: ${self:service}
                    End: true
            broken:
              definition:
                StartAt: Start
                States:
                  Start:
                    Type: Pass
                    Next: Nowhere
        plugins:
          - serverless-step-functions
        """

    @Test func serverlessYAMLWithTwoStateMachines() async throws {
        let dir = try Self.folder([
            "serverless.yml": Self.serverless,
            "resources.json": #"{"hello": "echo '{\"said\": \"hi\"}'"}"#,
        ])
        // `${self:service}` reads the file itself; --substitute wins over it.
        let r = try await CLI.run([
            "run", "\(dir)/serverless.yml", "--state-machine", "greet", "--resources", "\(dir)/resources.json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == ["said": "hi", "service": "orders"])
        let given = try await CLI.run([
            "run", "\(dir)/serverless.yml", "--state-machine", "greet", "--resources", "\(dir)/resources.json",
            "--substitute", "self:service=billing",
        ])
        #expect(try JSONParser.parse(given.stdout) == ["said": "hi", "service": "billing"])
        // Diagnostics point into the YAML file.
        let v = try await CLI.run(["validate", "\(dir)/serverless.yml", "--state-machine", "broken"])
        #expect(v.status == 1)
        #expect(
            v.stderr.contains("serverless.yml:32:13: error: State 'Start': Missing 'Next' target: Nowhere"),
            "\(v.stderr)")
    }

    @Test func yamlDefinitionErrorsSayWhere() async throws {
        let dir = try Self.folder(["bad.asl.yaml": "StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n"])
        let v = try await CLI.run(["validate", "\(dir)/bad.asl.yaml"])
        #expect(v.status == 2)
        #expect(v.stderr.contains("bad.asl.yaml:5:4: error: Invalid YAML: unexpected indentation"))
    }

    @Test(arguments: [
        (#""InputPath": "$.[0]""#, nil as String?, #"[{"a": 1}]"#, #"{"a": 1}"#),
        (#""InputPath": "$.list[0]name""#, "DUBIOUS_PATH", #"{"list": [{"name": "n"}]}"#, #""n""#),
        (
            #""InputPath": "$.items[?(@.status==Failure)]""#, "DUBIOUS_PATH",
            #"{"items": [{"status": "Failure"}, {"status": "OK"}]}"#, #"[{"status": "Failure"}]"#
        ),
    ])
    func formerFalseRefusalsAreAccepted(field: String, warning: String?, input: String, output: String) async throws {
        let def = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", \#(field), "End": true}}}"#
        let dir = try Self.folder(["def.json": def])
        let v = try await CLI.run(["validate", "\(dir)/def.json"])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stderr.contains(warning ?? "never printed") == (warning != nil))
        let r = try await CLI.run(["run", "\(dir)/def.json"], stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout) == JSONParser.parse(output))
    }

    @Test func customStatesErrorNamesInErrorEqualsWarn() async throws {
        let def = """
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "shell:exit 3",
              "Catch": [{"ErrorEquals": ["States.MyError"], "Next": "B"}, {"ErrorEquals": ["States.ALL"], "Next": "B"}],
              "End": true}, "B": {"Type": "Pass", "Result": "caught", "End": true}}}
            """
        let dir = try Self.folder(["def.json": def])
        let v = try await CLI.run(["validate", "\(dir)/def.json"])
        #expect(v.status == 0)
        #expect(v.stderr.contains("warning: State 'A': 'States.MyError' is not a predefined error name"))
        #expect(v.stderr.contains("[RESERVED_ERROR_NAME]"))
        let r = try await CLI.run(["run", "\(dir)/def.json"])
        #expect(r.stdout.contains("caught"))
    }

    static let lambdaHeavy = """
        {
          "StartAt": "Validate",
          "States": {
            "Validate": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:validate",
              "ResultPath": "$.validated", "Next": "Enrich" },
            "Enrich": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": { "FunctionName": "enrich", "Payload.$": "$" }, "ResultSelector": { "ok.$": "$.Payload.ok" },
              "ResultPath": "$.enriched", "Next": "Each" },
            "Each": { "Type": "Map", "ItemsPath": "$.items", "ItemProcessor": { "StartAt": "Price", "States": {
                "Price": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:price",
                  "End": true } } }, "ResultPath": "$.priced", "Next": "Notify" },
            "Notify": { "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
              "Parameters": { "TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "done" },
              "ResultSelector": { "id.$": "$.MessageId" }, "ResultPath": "$.notified", "End": true }
          }
        }
        """

    @Test func generatedMockConfigRunsALambdaHeavyDefinition() async throws {
        let dir = try Self.folder(["orders.asl.json": Self.lambdaHeavy])
        let stdout = try await CLI.run(["mock-config", "init", "\(dir)/orders.asl.json"])
        #expect(stdout.status == 0)
        let config = try JSONParser.parse(stdout.stdout)
        #expect(config["StateMachines"]?["orders"]?["TestCases"]?["HappyPath"]?["Price"] == "PriceResponse")
        let w = try await CLI.run(["mock-config", "init", "\(dir)/orders.asl.json", "--output", "\(dir)/mock.json"])
        #expect(w.status == 0 && w.stdout.isEmpty)
        let r = try await CLI.run(
            ["run", "\(dir)/orders.asl.json", "--mock-config", "\(dir)/mock.json", "--test-case", "HappyPath"],
            stdin: Data(#"{"items": [1, 2, 3]}"#.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["priced"] == [["ok": true], ["ok": true], ["ok": true]])
        #expect(out["enriched"] == ["ok": true])
        #expect(out["notified"]?["id"]?.stringValue?.isEmpty == false)
        // A mocked state the definition does not have.
        let text = try String(contentsOfFile: "\(dir)/mock.json", encoding: .utf8)
        try text.replacingOccurrences(of: "\"Notify\":", with: "\"Notfy\":").write(
            toFile: "\(dir)/typo.json", atomically: true, encoding: .utf8)
        let typo = try await CLI.run(
            ["run", "\(dir)/orders.asl.json", "--mock-config", "\(dir)/typo.json", "--test-case", "HappyPath"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("mocks the state 'Notfy', which the definition does not have"))
        #expect(typo.stderr.contains("(it has: Validate, Enrich, Each, Price, Notify). Did you mean 'Notify'?"))
    }
}
