import Foundation
import Testing

/// A stand-in for `docker` (or `podman`) on PATH: it records each call's arguments, one line per
/// call with the arguments separated by U+001F, and exits with FAKE_DOCKER_EXIT (0 by default);
/// with 125 it says on stderr what a runtime says for an image it cannot find, and with
/// FAKE_DOCKER_SLEEP it sleeps first (a container that runs long).
struct FakeContainerRuntime {
    let directory: URL
    let log: URL

    static let script = #"""
        #!/bin/sh
        { for a in "$@"; do printf '%s\037' "$a"; done; printf '\n'; } >> "$FAKE_DOCKER_LOG"
        if [ "$1" = "run" ] && [ -n "$FAKE_DOCKER_SLEEP" ]; then sleep "$FAKE_DOCKER_SLEEP"; fi
        code="${FAKE_DOCKER_EXIT:-0}"
        if [ "$1" = "run" ] && [ "$code" = 125 ]; then
            echo "Unable to find image 'missing:1' locally" >&2
            echo "docker: Error response from daemon: pull access denied for missing" >&2
        fi
        [ "$1" = "run" ] || exit 0
        exit "$code"
        """#

    /// Installs the fake as `name` in a folder of its own.
    init(name: String = "docker") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sfn-fake-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let program = directory.appendingPathComponent(name)
        try Data(Self.script.utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        log = directory.appendingPathComponent("calls.log")
    }

    /// Runs `sfn ARGS` with the fake first on PATH.
    func run(_ args: [String], exit code: Int = 0, sleep: Double? = nil) async throws -> CLIRun {
        let binary = try #require(CLI.binary, "the sfn binary was not found; run `swift build` first")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var env = ["PATH=\(directory.path):\(path)", "FAKE_DOCKER_LOG=\(log.path)", "FAKE_DOCKER_EXIT=\(code)"]
        if let sleep { env.append("FAKE_DOCKER_SLEEP=\(sleep)") }
        return try await CLI.runProcess(URL(fileURLWithPath: "/usr/bin/env"), env + [binary.path] + args, timeout: 60)
    }

    /// Every call's arguments, in order.
    func calls() -> [[String]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            line.split(separator: "\u{1F}", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }
}

/// Whether a real container runtime answers here (`docker info` succeeds).
let realDockerAnswers: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["docker", "info"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()
