import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What /proc says about processes, for tests that must show no process is left: a marker
/// variable unique to the test, exported by the test's commands, is inherited by everything they
/// start (`setsid` ones included), so the test finds its own processes and nobody else's.
enum ProcessScan {
    static let available = FileManager.default.fileExists(atPath: "/proc/self/environ")

    /// A fresh marker: the `NAME=VALUE` a command exports and the scan looks for.
    static func marker() -> String { "SFN_TEST_MARK=\(UUID().uuidString)" }

    /// The shell words that put `marker` in the environment of everything a command starts.
    static func export(_ marker: String) -> String { "export \(marker); " }

    /// Live processes (not zombies) whose environment holds `marker`.
    static func marked(_ marker: String) -> [pid_t] {
        let needle = Array(marker.utf8)
        return pids().filter { pid in
            guard state(of: pid).map({ $0 != "Z" }) == true,
                let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            return environ.split(separator: 0).contains { Array($0) == needle }
        }
    }

    /// Waits up to `seconds` for no process to hold `marker`; returns those still alive.
    static func waitUntilGone(_ marker: String, seconds: Double) async throws -> [pid_t] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = marked(marker)
        while !left.isEmpty && Date() < deadline {
            try await Task.sleep(nanoseconds: 25_000_000)
            left = marked(marker)
        }
        return left
    }

    /// Waits up to `seconds` for at least `count` processes to hold `marker`.
    static func waitForMarked(_ marker: String, count: Int = 1, seconds: Double) async throws -> [pid_t] {
        let deadline = Date().addingTimeInterval(seconds)
        var found = marked(marker)
        while found.count < count && Date() < deadline {
            try await Task.sleep(nanoseconds: 25_000_000)
            found = marked(marker)
        }
        return found
    }

    /// Kills what a failed test left, so one failure does not leave sleepers behind.
    static func killAll(_ marker: String) {
        for pid in marked(marker) { kill(pid, SIGKILL) }
    }

    /// The one-letter state in /proc/PID/stat (after the command name's closing parenthesis).
    static func state(of pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first?.first
    }

    /// True while `pid` runs (exists and is not a zombie).
    static func alive(_ pid: pid_t) -> Bool { state(of: pid).map { $0 != "Z" } ?? false }

    private static func pids() -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
    }
}

/// The scan's own contract: it finds a marked process (and only it), and sees it go.
@Suite(.enabled(if: ProcessScan.available, "needs /proc"))
struct ProcessScanTests {
    @Test func findsItsMarkedProcessAndSeesItGo() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", ProcessScan.export(mark) + "sleep 30"]
        try p.run()
        let found = try await ProcessScan.waitForMarked(mark, seconds: 60)
        #expect(!found.isEmpty)
        #expect(ProcessScan.marked(ProcessScan.marker()).isEmpty, "another marker finds nothing")
        ProcessScan.killAll(mark)
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 60).isEmpty)
        p.waitUntilExit()
    }
}
