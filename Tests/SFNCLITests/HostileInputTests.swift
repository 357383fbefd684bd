import Foundation
import Testing

/// Issue 17: what a fuzzer and fault tests found in the release build, each through the built
/// binary. Every run must end with a clear error (or its answer) and an exit status, never a
/// signal or a hang. The first four crashed or never returned before the fix.
@Suite
struct HostileInputTests {
    /// A JSONata Pass state whose Output is `expression`.
    static func machine(_ expression: String) throws -> String {
        let definition: [String: Any] = [
            "QueryLanguage": "JSONata", "StartAt": "P",
            "States": ["P": ["Type": "Pass", "Output": "{% \(expression) %}", "End": true]],
        ]
        let data = try JSONSerialization.data(withJSONObject: definition)
        return try CLI.temporaryFile(String(decoding: data, as: UTF8.self), name: "hostile.asl.json")
    }

    /// Runs `sfn run` on a JSONata Pass state; fails the test on a signal or a timeout.
    static func run(_ expression: String, input: String? = nil, timeout: TimeInterval = 60) async throws -> CLIRun {
        var args = ["run", try machine(expression), "--no-store"]
        if let input { args += ["--input", try CLI.temporaryFile(input, name: "input.json")] }
        let r = try await CLI.run(args, timeout: timeout)
        #expect(!r.timedOut, "did not finish within \(timeout) s")
        #expect(!r.signaled, "killed by a signal: \(r.stderr.suffix(300))")
        return r
    }

    @Test("An expression of 30,000 terms is refused at load with its depth, not a stack overflow")
    func expressionOfManyTerms() async throws {
        let r = try await Self.run(Array(repeating: "1", count: 30_000).joined(separator: " + "))
        #expect(r.status == 2)
        #expect(r.stderr.contains("nests more than 400 levels deep"), "\(r.stderr.suffix(300))")
    }

