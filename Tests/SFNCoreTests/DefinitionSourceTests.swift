import SFNCore
import SFNJSON
import Testing

/// DefinitionSource on templates given as text: DefinitionString built with Fn::Sub and Fn::Join,
/// intrinsic placeholders, and substitution precedence.
@Suite struct DefinitionSourceTests {
    static let template = """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": { "Env": { "Type": "String", "Default": "test" } },
          "Resources": {
            "Worker": { "Type": "AWS::Lambda::Function", "Properties": {} },
            "Queue": { "Type": "AWS::SQS::Queue" },
            "Machine": {
              "Type": "AWS::StepFunctions::StateMachine",
              "Properties": {
                "DefinitionString": { "Fn::Join": ["", [
                  "{\\"StartAt\\": \\"W\\", \\"States\\": {\\"W\\": {\\"Type\\": \\"Task\\", \\"Resource\\": \\"",
                  { "Fn::GetAtt": ["Worker", "Arn"] },
                  "\\", \\"Parameters\\": {\\"q\\": \\"${QueueUrl}\\", \\"env\\": \\"${Env}\\"}, \\"End\\": true}}}"
                ]] },
                "DefinitionSubstitutions": { "QueueUrl": { "Ref": "Queue" }, "Env": { "Fn::Sub": "${Env}-x" } }
              }
            }
          }
        }
        """

    @Test func definitionStringWithIntrinsicsAndSubstitutions() throws {
        let source = try DefinitionSource.read(text: Self.template, file: "t.json")
        #expect(source.kind == .cloudFormation)
        #expect(source.stateMachineName == "Machine")
        #expect(source.unresolved.isEmpty)
        let w = source.definition["States"]?["W"]
        #expect(w?["Resource"] == "arn:aws:lambda:us-east-1:123456789012:function:Worker")
        #expect(w?["Parameters"]?["q"] == "https://sqs.us-east-1.amazonaws.com/123456789012/Queue")
        #expect(w?["Parameters"]?["env"] == "test-x")
        // The caller's values win over the template's substitutions and parameter defaults.
        let overridden = try DefinitionSource.read(
            text: Self.template, file: "t.json",
            options: DefinitionSourceOptions(substitutions: ["Env": "prod", "Worker.Arn": "arn:local"]))
        #expect(overridden.definition["States"]?["W"]?["Parameters"]?["env"] == "prod")
        #expect(overridden.definition["States"]?["W"]?["Resource"] == "arn:local")
        _ = try StateMachine.load(definition: source.definition, locations: source.locations)
    }

    @Test func aPlainDefinitionIsItselfAndEscapedPlaceholdersStay() throws {
        let text = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${!Literal} ${X}", "End": true}}}"#
        let source = try DefinitionSource.read(
            text: text, file: "d.json", options: DefinitionSourceOptions(substitutions: ["X": "x"]))
        #expect(source.kind == .definition)
        #expect(source.definition["States"]?["A"]?["Result"] == "${Literal} x")
    }

    @Test func jsonInAYAMLBlockKeepsItsLinesInTheFile() throws {
        let yaml = """
            Resources:
              Machine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionString: !Sub |
                    {
                      "StartAt": "A",
                      "States": {
                        "A": {"Type": "Pass", "Next": "Gone"}
                      }
                    }
            """
        let source = try DefinitionSource.read(text: yaml, file: "t.yaml")
        let report = source.validationReport()
        let missing = report.errors.first { $0.code == .missingTransitionTarget }
        #expect(missing?.location == SourceLocation(line: 9, column: 35))
    }

    @Test func readingErrorsSayWhat() {
        #expect(throws: DefinitionSourceError.self) { try DefinitionSource.read(text: "  ", file: "e.json") }
        do {
            _ = try DefinitionSource.read(text: "{\"StartAt\": }", file: "e.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.location == SourceLocation(line: 1, column: 13))
            #expect(error.message.hasPrefix("Invalid JSON"))
        }
    }
}
