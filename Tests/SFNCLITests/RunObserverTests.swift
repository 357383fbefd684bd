import Foundation
import SFNJSON
import Testing

/// `sfn run --history`, `--log-level`, `--max-events` and the progress line, through the binary.
struct RunObserverTests {
    static let parallelThenFail = """
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Next": "F", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
          "F": {"Type": "Fail", "Error": "Boom", "Cause": "because"}}}
        """

    /// A Choice that loops forever: only the history quota ends it.
    static let spin = """
        {"StartAt": "Loop", "States": {"Loop": {"Type": "Choice",
          "Choices": [{"Variable": "$.spin", "BooleanEquals": true, "Next": "Loop"}], "Default": "Done"},
          "Done": {"Type": "Succeed"}}}
        """

    static func events(_ text: String) throws -> [JSONValue] {
        let doc = try JSONParser.parse(text)
        return try #require(doc["events"]?.arrayValue, "no events array in \(text.prefix(200))")
    }

    @Test func historyFileHasGetExecutionHistorysShape() async throws {
        let def = try CLI.temporaryFile(Self.parallelThenFail)
        let out = URL(fileURLWithPath: def).deletingLastPathComponent().appendingPathComponent("h.json").path
        let r = try await CLI.run(["run", def, "--history", out])
        #expect(r.status == 1)
        let events = try Self.events(try String(contentsOfFile: out, encoding: .utf8))
        let types = events.compactMap { $0["type"]?.stringValue }
        #expect(
            types == [
                "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "PassStateEntered",
                "PassStateExited", "ParallelStateSucceeded", "ParallelStateExited", "FailStateEntered",
                "ExecutionFailed",
            ])
        #expect(events.compactMap { $0["id"]?.intValue } == Array(1...9))
        // ParallelStateSucceeded and the state's exit both follow the branch's last event.
        #expect(events[5]["previousEventId"]?.intValue == 5)
        #expect(events[6]["previousEventId"]?.intValue == 5)
        #expect(events[8]["executionFailedEventDetails"] == ["error": "Boom", "cause": "because"])
        // Written whole and renamed: no temporary file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)
        #expect(left.sorted() == ["file.json", "h.json"])
    }

    @Test func historyToStandardError() async throws {
        let def = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let r = try await CLI.run(["run", def, "--history", "/dev/stderr"])
        #expect(r.status == 0)
        #expect(r.stdout == "{}\n")
        let types = try Self.events(r.stderr).compactMap { $0["type"]?.stringValue }
        #expect(types == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
    }

    @Test func unwritableHistoryIsBadUsage() async throws {
        let def = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let r = try await CLI.run(["run", def, "--history", "/nonexistent-dir/h.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write '/nonexistent-dir/h.json'"))
    }

    @Test func runawayLoopEndsAtTheHistoryQuotaAsOnAWS() async throws {
        let def = try CLI.temporaryFile(Self.spin)
        let out = URL(fileURLWithPath: def).deletingLastPathComponent().appendingPathComponent("h.json").path
        let r = try await CLI.run(["run", def, "--history", out], stdin: Data(#"{"spin": true}"#.utf8))
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.Runtime"))
        #expect(r.stderr.contains("The execution reached the maximum number of history events (25000)."))
        let events = try Self.events(try String(contentsOfFile: out, encoding: .utf8))
        #expect(events.count == 25_000)
        // Event 25,000 is the failure, following the last event the machine produced.
        #expect(events.last?["type"]?.stringValue == "ExecutionFailed")
        #expect(events.last?["id"]?.intValue == 25_000)
        #expect(events.last?["previousEventId"]?.intValue == 24_999)
    }

    @Test func maxEventsSetsAnotherLimitAndZeroNone() async throws {
        let def = try CLI.temporaryFile(Self.spin)
        let small = try await CLI.run(["run", def, "--max-events", "10"], stdin: Data(#"{"spin": true}"#.utf8))
        #expect(small.status == 1)
        #expect(small.stderr.contains("maximum number of history events (10)"))
        // A loop of 30,000 states (60,000 events) runs to its end without a limit.
        let counter = try CLI.temporaryFile(
            """
            {"StartAt": "Inc", "States": {
              "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 15000, "Next": "Inc"}],
                        "Default": "Done"},
              "Done": {"Type": "Succeed"}}}
            """)
        let unlimited = try await CLI.run(["run", counter, "--max-events", "0"], stdin: Data(#"{"n": 0}"#.utf8))
        #expect(unlimited.status == 0, "\(unlimited.stderr)")
        #expect(unlimited.stdout == "{\"n\":15000}\n")
        let limited = try await CLI.run(["run", counter], stdin: Data(#"{"n": 0}"#.utf8))
        #expect(limited.status == 1)
        let bad = try await CLI.run(["run", counter, "--max-events", "-1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--max-events"))
    }

    /// The log lines on stderr (the last stderr line is the failure's JSON).
    static func logLines(_ stderr: String) throws -> [JSONValue] {
        try stderr.split(separator: "\n").map { try JSONParser.parse(String($0)) }.filter { $0["type"] != nil }
    }

    @Test func logLevelsLogWhatAWSLogs() async throws {
        let def = try CLI.temporaryFile(Self.parallelThenFail)
        let all = try await CLI.run(["run", def, "--log-level", "ALL", "--name", "n1", "--state-machine", "Orders"])
        let allLines = try Self.logLines(all.stderr)
        #expect(allLines.count == 9)
        let first = try #require(allLines.first)
        #expect(first["id"] == "1")
        #expect(first["previous_event_id"] == "0")
        #expect(first["event_timestamp"]?.stringValue.flatMap { Int64($0) } != nil)
        #expect(first["execution_arn"] == "arn:aws:states:us-east-1:123456789012:execution:Orders:n1")
        // Without --include-execution-data, inputs and outputs stay out.
        #expect(first["details"]?["input"] == nil)
        #expect(first["details"]?["roleArn"] != nil)

        let error = try Self.logLines(try await CLI.run(["run", def, "--log-level", "ERROR"]).stderr)
        #expect(error.compactMap { $0["type"]?.stringValue } == ["FailStateEntered", "ExecutionFailed"])
        let fatal = try Self.logLines(try await CLI.run(["run", def, "--log-level", "fatal"]).stderr)
        #expect(fatal.compactMap { $0["type"]?.stringValue } == ["ExecutionFailed"])
        #expect(fatal.first?["details"] == ["error": "Boom", "cause": "because"])
        let off = try Self.logLines(try await CLI.run(["run", def, "--log-level", "OFF"]).stderr)
        #expect(off.isEmpty)
        let bad = try await CLI.run(["run", def, "--log-level", "LOUD"])
        #expect(bad.status == 2)
    }

    @Test func logFileWithExecutionData() async throws {
        let def = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let log = URL(fileURLWithPath: def).deletingLastPathComponent().appendingPathComponent("run.log").path
        let r = try await CLI.run(
            ["run", def, "--log-level", "ALL", "--include-execution-data", "--log-file", log],
            stdin: Data(#"{"a": 1}"#.utf8))
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = try Self.logLines(try String(contentsOfFile: log, encoding: .utf8))
        #expect(lines.count == 4)
        #expect(lines.first?["details"]?["input"] == #"{"a":1}"#)
        #expect(lines.last?["type"] == "ExecutionSucceeded")
        #expect(lines.last?["details"]?["output"] == #"{"a":1}"#)
    }

    /// `script` gives sfn a terminal as stderr; the progress line is drawn there and erased.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1)"))
    func progressLineOnATerminalOnly() async throws {
        let binary = try #require(CLI.binary)
        let def = try CLI.temporaryFile(
            """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 2,
              "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "shell:sleep 0.15; echo 1", "End": true}}}}}}
            """)
        let input = URL(fileURLWithPath: def).deletingLastPathComponent().appendingPathComponent("in.json").path
        try "[1, 2, 3, 4, 5, 6]".write(toFile: input, atomically: true, encoding: .utf8)
        let command = "\(binary.path) run \(def) --input \(input) --compact"
        let tty = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qc", command, "/dev/null"], timeout: 60)
        #expect(tty.stdout.contains("M 0/6 [") || tty.stdout.contains("/6 ["), "\(tty.stdout.debugDescription)")
        #expect(tty.stdout.contains("running "))
        // Erased before the output is printed.
        #expect(tty.stdout.contains("\r\u{1B}[K[1,1,1,1,1,1]"))
        let quiet = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qc", command + " --quiet", "/dev/null"], timeout: 60)
        #expect(!quiet.stdout.contains("/6 ["))
        #expect(quiet.stdout.contains("[1,1,1,1,1,1]"))
        // Not a terminal: nothing but the output.
        let piped = try await CLI.run(["run", def, "--input", input])
        #expect(piped.stderr.isEmpty)
        #expect(piped.stdout == "[1,1,1,1,1,1]\n")
    }
}
