import Foundation
import SFNJSON
import Testing

/// Seeing what happened (issue 15): a failed `sfn run` names the failing state and the path of
/// states taken, and still ends with the one JSON line scripts read; `--trace`; no colours when piped.
@Suite struct CLIFailureReportTests {
    static let definitions = CLI.packageRoot.appendingPathComponent("definitions")

    @Test func failedRunNamesTheStateAndThePath() async throws {
        let def = Self.definitions.appendingPathComponent("wait-and-fail.asl.json").path
        let input = Self.definitions.appendingPathComponent("wait-and-fail.input.json").path
        let r = try await CLI.run(["run", def, "--input", input, "--no-wait"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let last = try #require(lines.last)
        let json = try JSONParser.parse(last)
        #expect(json.objectValue?["error"] == .string("Timeout.Custom"))
        #expect(
            lines.contains(
                "sfn: the execution failed in state 'Stop': Timeout.Custom: Gave up after 3600 seconds in Stop"))
        #expect(lines.contains("sfn: states taken: Pause → Stop"))
        #expect(!r.stderr.contains("\u{1B}["), "no colours when standard error is not a terminal")
    }

    @Test func aFailingTaskInsideAParallelIsTheFailingState() async throws {
        let def = try CLI.temporaryFile(
            #"""
            {"StartAt": "First", "States": {
              "First": {"Type": "Pass", "Next": "Both"},
              "Both": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "why"}}}]}}}
            """#)
        let r = try await CLI.run(["run", def, "--no-input"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("sfn: the execution failed in state 'Boom': Custom.Boom: why"))
        #expect(r.stderr.contains("sfn: states taken: First → Both → "))
        #expect(r.stderr.hasSuffix("{\"error\":\"Custom.Boom\",\"cause\":\"why\"}\n"))
    }

    @Test func traceShowsEachTransition() async throws {
        let def = Self.definitions.appendingPathComponent("hello.asl.json").path
        let r = try await CLI.run(["run", def, "--input", #"{"name": "trace"}"#, "--trace", "--no-store"])
        #expect(r.status == 0)
        #expect(r.stderr == "→ Greet {\"name\":\"trace\"}\n← Greet {\"greeting\":\"Hello, trace!\"}\n")
        #expect(r.stdout == "{\"greeting\":\"Hello, trace!\"}\n")
    }
}
