import Foundation
import Testing

/// Through the built binary: a command sees only the environment it is granted (PATH, HOME, LANG
/// and what the resources map gives it), gets its input on stdin and never through a command line
/// or a shell's word splitting, and runs in the working directory the map chooses.
@Suite struct ShellSafetyTests {
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-safe-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/tools", withIntermediateDirectories: true)
            // Prints the names of its variables, its argument count, its directory and its stdin.
            let script = """
                names=$(env | cut -d= -f1 | sort | tr '\\n' ' ')
                input=$(cat)
                printf '{"names": "%s", "args": %d, "cwd": "%s", "input": %s}\\n' "$names" "$#" "$(pwd)" "$input"
                """
            try script.write(toFile: path + "/tools/report.sh", atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ text: String, _ name: String) throws -> String {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
            return path + "/" + name
        }
    }

    /// Runs the one-Task definition over `resource` with `SFN_TEST_SECRET` in sfn's environment.
    static func report(_ resource: String, _ s: Scratch, input: String = "{}", extra: [String] = []) async throws
        -> [String: Any]
    {
        let definition = try JSONSerialization.data(withJSONObject: [
            "StartAt": "T", "States": ["T": ["Type": "Task", "Resource": resource, "End": true]],
        ])
        try definition.write(to: URL(fileURLWithPath: s.path + "/def.json"))
        let inputFile = try s.write(input, "input.json")
        // env(1) adds the secret to what the test's sfn inherits.
        let binary = try #require(CLI.binary).path
        let r = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["SFN_TEST_SECRET=hunter2", binary, "run", s.path + "/def.json", "--input", inputFile, "--compact"] + extra,
            timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    }

    static func names(_ out: [String: Any]) -> Set<String> {
        Set(((out["names"] as? String) ?? "").split(separator: " ").map(String.init))
    }

    @Test func shellCommandSeesOnlyPathHomeAndLang() async throws {
        let s = try Scratch()
        let out = try await Self.report("shell:sh \(s.path)/tools/report.sh", s)
        let names = Self.names(out)
        #expect(!names.contains("SFN_TEST_SECRET"), "sfn's own environment leaked into the command: \(names)")
        #expect(names.contains("PATH"))
        // sfn's store, so that a command calling `sfn task-success` answers through it.
        #expect(names.contains("SFN_STORE"))
        // Whatever sh adds for itself (PWD, SHLVL, _) aside, nothing else of sfn's is there.
        let shells: Set<String> = ["PWD", "OLDPWD", "SHLVL", "_"]
        #expect(names.subtracting(shells).isSubset(of: ["PATH", "HOME", "LANG", "SFN_STORE"]), "\(names)")
    }

    @Test func resourcesMapGrantsItsEnvironmentAndChoosesTheDirectory() async throws {
        let s = try Scratch()
        let map = try s.write(
            #"{"Report": {"command": "sh report.sh", "workingDirectory": "tools", "environment": {"MODE": "fast"}}}"#,
            "resources.json")
        let out = try await Self.report(
            "arn:aws:lambda:us-east-1:123456789012:function:Report", s, extra: ["--resources", map])
        let names = Self.names(out)
        #expect(names.contains("MODE"))
        #expect(!names.contains("SFN_TEST_SECRET"), "\(names)")
        let cwd = try #require(out["cwd"] as? String)
        #expect(cwd.hasSuffix("/tools"), "the map's workingDirectory, resolved against the map's folder: \(cwd)")
    }

    /// Input full of shell syntax arrives byte for byte on stdin; nothing of it runs.
    @Test func inputTravelsOnStdinAndIsNeverExpanded() async throws {
        let s = try Scratch()
        let hostile = "$(touch \(s.path)/pwned); `touch \(s.path)/pwned2` * ; rm -rf ~ \" '"
        let input = String(
            decoding: try JSONSerialization.data(withJSONObject: ["text": hostile]), as: UTF8.self)
        let out = try await Self.report("shell:sh \(s.path)/tools/report.sh", s, input: input)
        #expect(out["args"] as? Int == 0, "the command got arguments")
        #expect((out["input"] as? [String: Any])?["text"] as? String == hostile)
        #expect(!FileManager.default.fileExists(atPath: s.path + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: s.path + "/pwned2"))
    }
}
