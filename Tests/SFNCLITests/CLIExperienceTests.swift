import Foundation
import SFNJSON
import Testing

/// Issue 15 through the built binary: one exit-status table, help in one layout with examples that
/// run, nearest-option suggestions, and `sfn validate`'s compiler-style diagnostics and SARIF.
@Suite struct CLIExperienceTests {
    static let commands = [
        "run", "test", "validate", "export", "graph", "executions", "map-runs", "describe", "history", "stop", "prune",
        "redrive", "test-state", "eval", "mock-config", "serve", "task-success", "task-failure", "task-heartbeat",
        "activity-worker", "completions", "console",
    ]
    /// Commands whose examples run until stopped: their help is checked, their examples not run.
    static let longRunning: Set<String> = ["serve", "console"]
    static let invalidDir = CLI.packageRoot.appendingPathComponent("definitions/invalid")

    @Test func everyHelpHasOneLayout() async throws {
        for command in Self.commands {
            let r = try await CLI.run([command, "--help"])
            #expect(r.status == 0, "\(command) --help")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let order = ["Usage:", "Options:", "Examples:", "Exit status"].map { head in
                lines.firstIndex { $0.hasPrefix(head) }
            }
            #expect(!order.contains(nil), "\(command) --help lacks a section: \(order)")
            let found = order.compactMap { $0 }
            #expect(found == found.sorted(), "\(command) --help has its sections out of order")
        }
    }

    /// Every example of every help text that names no placeholder (NAME, PATH) runs and exits 0,
    /// in a folder of its own holding the repository's definitions/.
    @Test func helpExamplesRun() async throws {
        let binary = try #require(CLI.binary)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("definitions"),
            withDestinationURL: CLI.packageRoot.appendingPathComponent("definitions"))
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try Data(
            #"{"definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "input": {}, "expected": {"status": "SUCCEEDED", "output": {}}}"#
                .utf8
        ).write(to: dir.appendingPathComponent("tests/pass.json"))
        var ran = 0
        for command in Self.commands where !Self.longRunning.contains(command) {
            let help = try await CLI.run([command, "--help"]).stdout
            guard let start = help.range(of: "\nExamples:\n") else { continue }
            let examples = help[start.upperBound...].prefix { _ in true }.split(separator: "\n")
                .prefix { $0.hasPrefix("  ") }.map { $0.trimmingCharacters(in: .whitespaces) }
            for example in examples where !["NAME", "TOKEN", "*"].contains(where: example.contains) {
                let script = "cd '\(dir.path)' && PATH='\(binary.deletingLastPathComponent().path)':$PATH \(example)"
                let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
                #expect(r.status == 0, "`\(example)` exited \(r.status): \(r.stderr)")
                ran += 1
            }
        }
        #expect(ran >= 9)
    }

    @Test func exitStatusTableIsTheSameInHelpAndDocs() async throws {
        let help = try await CLI.run(["--help"]).stdout
        #expect(help.contains("1  a failed execution, failed test cases, or (sfn validate) an invalid definition"))
        let validateHelp = try await CLI.run(["validate", "--help"]).stdout
        #expect(
            validateHelp.contains("1 some definition is\ninvalid")
                || validateHelp.contains("1 some definition is invalid"))
        let docs = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        #expect(
            docs.contains("| 1 | a failed execution, failed test cases, or (`sfn validate`) an invalid definition |"))
        // Behaviour: invalid is 1, unreadable is 2, valid is 0.
        let invalid = try await CLI.run([
            "validate", Self.invalidDir.appendingPathComponent("graph-problems.asl.json").path,
        ])
        #expect(invalid.status == 1)
        let notJSON = try await CLI.run(["validate", Self.invalidDir.appendingPathComponent("not-json.asl.json").path])
        #expect(notJSON.status == 2)
        let valid = try await CLI.run([
            "validate", CLI.packageRoot.appendingPathComponent("definitions/hello.asl.json").path,
        ])
        #expect(valid.status == 0)
    }

    @Test func unknownOptionsAndCommandsSuggestTheNearest() async throws {
        let hello = CLI.packageRoot.appendingPathComponent("definitions/hello.asl.json").path
        let run = try await CLI.run(["run", hello, "--inptu", "x.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown option '--inptu' (did you mean '--input'?)"))
        let validate = try await CLI.run(["validate", "--warnings-as-error", hello])
        #expect(validate.stderr.contains("(did you mean '--warnings-as-errors'?)"))
        let format = try await CLI.run(["validate", "--format", "sarf", hello])
        #expect(format.status == 2 && format.stderr.contains("did you mean 'sarif'?"))
        let command = try await CLI.run(["valdate", hello])
        #expect(command.status == 2 && command.stderr.contains("unknown command 'valdate' (did you mean 'validate'?)"))
        let far = try await CLI.run(["run", hello, "--zzzzzzzz"])
        #expect(far.status == 2 && !far.stderr.contains("did you mean"))
    }

    /// Every diagnostic with a line and column of every definition in definitions/invalid is
    /// followed by that line of the file and a caret under the column.
    @Test func caretsPointAtTheColumn() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.invalidDir.path).filter {
            $0.hasSuffix(".json")
        }.sorted()
        #expect(files.count >= 10)
        var carets = 0
        for name in files {
            let path = Self.invalidDir.appendingPathComponent(name).path
            let source = try String(contentsOfFile: path, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let r = try await CLI.run(["validate", path])
            #expect(r.status == 1 || r.status == 2, "\(name)")
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var seen = 0
            for (i, line) in lines.enumerated() where line.hasPrefix(path + ":") {
                let fields = line.dropFirst(path.count + 1).split(separator: ":", maxSplits: 2)
                guard fields.count == 3, let l = Int(fields[0]), let c = Int(fields[1]) else { continue }
                seen += 1
                try #require(i + 2 < lines.count, "\(name): no excerpt after \(line)")
                #expect(lines[i + 1] == "    " + source[l - 1], "\(name):\(l): the source line")
                let caret = lines[i + 2]
                #expect(caret.hasSuffix("^") && caret.unicodeScalars.count == 4 + c, "\(name):\(l):\(c): \(caret)")
                #expect(line.range(of: #"\[[A-Z_]+\]$"#, options: .regularExpression) != nil, "the code ends \(line)")
            }
            #expect(seen >= 1, "\(name): no located diagnostic")
            carets += seen
        }
        #expect(carets >= 25)
    }

    @Test func oneTypoIsOneError() async throws {
        let path = Self.invalidDir.appendingPathComponent("graph-problems.asl.json").path
        let r = try await CLI.run(["validate", path])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "Missing 'Next' target: Chek (no such state in this state machine); did you mean 'Check'?"))
        #expect(r.stderr.contains("did you mean 'Done'?"))
        #expect(!r.stderr.contains("is not reachable"))
        #expect(r.stderr.contains("invalid: 2 errors"))
        // The JSON format keeps AWS's own list, the unreachable states with it.
        let json = try await CLI.run(["validate", "--json", path])
        #expect(json.stdout.contains("is not reachable"))
    }

    @Test func sarifHasTheRequiredFields() async throws {
        let files = ["graph-problems.asl.json", "choice-rules.asl.json"].map {
            Self.invalidDir.appendingPathComponent($0).path
        }
        let r = try await CLI.run(["validate", "--format", "sarif"] + files)
        #expect(r.status == 1)
        let log = try JSONParser.parse(r.stdout)
        let root = try #require(log.objectValue)
        #expect(root["version"] == .string("2.1.0"))
        #expect(root["$schema"]?.stringValue?.contains("sarif") == true)
        let runs = try #require(root["runs"]?.arrayValue)
        #expect(runs.count == 1)
        let run = try #require(runs[0].objectValue)
        let driver = try #require(run["tool"]?.objectValue?["driver"]?.objectValue)
        #expect(driver["name"] == .string("sfn"))
        let rules = try #require(driver["rules"]?.arrayValue).compactMap { $0.objectValue?["id"]?.stringValue }
        let results = try #require(run["results"]?.arrayValue)
        #expect(results.count == 6)
        for result in results {
            let o = try #require(result.objectValue)
            #expect(o["message"]?.objectValue?["text"]?.stringValue?.isEmpty == false)
            let ruleId = try #require(o["ruleId"]?.stringValue)
            if case .int(let i) = o["ruleIndex"] { #expect(rules[Int(i)] == ruleId) } else { Issue.record("ruleIndex") }
            #expect(["error", "warning", "note", "none"].contains(o["level"]?.stringValue ?? ""))
            let physical = try #require(
                o["locations"]?.arrayValue?.first?.objectValue?["physicalLocation"]?.objectValue)
            let uri = try #require(physical["artifactLocation"]?.objectValue?["uri"]?.stringValue)
            #expect(files.contains(uri))
            let region = try #require(physical["region"]?.objectValue)
            if case .int(let line) = region["startLine"] { #expect(line >= 1) } else { Issue.record("startLine") }
            if case .int(let column) = region["startColumn"] {
                #expect(column >= 1)
            } else {
                Issue.record("startColumn")
            }
        }
    }

    @Test func warningsAsErrors() async throws {
        let def = try CLI.temporaryFile(
            #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a": "$.x"}, "End": true}}}"#)
        let plain = try await CLI.run(["validate", def])
        #expect(plain.status == 0 && plain.stderr.contains(": warning: "))
        let strict = try await CLI.run(["validate", "--warnings-as-errors", def])
        #expect(strict.status == 1 && strict.stderr.contains(": error: ") && !strict.stderr.contains(": warning: "))
    }
}