    @Test("A value $reduce nests 40,000 deep fails the state with U1002 instead of crashing when printed")
    func deeplyNestedResult() async throws {
        let r = try await Self.run(#"$reduce([1..40000], function($a, $v) { {"n": $a} }, {})"#)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.QueryEvaluationError"))
        #expect(r.stderr.contains("U1002: The result nests deeper than 512 levels"), "\(r.stderr.suffix(300))")
    }

    @Test("A value $reduce nests 40,000 deep is freed without recursion when the result does not keep it")
    func deeplyNestedValueFreed() async throws {
        let r = try await Self.run(#"$count([$reduce([1..40000], function($a, $v) { [[$a]] }, [])])"#)
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test(
        "A catastrophic regular expression ends with a timeout error",
        arguments: [
            #"$match($s, /(a+)+$/)"#, #"$replace($s, /(a+)+$/, "x")"#, #"$contains($s, /(a+)+$/)"#,
        ])
    func catastrophicRegex(call: String) async throws {
        let s = String(repeating: "a", count: 5000) + "b"
        // The budget is 10 s of CPU time; a machine busy with other work takes longer to get there.
        let r = try await Self.run(#"($s := "\#(s)"; \#(call))"#, timeout: 300)
        #expect(r.status == 1)
        #expect(r.stderr.contains("U1001: Regular expression evaluation timeout"), "\(r.stderr.suffix(300))")
    }

    @Test("An endlessly tail-recursive function fails the state with U1001 after the 10 s budget")
    func endlessTailRecursion() async throws {
        let r = try await Self.run(#"($f := function($x) { $f($x + 1) }; $f(0))"#, timeout: 300)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.QueryEvaluationError"))
        #expect(r.stderr.contains("U1001: Expression evaluation timeout"), "\(r.stderr.suffix(300))")
    }

    @Test("$reduce appending to a string a million times is linear, well inside the time budget")
    func reduceStringAppend() async throws {
        let r = try await Self.run(#"$length($reduce([1..1000000], function($a, $v) { $a & "x" }, ""))"#)
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1000000")
    }

    @Test("The linear $reduce keeps what each step sees: index, array and the accumulator so far")
    func reduceStringAppendSemantics() async throws {
        let r = try await Self.run(
            #"$reduce([1, 2, 3], function($a, $v, $i, $all) { $a & $v & $i & $count($all) & $length($a) }, "s")"#)
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #""s103121353239""#)
    }

    @Test("An input nested 100,000 levels deep is refused by the parser, with where")
    func deeplyNestedInput() async throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let r = try await Self.run("$states.input", input: deep)
        #expect(r.status == 2)
        #expect(r.stderr.contains("input.json:1:513: the input is not valid JSON: nesting is deeper than 512 levels"))
    }

    @Test("[1..100000000] fails with D2014, the range limit")
    func hugeRange() async throws {
        let r = try await Self.run("$count([1..100000000])")
        #expect(r.status == 1)
        #expect(r.stderr.contains("D2014"), "\(r.stderr.suffix(300))")
    }

    @Test("$sort of a million numbers finishes")
    func sortOfAMillion() async throws {
        let r = try await Self.run("$sort([1..1000000])[-1]")
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1000000")
    }

    @Test("States.ArrayRange(0, 1e9, 1) fails with States.IntrinsicFailure and the count")
    func hugeArrayRange() async throws {
        let r = try await CLI.run(["eval", "--jsonpath", "States.ArrayRange(0, 1000000000, 1)"], timeout: 60)
        #expect(!r.signaled && !r.timedOut)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.IntrinsicFailure"))
        #expect(r.stderr.contains("the range would have 1000000001 elements; at most 1000 are allowed"))
    }

    @Test("States.StringSplit of 3 MB splits into its million parts")
    func megabyteStringSplit() async throws {
        let definition = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
              "Parameters": {"parts.$": "States.ArrayLength(States.StringSplit($.s, ','))"}}}}
            """#
        let s = Array(repeating: "ab", count: 1_000_000).joined(separator: ",")
        let input = try CLI.temporaryFile(#"{"s": "\#(s)"}"#, name: "split.json")
        let r = try await CLI.run(
            ["run", try CLI.temporaryFile(definition, name: "split.asl.json"), "--input", input, "--no-store"],
            timeout: 120)
        #expect(!r.signaled && !r.timedOut)
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stdout.contains(#""parts":1000000"#))
    }

    @Test("A number beyond a double, invalid UTF-8: the input is refused with what and where")
    func unreadableInputs() async throws {
        let definition = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let huge = try await CLI.run(
            ["run", definition, "--no-store", "--input", try CLI.temporaryFile(#"{"n": 1e400}"#, name: "huge.json")])
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("huge.json:1:7: the input is not valid JSON: number out of range"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bad = dir.appendingPathComponent("bad.json")
        try Data([0x7B, 0x22, 0x73, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]).write(to: bad)
        let utf8 = try await CLI.run(["run", definition, "--no-store", "--input", bad.path])
        #expect(utf8.status == 2)
        #expect(utf8.stderr.contains("bad.json: not valid UTF-8"))
    }

    @Test(
        "A 10 MB string passes through; with --aws-limits such an input is refused, and a state result past 256 KiB is States.DataLimitExceeded"
    )
    func giantString() async throws {
        let definition = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let input = try CLI.temporaryFile(#"{"s": "\#(String(repeating: "x", count: 10_000_000))"}"#)
        let r = try await CLI.run(
            ["run", definition, "--no-store", "--max-events", "0", "--input", input], timeout: 120)
        #expect(r.status == 0)
        #expect(r.stdout.utf8.count > 10_000_000)
        let limited = try await CLI.run(
            ["run", definition, "--no-store", "--aws-limits", "--input", input], timeout: 120)
        #expect(limited.status == 2)
        #expect(limited.stderr.contains("262144"), "\(limited.stderr.suffix(300))")
        // An input under the quota whose state doubles it past 256 KiB.
        let doubling = try CLI.temporaryFile(
            #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}}"#
        )
        let small = try CLI.temporaryFile(#"{"s": "\#(String(repeating: "x", count: 200_000))"}"#)
        let doubled = try await CLI.run(
            ["run", doubling, "--no-store", "--aws-limits", "--input", small], timeout: 120)
        #expect(doubled.status == 1)
        #expect(doubled.stderr.contains("States.DataLimitExceeded"), "\(doubled.stderr.suffix(300))")
    }
}
