import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn redrive` end to end through the built binary and a real store file.
@Suite(.serialized) struct RedriveCLITests {
    /// A scratch directory for the store, the definition and the commands' logs.
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("sfn-redrive-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        var store: String { path + "/sfn.db" }

        func write(_ text: String, _ name: String) throws -> String {
            let p = path + "/" + name
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }

        /// The lines a file holds (empty when it does not exist).
        func lines(_ name: String) -> [String] {
            let text = (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }
    }

    /// A Map of 20 shell tasks, two at a time: each logs its item and returns ten times it. Items
    /// from 10 on wait until the file `gate` exists, so that a run without it is certainly in the
    /// middle of the Map, with items 10 and 11 in flight, however loaded the machine is.
    static func mapOfTwenty(_ s: Scratch) -> String {
        """
        {"StartAt": "Fan", "States": {
          "Fan": {"Type": "Map", "MaxConcurrency": 2, "Next": "Sum",
            "ItemProcessor": {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "End": true,
                "Resource": "shell:read x; echo $x >> \(s.path)/log; if [ $x -ge 10 ]; then \(Self.waitForGate(s)); fi; echo $((x * 10))"}}}},
          "Sum": {"Type": "Pass", "Parameters": {"all.$": "$", "n.$": "States.ArrayLength($)"}, "End": true}}}
        """
    }

    static func waitForGate(_ s: Scratch) -> String {
        "while [ ! -f \(s.path)/gate ]; do sleep 0.02; done"
    }

    static let twenty = "[" + (0..<20).map(String.init).joined(separator: ",") + "]"

    @Test func killedMapIsRedrivenRerunningAtMostTheIterationsInFlight() async throws {
        let binary = try #require(CLI.binary, "the sfn binary was not built")
        let s = try Scratch()
        let def = try s.write(Self.mapOfTwenty(s), "map.asl.json")
        let input = try s.write(Self.twenty, "input.json")
        _ = try s.write("", "gate")
        let uninterrupted = try await CLI.run(["run", def, "--input", input, "--no-store", "--compact"])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        try FileManager.default.removeItem(atPath: s.path + "/log")
        try FileManager.default.removeItem(atPath: s.path + "/gate")

        // Start a recorded run and SIGKILL it in the middle of the Map.
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", def, "--input", input, "--store", s.store, "--name", "killed"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<3000 where s.lines("log").count < 12 { try await Task.sleep(nanoseconds: 10_000_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let before = s.lines("log")
        #expect(Set(before) == Set((0..<12).map(String.init)), "killed with items 10 and 11 in flight: \(before)")
        _ = try s.write("", "gate")

        let redriven = try await CLI.run(["redrive", "killed", "--store", s.store, "--compact"])
        #expect(redriven.status == 0, "\(redriven.stderr)")
        #expect(redriven.stdout == uninterrupted.stdout)
        let after = Array(s.lines("log").dropFirst(before.count))
        let rerun = Set(after).intersection(before)
        #expect(rerun.isSubset(of: ["10", "11"]), "only the iterations in flight run again: \(rerun.sorted())")
        #expect(Set(before).union(after) == Set((0..<20).map(String.init)))

        // Now SUCCEEDED: a second redrive is refused with AWS's reason.
        let again = try await CLI.run(["redrive", "killed", "--store", s.store])
        #expect(again.status == 2)
        #expect(again.stderr.contains("ExecutionNotRedrivable: Execution is SUCCEEDED and cannot be redriven."))
    }

    static func flaky(_ s: Scratch) -> String {
        """
        {"StartAt": "Prep", "States": {
          "Prep": {"Type": "Task", "Resource": "shell:echo prep >> \(s.path)/log; echo 1",
            "ResultPath": "$.prep", "Assign": {"who": "world"}, "Next": "Work"},
          "Work": {"Type": "Task", "Resource": "shell:echo work >> \(s.path)/log; test -f \(s.path)/ok && echo 2",
            "ResultPath": "$.work", "Next": "Last"},
          "Last": {"Type": "Pass", "End": true, "Parameters": {
            "who.$": "$who", "prep.$": "$.prep", "work.$": "$.work", "redrives.$": "$$.Execution.RedriveCount"}}}}
        """
    }

    @Test func catchlessTaskFailureIsRedrivenOnceTheCommandSucceeds() async throws {
        let s = try Scratch()
        let def = try s.write(Self.flaky(s), "flaky.asl.json")
        let failed = try await CLI.run(["run", def, "--store", s.store, "--name", "flaky-1"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("States.TaskFailed"))

        // Still failing: the redrive fails again, and counts.
        let second = try await CLI.run(["redrive", "flaky", "--store", s.store])
        #expect(second.status == 1)

        _ = try s.write("", "ok")
        let third = try await CLI.run(["redrive", "flaky-1", "--store", s.store, "--compact"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(
            third.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"who":"world","prep":1,"work":2,"redrives":2}"#)
        // Prep ran once; Work once per attempt.
        #expect(s.lines("log") == ["prep", "work", "work", "work"])
    }

    @Test func detachedRedriveAnswersWithItsDateAndRunsOn() async throws {
        let s = try Scratch()
        let def = try s.write(Self.flaky(s), "flaky.asl.json")
        let failed = try await CLI.run(["run", def, "--store", s.store, "--name", "bg"])
        #expect(failed.status == 1)
        _ = try s.write("", "ok")
        let detached = try await CLI.run(["redrive", "bg", "--store", s.store, "--detach"])
        #expect(detached.status == 0, "\(detached.stderr)")
        let answer = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(answer.hasPrefix(#"{"redriveDate":"20"#) && answer.hasSuffix(#"Z"}"#), "\(answer)")
        // It runs on by itself until SUCCEEDED, after which it cannot be redriven again.
        var refused = ""
        for _ in 0..<200 {
            let r = try await CLI.run(["redrive", "bg", "--store", s.store])
            refused = r.stderr
            if refused.contains("SUCCEEDED") { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(refused.contains("Execution is SUCCEEDED and cannot be redriven."))
    }

    @Test func unknownExecutionAndBadUsageExitTwo() async throws {
        let s = try Scratch()
        let missing = try await CLI.run(["redrive", "nope", "--store", s.store])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("ExecutionDoesNotExist"))
        let usage = try await CLI.run(["redrive"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Usage: sfn redrive NAME"))
    }
}
