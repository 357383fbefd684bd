import SFNJSON
import Testing

@testable import SFNCore

/// `shell:` resources end to end through the dispatcher: stdin/stdout JSON, errors, big payloads.
@Suite struct ShellTaskTests {
    func run(_ line: String, _ input: JSONValue = ["k": 1], timeout: Double? = nil) async throws(StatesError)
        -> JSONValue
    {
        let d = TaskDispatcher()
        return try await d.invoke(
            TaskRequest(resource: "shell:" + line, stateName: "S", input: input, timeoutSeconds: timeout))
    }

    func failure(_ line: String, _ input: JSONValue = ["k": 1]) async -> StatesError? {
        do { _ = try await run(line, input); return nil } catch { return error }
    }

    static let successCases: [(String, JSONValue)] = [
        ("cat", ["k": 1]),
        ("/bin/cat", ["k": 1]),
        ("cat -", ["k": 1]),
        ("echo '[1, 2.5, \"x\"]'", [1, 2.5, "x"]),
        ("printf '  {\"a\": null}\\n\\n'", ["a": nil]),
        ("true", nil),
        ("cat > /dev/null; echo 42", 42),
    ]

    @Test(arguments: successCases)
    func success(line: String, expected: JSONValue) async throws {
        #expect(try await run(line) == expected)
    }

    @Test func directExecAndShellAgree() {
        #expect(ShellCommand("cat").usesShell == false)
        #expect(ShellCommand("jq -c .items").usesShell == false)
        #expect(ShellCommand("python3 -m json.tool --compact").argv == ["python3", "-m", "json.tool", "--compact"])
        for line in [
            "echo $HOME", "a | b", "x > y", "FOO=1 cmd", "echo 'q'", "ls *", "~/bin/x", "a; b", "a && b", "echo \"x\"",
        ] {
            #expect(ShellCommand(line).usesShell, "\(line) must go through /bin/sh")
        }
    }

    @Test func inputIsNeverInterpolated() async throws {
        let evil: JSONValue = ["cmd": "$(touch /tmp/sfn-should-not-exist); `id`"]
        #expect(try await run("cat", evil) == evil)
    }

    @Test func notJSONOutputIsATaskFailure() async throws {
        let e = try #require(await failure("echo hello world"))
        #expect(e.error == "States.TaskFailed")
        #expect(e.cause?.contains("echo hello world") == true)
        #expect(e.cause?.contains("not JSON") == true)
        #expect(e.cause?.contains("hello world") == true)
    }

    @Test func exitStatusAndStderrTailNamedInCause() async throws {
        let e = try #require(await failure("echo 'disk on fire' >&2; exit 3"))
        #expect(e.error == "States.TaskFailed")
        #expect(e.cause?.contains("exited with status 3") == true)
        #expect(e.cause?.contains("disk on fire") == true)
    }

    @Test func killedBySignal() async throws {
        let e = try #require(await failure("kill -9 $$"))
        #expect(e.error == "States.TaskFailed")
        #expect(e.cause?.contains("signal 9") == true)
    }

    @Test func missingProgram() async throws {
        let e = try #require(await failure("no-such-program-sfn-test --x"))
        #expect(e.error == "States.TaskFailed")
        #expect(e.cause?.contains("no-such-program-sfn-test") == true)
    }

    @Test(arguments: [
        ("echo '{\"errorType\":\"ValueError\",\"errorMessage\":\"bad value\"}'; exit 1", "ValueError", "bad value"),
        ("echo 'noise'; echo '{\"errorType\":\"X.Y\",\"errorMessage\":\"m\"}' >&2; exit 2", "X.Y", "m"),
        ("echo '{\"error\":\"Custom\",\"cause\":\"because\"}'; exit 1", "Custom", "because"),
        ("echo '{\"error\":\"Custom\",\"cause\":{\"n\":1}}' >&2; exit 1", "Custom", "{\"n\":1}"),
    ])
    func conventionErrorObjects(line: String, error: String, cause: String) async throws {
        let e = try #require(await failure(line))
        #expect(e.error.rawValue == error)
        #expect(e.cause == cause)
    }

    @Test func errorObjectIgnoredOnSuccess() async throws {
        #expect(
            try await run("echo '{\"errorType\":\"E\",\"errorMessage\":\"m\"}'") == [
                "errorType": "E", "errorMessage": "m",
            ])
    }

    @Test func largePayloadBothWays() async throws {
        // ~2 MB in, the same out: pipes must be fed and drained concurrently.
        let item: JSONValue = ["name": "item", "text": .string(String(repeating: "x", count: 200))]
        let input = JSONValue.array(Array(repeating: item, count: 10_000))
        #expect(JSONPrinter.compact(input).utf8.count > 2_000_000)
        #expect(try await run("cat", input) == input)
        // And a big stderr alongside a big stdout.
        let out = try await run("tee /dev/stderr", input)
        #expect(out == input)
    }

    @Test func commandNotReadingItsInput() async throws {
        let input = JSONValue.string(String(repeating: "y", count: 3_000_000))
        #expect(try await run("echo 7", input) == 7)
    }

    @Test func emptyShellResourceIsAnError() async throws {
        let e = try #require(await failure("  "))
        #expect(e.error == "States.Runtime")
    }
}
