import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Through the built binary: `kill -9` of sfn in the middle of a run leaves no half-written
/// output. `--history` appears only whole (a temporary file renamed at the end): no file when
/// none existed, the old one untouched when one did. `--log-file` is a stream that can be
/// followed, written a whole line at a time: every line it holds is a whole JSON object.
@Suite(.serialized, .enabled(if: ProcessScan.available, "needs /proc (Linux)"))
struct KilledRunFilesTests {
    @Test func killMinusNineLeavesNoHalfHistoryAndOnlyWholeLogLines() async throws {
        let binary = try #require(CLI.binary, "the sfn binary was not built")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-killed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        // Enough events before the command that a streamed history would already have bytes out.
        let definition = """
            {"StartAt": "P0", "States": {
              "P0": {"Type": "Pass", "Result": {"padding": "\(String(repeating: "x", count: 100_000))"}, "Next": "P1"},
              "P1": {"Type": "Pass", "Next": "Hang"},
              "Hang": {"Type": "Task", "Resource": "shell:\(ProcessScan.export(mark))sleep 300", "End": true}}}
            """
        try definition.write(toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let old = #"{"events": []}"# + "\n"
        try old.write(toFile: dir + "/old-history.json", atomically: true, encoding: .utf8)

        for (history, existed) in [("new-history.json", false), ("old-history.json", true)] {
            let p = Process()
            p.executableURL = binary
            p.arguments = [
                "run", dir + "/def.json", "--no-store", "--history", dir + "/" + history, "--log-level", "ALL",
                "--include-execution-data", "--log-file", dir + "/log.jsonl",
            ]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let running = try await ProcessScan.waitForMarked(mark, seconds: 20)
            #expect(!running.isEmpty, "the Task's command never started")
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()

            let text = try? String(contentsOfFile: dir + "/" + history, encoding: .utf8)
            if existed {
                #expect(text == old, "the history that existed was changed by a killed run")
            } else {
                #expect(text == nil, "a killed run left a history file: \(text?.prefix(200) ?? "")")
            }
            let log = try String(contentsOfFile: dir + "/log.jsonl", encoding: .utf8)
            let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "", "the log ends in the middle of a line")
            for line in lines.dropLast() {
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil,
                    "half a log line: \(line.prefix(80))")
            }
            #expect(lines.count > 3, "the log has the events before the Task")
            #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty, "the command outlived sfn")
        }
    }
}
