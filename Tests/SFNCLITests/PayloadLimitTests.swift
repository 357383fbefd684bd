import Foundation
import Testing

/// Issue 17's resource limits through the built binary: `--max-payload` (what a state may
/// produce in bulk, and the execution input) and `--aws-limits`' 1 MiB definition quota.
@Suite struct PayloadLimitTests {
    /// Writes `definition` (a JSON object) to a temporary file; returns its path.
    static func machine(_ definition: [String: Any], name: String = "limits.asl.json") throws -> String {
        let data = try JSONSerialization.data(withJSONObject: definition)
        return try CLI.temporaryFile(String(decoding: data, as: UTF8.self), name: name)
    }

    /// A JSONata Pass state whose Output is `expression`.
    static func jsonata(_ expression: String) throws -> String {
        try machine([
            "QueryLanguage": "JSONata", "StartAt": "Grow",
            "States": ["Grow": ["Type": "Pass", "Output": "{% \(expression) %}", "End": true]],
        ])
    }

    /// A loop whose Pass state doubles `$.s` with `call` (an intrinsic of `$.s`) until it fails.
    static func doubling(_ call: String) throws -> String {
        try machine([
            "StartAt": "Grow",
            "States": [
                "Grow": ["Type": "Pass", "Parameters": ["s.$": call], "Next": "Again"],
                "Again": [
                    "Type": "Choice", "Choices": [["Variable": "$.s", "IsPresent": false, "Next": "Done"]],
                    "Default": "Grow",
                ],
                "Done": ["Type": "Succeed"],
            ],
        ])
    }

    /// Runs `sfn run ARGS --no-store`; fails the test on a signal or a timeout.
    static func run(_ args: [String], stdin: String? = nil) async throws -> CLIRun {
        let r = try await CLI.run(["run"] + args + ["--no-store"], stdin: stdin.map { Data($0.utf8) }, timeout: 120)
        #expect(!r.timedOut && !r.signaled, "\(r.stderr.suffix(300))")
        return r
    }

