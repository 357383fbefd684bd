import Foundation
import Testing

/// Runs the built `sfn` binary and captures what it did.
struct CLIRun {
    var status: Int32
    /// True when the process ended by a signal (a crash, or our timeout).
    var signaled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `sfn` executable next to the test bundle (debug build), else in the release build.
    static let binary: URL? = {
        let candidates = [
            CommandLine.arguments.first.map {
                URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("sfn")
            },
            packageRoot.appendingPathComponent(".build/debug/sfn"),
            packageRoot.appendingPathComponent(".build/release/sfn"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The shared corpus: $SFN_SHARED, else ../shared (the package root's sibling), else
    /// ../../shared (for a git worktree one level further down); nil when none exists.
    static let shared: URL? = {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["SFN_SHARED"] { candidates.append(URL(fileURLWithPath: env)) }
        let parent = packageRoot.deletingLastPathComponent()
        candidates.append(parent.appendingPathComponent("shared"))
        candidates.append(parent.deletingLastPathComponent().appendingPathComponent("shared"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("conformance").path)
        }
    }()

    /// The environment commands run in: this process's, with the store in a folder of this test
    /// run's own (tests that need a particular store name one with --store or SFN_STORE), so that
    /// runs of the suite neither share executions nor leave them in the package's .sfn/.
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cli-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        env["SFN_STORE"] = dir.appendingPathComponent("sfn.db").path
        return env
    }()

    /// Runs `sfn ARGS` with `stdin` (nil: an empty, closed standard input), killing it after `timeout`.
    static func run(_ args: [String], stdin: Data? = nil, timeout: TimeInterval = 60) async throws -> CLIRun {
        let binary = try #require(Self.binary, "the sfn binary was not found; run `swift build` first")
        return try await runProcess(binary, args, stdin: stdin, timeout: timeout)
    }

    /// Runs a program to its end, killing it after `timeout`. Waits by sleeping, not by blocking a
    /// thread: a test that runs a thousand commands must not hold one of the few threads the
    /// other tests' tasks need (their time limits would run out while they wait for a thread).
    static func runProcess(
        _ executable: URL, _ args: [String], stdin: Data? = nil,
        timeout: TimeInterval
    ) async throws -> CLIRun {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        let inURL = dir.appendingPathComponent("in")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: stdin ?? Data())

        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.environment = environment
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline {
                timedOut = true
                p.terminate()
                p.waitUntilExit()
                break
            }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        p.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return CLIRun(
            status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: out, stderr: err)
    }

    /// Writes `text` to a temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "file.json") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

extension CLIRun {
    /// The last line of stderr: the one-line `{"error": ..., "cause": ...}` of a failed run, after
    /// the summary lines a person reads.
    var stderrLastLine: String {
        stderr.split(separator: "\n").last.map(String.init) ?? ""
    }
}
