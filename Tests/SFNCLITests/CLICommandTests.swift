import Foundation
import SFNJSON
import Testing

@Suite(.serialized)
struct CLICommandTests {
    static let passDefinition =
        #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"got.$":"$.x"},"End":true}}}"#

    @Test func helpAndVersion() async throws {
        let help = try await CLI.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("sfn run"))
        let runHelp = try await CLI.run(["run", "--help"])
        #expect(runHelp.status == 0 && runHelp.stdout.contains("--no-wait"))
        let version = try await CLI.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("sfn "))
    }

    @Test func badUsageExitsTwo() async throws {
        #expect(try await CLI.run(["frobnicate"]).status == 2)
        #expect(try await CLI.run(["run"]).status == 2)
        #expect(try await CLI.run(["run", "--bogus", "x.json"]).status == 2)
        #expect(try await CLI.run(["run", "/no/such/file.json"]).status == 2)
    }

    @Test func inputFromFileAndFromStdin() async throws {
        let def = try CLI.temporaryFile(Self.passDefinition)
        let input = try CLI.temporaryFile(#"{"x": [1, 2]}"#, name: "input.json")
        let fromFile = try await CLI.run(["run", def, "--input", input])
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout == "{\"got\":[1,2]}\n")
        let fromStdin = try await CLI.run(["run", def], stdin: Data(#"{"x":"piped"}"#.utf8))
        #expect(fromStdin.stdout == "{\"got\":\"piped\"}\n")
    }

    @Test func prettyOutput() async throws {
        let def = try CLI.temporaryFile(Self.passDefinition)
        let r = try await CLI.run(["run", def, "--pretty"], stdin: Data(#"{"x":1}"#.utf8))
        #expect(r.status == 0)
        #expect(r.stdout.contains("\n  \"got\""))
    }

    @Test func failedExecutionPrintsErrorJSON() async throws {
        let def = try CLI.temporaryFile(#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Oops","Cause":"bad"}}}"#)
        let r = try await CLI.run(["run", def])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        // The last line of standard error is the JSON scripts read; the lines before say where.
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let err = try JSONParser.parse(try #require(lines.last))
        #expect(err == ["error": "Oops", "cause": "bad"])
        #expect(lines.dropLast() == ["sfn: the execution failed in state 'F': Oops: bad", "sfn: states taken: F"])
    }

    @Test func badDefinitionNamesFileLineAndColumn() async throws {
        let def = try CLI.temporaryFile(
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Z\"}}\n}",
            name: "broken.asl.json")
        let r = try await CLI.run(["run", def])
        #expect(r.status == 2)
        #expect(r.stderr.contains("broken.asl.json:3:"))
    }

    @Test func badInputExitsTwo() async throws {
        let def = try CLI.temporaryFile(Self.passDefinition)
        let r = try await CLI.run(["run", def], stdin: Data(#"{"x": "#.utf8))
        #expect(r.status == 2)
        #expect(r.stderr.contains("<stdin>:1:"))
    }

    @Test func testCommandReportsCounts() async throws {
        let good = try CLI.temporaryFile(
            #"{"name":"good","definition":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"input":{"a":"2024-01-01T00:00:00Z"},"expected":{"status":"SUCCEEDED","output":{"a":"date"}}}"#,
            name: "good.json")
        let bad = try CLI.temporaryFile(
            #"{"name":"bad","definition":{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}},"input":{},"expected":{"status":"SUCCEEDED","output":2}}"#,
            name: "bad.json")
        let r = try await CLI.run(["test", good, bad])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL bad: output differs"))
        #expect(r.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func mockConfigAnswersTaskStates() async throws {
        let def = try CLI.temporaryFile(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":5}],"End":true}}}"#
        )
        let mock = try CLI.temporaryFile(
            #"{"StateMachines":{"M":{"TestCases":{"Happy":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Error":"Flaky","Cause":"once"}},"1":{"Return":{"ok":true}}}}}"#,
            name: "mock.json")
        let r = try await CLI.run(["run", def, "--mock-config", mock, "--test-case", "Happy", "--no-wait"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"ok\":true}\n")
        #expect(try await CLI.run(["run", def, "--mock-config", mock]).status == 2)
    }

    @Test func unmappedResourceNamesTheOptionsThatServeIt() async throws {
        let def = try CLI.temporaryFile(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Nope","End":true}}}"#
        )
        let r = try await CLI.run(["run", def])
        #expect(r.status == 1)
        let last = try #require(r.stderr.split(separator: "\n").last)
        let err = try JSONParser.parse(String(last))
        #expect(err["error"] == "States.Runtime")
        let cause = try #require(err["cause"]?.stringValue)
        #expect(cause.contains("'arn:aws:lambda:us-east-1:123456789012:function:Nope'"))
        #expect(cause.contains("--resources FILE"))
        #expect(cause.contains(#"{"arn:aws:lambda:us-east-1:123456789012:function:Nope":"python3 handler.py"}"#))
    }

    @Test func testCommandReplaysMockConfigs() async throws {
        let c = try CLI.temporaryFile(
            #"{"name":"mocked","definition":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}},"input":{},"mockConfig":{"StateMachines":{"Machine":{"TestCases":{"Recorded":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"MessageId":"m-1"}}}}},"expected":{"status":"SUCCEEDED","output":{"MessageId":"<uuid:1>"}}}"#,
            name: "mocked.json")
        let r = try await CLI.run(["test", c])
        #expect(r.stdout == "1 passed, 0 failed\n")
    }
}