    @Test("A JSONata string past --max-payload fails the state with States.DataLimitExceeded, naming state and field")
    func jsonataString() async throws {
        let file = try Self.jsonata(
            "$join($map([1..2000], function($v) { 'abcdefghijklmnopqrstuvwxyz0123456789' }), '-')")
        let r = try await Self.run([file, "--max-payload", "64KiB"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.DataLimitExceeded"), "\(r.stderr)")
        #expect(r.stderr.contains("the state 'Grow'") && r.stderr.contains("the field 'Output'"), "\(r.stderr)")
        #expect(r.stderr.contains("$join builds is 73999 bytes"), "\(r.stderr)")
        #expect(r.stderr.contains("payload limit of 65536 bytes (--max-payload)"), "\(r.stderr)")
        // Under the limit the same expression runs.
        let fits = try await Self.run([file, "--max-payload", "128KiB"])
        #expect(fits.status == 0 && fits.stdout.utf8.count > 73_999, "\(fits.stderr)")
    }

    @Test(
        "JSONata growth is measured where it happens: &, ranges, $string of shared values, $pad, results",
        arguments: [
            ("$reduce([1..30], function($a, $v) { $a & $a }, 'xy')", "The string '&' builds"),
            ("$count([1..1000000])", "The range would hold 1000000 items, 24000000 bytes"),
            ("$string($reduce([1..40], function($a, $v) { {'a': $a, 'b': $a} }, 1))", "$string builds"),
            ("$pad('', 200000, 'x')", "$pad builds"),
            ("$reduce([1..40], function($a, $v) { [$a, $a] }, [1])", "The array [...] would hold"),
            ("$reduce([1..40], function($a, $v) { {'a': $a, 'b': $a} }, 1)", "The result"),
        ])
    func jsonataGrowth(expression: String, what: String) async throws {
        let r = try await Self.run([try Self.jsonata(expression), "--max-payload", "100KiB"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.DataLimitExceeded") && r.stderr.contains(what), "\(r.stderr.suffix(400))")
    }

    @Test(
        "An intrinsic that doubles its value in a loop fails at --max-payload, in bounded memory",
        arguments: [
            "States.Format('{}{}', $.s, $.s)", "States.Array($.s, $.s)", "States.JsonToString(States.Array($.s, $.s))",
        ])
    func intrinsicDoubling(call: String) async throws {
        let r = try await Self.run([try Self.doubling(call), "--max-payload", "1MiB"], stdin: #"{"s":"ab"}"#)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.DataLimitExceeded"), "\(r.stderr.suffix(400))")
        #expect(r.stderr.contains("The field 's.$': States."), "\(r.stderr.suffix(400))")
        #expect(r.stderr.contains("more than the payload limit of 1048576 bytes"), "\(r.stderr.suffix(400))")
    }

    @Test("A Map whose results together pass --max-payload fails with States.DataLimitExceeded")
    func mapResults() async throws {
        let file = try Self.machine([
            "StartAt": "Each",
            "States": [
                "Each": [
                    "Type": "Map", "ItemsPath": "$.items", "End": true,
                    "ItemProcessor": [
                        "StartAt": "Item",
                        "States": [
                            "Item": ["Type": "Pass", "Result": String(repeating: "x", count: 1000), "End": true]
                        ],
                    ],
                ]
            ],
        ])
        let items = "{\"items\":[" + Array(repeating: "1", count: 100).joined(separator: ",") + "]}"
        let r = try await Self.run([file, "--max-payload", "64KiB"], stdin: items)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.DataLimitExceeded") && r.stderr.contains("The Map's results"), "\(r.stderr)")
        let fits = try await Self.run([file, "--max-payload", "128KiB"], stdin: items)
        #expect(fits.status == 0, "\(fits.stderr)")
    }

    @Test("An input past --max-payload is refused (exit 2); a bad size is bad usage")
    func inputAndUsage() async throws {
        let file = try Self.jsonata("$states.input")
        let big = "{\"a\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let refused = try await Self.run([file, "--max-payload", "4KiB"], stdin: big)
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("<stdin>: the execution input is 5008 bytes"), "\(refused.stderr)")
        let lines = try CLI.temporaryFile("{\"n\":1}\n" + big + "\n", name: "lines.jsonl")
        let perLine = try await Self.run([file, "--max-payload", "4KiB", "--input-lines", lines, "--jobs", "1"])
        let results = perLine.stdout.split(separator: "\n")
        #expect(results.count == 2 && results[0].contains("SUCCEEDED"), "\(perLine.stdout)")
        #expect(results.last?.contains("States.DataLimitExceeded") == true, "\(perLine.stdout)")
        for bad in ["12x", "0", "-5", "KiB"] {
            let r = try await Self.run([file, "--max-payload", bad])
            #expect(r.status == 2 && r.stderr.contains("--max-payload expects a size"), "\(bad): \(r.stderr)")
        }
        let help = try await CLI.run(["run", "--help"])
        #expect(help.stdout.contains("--max-payload SIZE"))
    }

    @Test("Without --max-payload the default (a quarter of the memory) lets a 4 MB value through")
    func defaultIsLarge() async throws {
        let r = try await Self.run([try Self.jsonata("$length($pad('', 4000000, 'x'))")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4000000")
    }

    /// A valid definition of more than 1 MiB as compact JSON: 1,100 Pass states of 1,000 bytes.
    static func oversizedDefinition() throws -> String {
        var states: [String: Any] = [:]
        for i in 0..<1100 {
            states["S\(i)"] = ["Type": "Pass", "Result": String(repeating: "x", count: 1000), "Next": "S\(i + 1)"]
        }
        states["S1100"] = ["Type": "Succeed"]
        return try machine(["StartAt": "S0", "States": states], name: "big.asl.json")
    }

    @Test("--aws-limits refuses a definition over AWS's 1 MiB quota: sfn run (exit 2), sfn validate (exit 1)")
    func definitionQuota() async throws {
        let file = try Self.oversizedDefinition()
        let run = try await Self.run([file, "--aws-limits"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the definition is 1153937 characters as compact JSON"), "\(run.stderr)")
        #expect(run.stderr.contains("accepts at most 1048576 (1 MiB)"), "\(run.stderr)")
        let unlimited = try await Self.run([file])
        #expect(unlimited.status == 0, "\(unlimited.stderr.suffix(300))")
        let validate = try await CLI.run(["validate", "--aws-limits", file])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("[DEFINITION_TOO_LARGE]"), "\(validate.stderr)")
        let plain = try await CLI.run(["validate", file])
        #expect(plain.status == 0, "\(plain.stderr)")
    }

    @Test("sfn test applies the definition quota to every case")
    func definitionQuotaInTests() async throws {
        let definition = try String(contentsOfFile: try Self.oversizedDefinition(), encoding: .utf8)
        let caseFile =
            "{\"name\":\"big\",\"definition\":\(definition),\"input\":{},\"expected\":{\"status\":\"SUCCEEDED\"}}"
        let file = try CLI.temporaryFile(caseFile, name: "big.case.json")
        let r = try await CLI.run(["test", file], timeout: 120)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("AWS's CreateStateMachine accepts at most 1048576"), "\(r.stdout)")
    }

    @Test("The server's CreateStateMachine refuses a definition over 1 MiB with AWS's ValidationException")
    func serverDefinitionQuota() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let definition = try String(contentsOfFile: try Self.oversizedDefinition(), encoding: .utf8)
        let body = try JSONSerialization.data(withJSONObject: [
            "name": "Big", "definition": definition, "roleArn": "arn:aws:iam::123456789012:role/r",
        ])
        let r = try RawHTTP(port: server.port).aws("CreateStateMachine", String(decoding: body, as: UTF8.self))
        #expect(r.status == 400)
        #expect(r.body.contains("ValidationException"), "\(r.body)")
        #expect(
            r.body.contains(
                "Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576"
            ),
            "\(r.body)")
    }
}
