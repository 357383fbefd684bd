import Foundation
import Testing

/// Files from anywhere (issue 15): `-`, pipes, FIFOs and process substitution for file arguments;
/// `--input` as inline JSON and `file://PATH`; `--no-input`; what an empty standard input means.
@Suite struct CLIInputTests {
    static let hello = CLI.packageRoot.appendingPathComponent("definitions/hello.asl.json").path
    static let helloInput = CLI.packageRoot.appendingPathComponent("definitions/hello.input.json").path

    /// Runs `script` with bash, the built sfn first on PATH.
    func bash(_ script: String) async throws -> CLIRun {
        let binary = try #require(CLI.binary)
        let path = binary.deletingLastPathComponent().path
        return try await CLI.runProcess(
            URL(fileURLWithPath: "/bin/bash"),
            ["-c", "PATH='\(path)':$PATH; export SFN_STORE=\(CLI.environment["SFN_STORE"]!); \(script)"],
            timeout: 60)
    }

    @Test func inlineJSONAndFileURL() async throws {
        let inline = try await CLI.run(["run", Self.hello, "--input", #"{"name": "inline"}"#])
        #expect(inline.status == 0 && inline.stdout == "{\"greeting\":\"Hello, inline!\"}\n")
        let url = try await CLI.run(["run", Self.hello, "--input", "file://" + Self.helloInput])
        #expect(url.status == 0 && url.stdout == "{\"greeting\":\"Hello, world!\"}\n")
        let bad = try await CLI.run(["run", Self.hello, "--input", #"{"name": }"#])
        #expect(bad.status == 2 && bad.stderr.contains("--input:1:10: the input is not valid JSON"))
        let missing = try await CLI.run(["run", Self.hello, "--input", "no-such-input.json"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read 'no-such-input.json': no such file"))
        let eval = try await CLI.run(["eval", "$states.input.a + 1", "--input", #"{"a": 41}"#])
        #expect(eval.status == 0 && eval.stdout == "42\n")
    }

    @Test func noInputAndEmptyStandardInput() async throws {
        let pass = try CLI.temporaryFile(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        // --no-input does not read standard input, even when it holds JSON.
        let noInput = try await CLI.run(["run", pass, "--no-input"], stdin: Data(#"{"ignored": true}"#.utf8))
        #expect(noInput.status == 0 && noInput.stdout == "{}\n")
        // An empty standard input that nothing names is {}.
        let empty = try await CLI.run(["run", pass])
        #expect(empty.status == 0 && empty.stdout == "{}\n")
        // Named with "-", an empty standard input is a clear error.
        let dash = try await CLI.run(["run", pass, "--input", "-"])
        #expect(dash.status == 2 && dash.stderr.contains("<stdin>: the input is empty (give --no-input for {})"))
        let both = try await CLI.run(["run", pass, "--input", "{}", "--no-input"])
        #expect(both.status == 2 && both.stderr.contains("--input and --no-input"))
    }

    @Test func processSubstitutionPipesAndFIFOs() async throws {
        let subst = try await bash("sfn run <(cat '\(Self.hello)') --input <(cat '\(Self.helloInput)')")
        #expect(subst.status == 0 && subst.stdout == "{\"greeting\":\"Hello, world!\"}\n", "\(subst.stderr)")
        let definitionFromStdin = try await bash("cat '\(Self.hello)' | sfn run - --input '{\"name\":\"pipe\"}'")
        #expect(definitionFromStdin.stdout == "{\"greeting\":\"Hello, pipe!\"}\n", "\(definitionFromStdin.stderr)")
        let validate = try await bash("cat '\(Self.hello)' | sfn validate -")
        #expect(validate.status == 0 && validate.stdout.contains("valid"))
        let graph = try await bash("sfn graph <(cat '\(Self.hello)') --format mermaid")
        #expect(graph.status == 0 && graph.stdout.contains("Greet"), "\(graph.stderr)")
        let testState = try await bash("sfn test-state <(cat '\(Self.hello)') --input <(cat '\(Self.helloInput)')")
        #expect(testState.status == 0 && testState.stdout.contains("Hello, world!"), "\(testState.stderr)")
        let fifo = try await bash(
            "d=$(mktemp -d); mkfifo $d/in; (cat '\(Self.helloInput)' > $d/in &); sfn run '\(Self.hello)' --input $d/in; rm -r $d"
        )
        #expect(fifo.status == 0 && fifo.stdout == "{\"greeting\":\"Hello, world!\"}\n", "\(fifo.stderr)")
    }
}
