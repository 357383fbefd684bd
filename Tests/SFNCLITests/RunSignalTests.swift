import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A termination signal to `sfn run` with nothing to end or complete is answered by the signal
/// handler itself (no thread waits for signals, issue 18's start-up); with a file to complete it
/// goes through the handler thread. Both end with the ABORTED line and 128 + the signal.
@Suite struct RunSignalTests {
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-sig-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ text: String, _ name: String) throws -> String {
            let file = path + "/" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
    }

    static let waiting = #"{"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}}"#

    /// Whether `pid` runs sfn (past its exec: until then it is a copy of this test process, whose
    /// own handlers another test may have installed) and has a handler for `signal` (its SigCgt
    /// mask in /proc).
    static func catches(_ pid: Int32, _ signal: Int32) -> Bool {
        guard let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
            let first = cmdline.split(separator: 0).first,
            String(decoding: first, as: UTF8.self).hasSuffix("/sfn")
        else { return false }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    /// Runs `sfn run ARGS`, signals it once its handler is in place, and returns its exit status
    /// (nil if it ended by the signal's default action) and stderr.
    static func signalled(_ args: [String], _ signal: Int32) async throws -> (Int32?, String) {
        let binary = try #require(CLI.binary, "the sfn binary was not found; run `swift build` first")
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run"] + args
        p.environment = CLI.environment
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        for _ in 0..<600 where !catches(p.processIdentifier, signal) { try await Task.sleep(nanoseconds: 50_000_000) }
        kill(p.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason == .exit ? p.terminationStatus : nil, stderr)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func signalWithNothingToCompleteReportsAbortedFromTheHandler(signal: Int32) async throws {
        let s = try Scratch()
        let (status, stderr) = try await Self.signalled([try s.write(Self.waiting, "wait.json"), "--no-store"], signal)
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal]!
        #expect(status == 128 + signal)
        #expect(
            stderr
                == #"{"status":"ABORTED","cause":"The execution was aborted by \#(name); every running command was stopped"}"#
                + "\n")
    }

    @Test func signalWithAHistoryFileCompletesTheFile() async throws {
        let s = try Scratch()
        let history = s.path + "/history.json"
        let (status, stderr) = try await Self.signalled(
            [try s.write(Self.waiting, "wait.json"), "--no-store", "--history", history], SIGTERM)
        #expect(status == 128 + SIGTERM)
        #expect(stderr.contains(#""status":"ABORTED""#), "\(stderr)")
        let text = try String(contentsOfFile: history, encoding: .utf8)
        #expect(text.contains("ExecutionStarted") && text.contains("WaitStateEntered"), "\(text)")
    }
}
