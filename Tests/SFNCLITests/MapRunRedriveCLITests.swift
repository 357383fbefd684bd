import Foundation
import SFNJSON
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Distributed Map killed with SIGKILL in the middle, then `sfn redrive`: the Map Run is redriven
/// under its ARN, only the child executions that had not succeeded (and the items never started)
/// run, and the output is a clean run's. Through the built binary and a real store file.
@Suite(.serialized) struct MapRunRedriveCLITests {
    static let count = 200
    static let ids = Set((0..<count).map(String.init))

    /// A Distributed Map over a CSV of ids, four child executions at a time: each appends its id to
    /// `log`, sleeps while the file `slow` exists (so that a kill lands with children in flight,
    /// however loaded the machine), and returns `{"done": ID}`.
    static func definition(_ s: RedriveCLITests.Scratch) -> String {
        """
        {"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "MaxConcurrency": 4, "Label": "Each", "Next": "Count",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
              "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
              "Parameters": {"Bucket": "items", "Key": "ids.csv"}},
            "ItemSelector": {"id.$": "$$.Map.Item.Value.id"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Work", "States": {
                "Work": {"Type": "Task", "End": true, "Resource":
                  "shell:read x; id=$(echo $x | tr -dc 0-9); echo $id >> \(s.path)/log; if [ -f \(s.path)/slow ]; then sleep 0.2; fi; printf '{\\"done\\": %s}' $id"}}}},
          "Count": {"Type": "Pass", "Parameters": {"all.$": "$", "n.$": "States.ArrayLength($)"}, "End": true}}}
        """
    }

    /// The names of the store's child executions of the Map Run with `status`.
    static func children(_ status: String, _ s: RedriveCLITests.Scratch) async throws -> Set<String> {
        let r = try await CLI.run([
            "executions", "--status", status, "--state-machine", "dm/Each", "--json", "--store", s.store,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try JSONParser.parse(r.stdout)["executions"]?.arrayValue ?? []
        return Set(list.compactMap { $0["name"]?.stringValue })
    }

    @Test func killedDistributedMapRedrivesOnlyTheChildrenThatDidNotSucceed() async throws {
        let binary = try #require(CLI.binary, "the sfn binary was not built")
        let s = try RedriveCLITests.Scratch()
        try FileManager.default.createDirectory(atPath: s.path + "/s3/items", withIntermediateDirectories: true)
        _ = try s.write("id\n" + (0..<Self.count).map { "\($0)\n" }.joined(), "s3/items/ids.csv")
        let def = try s.write(Self.definition(s), "dm.asl.json")
        let common = ["--s3-root", s.path + "/s3", "--compact"]
        let clean = try await CLI.run(["run", def, "--no-store"] + common, timeout: 120)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(Set(s.lines("log")) == Self.ids)
        try FileManager.default.removeItem(atPath: s.path + "/log")

        // A recorded run, SIGKILLed once 40 children have begun.
        _ = try s.write("", "slow")
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", def, "--store", s.store, "--name", "big"] + common
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<6000 where s.lines("log").count < 40 { try await Task.sleep(nanoseconds: 10_000_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        // The killed run's commands end with it (their supervisor kills them); let them go.
        try await Task.sleep(nanoseconds: 300_000_000)
        try FileManager.default.removeItem(atPath: s.path + "/slow")
        let before = s.lines("log")
        #expect(before.count >= 40 && before.count < Self.count, "killed in the middle: \(before.count) begun")
        let succeeded = try await Self.children("SUCCEEDED", s)
        let running = try await Self.children("RUNNING", s)
        #expect(!succeeded.isEmpty, "\(succeeded.count) succeeded before the kill")
        let succeededIds = Set(succeeded.map { String($0.split(separator: "-").last ?? "") })
        // In flight: begun (its command logged, after its TaskStarted was committed), not succeeded.
        // The other RUNNING children are the window's recorded but not started ones.
        let inFlight = running.filter { before.contains(String($0.split(separator: "-").last ?? "")) }
        #expect(!inFlight.isEmpty, "children in flight at the kill: \(running.sorted())")
        // A child that ran a Task commits its end at once: the kill loses at most the four in flight.
        let lost = Set(before).subtracting(succeededIds)
        #expect(lost.count <= 4, "begun and not recorded as succeeded: \(lost.sorted())")
        let listed = try await CLI.run(["map-runs", "big", "--store", s.store, "--json"])
        let arn = try #require(try JSONParser.parse(listed.stdout)["mapRuns"]?[0]?["mapRunArn"]?.stringValue)

        // A child is redriven only through its parent.
        let child = try await CLI.run(["redrive", try #require(inFlight.first), "--store", s.store])
        #expect(child.status == 2)
        #expect(child.stderr.contains("is a child execution of a Map Run"), "\(child.stderr)")

        let redriven = try await CLI.run(["redrive", "big", "--store", s.store] + common, timeout: 120)
        #expect(redriven.status == 0, "\(redriven.stderr)")
        #expect(redriven.stdout == clean.stdout, "the output of a clean run")
        let after = Array(s.lines("log").dropFirst(before.count))
        // Exactly the children that had not succeeded run, each once; the others not at all.
        #expect(Set(after) == Self.ids.subtracting(succeededIds))
        #expect(after.count == Set(after).count, "no child runs twice in the redrive")
        let all = s.lines("log")
        #expect(Set(all) == Self.ids)
        for id in succeededIds { #expect(all.filter { $0 == id }.count == 1, "item \(id) ran once") }

        // The Map Run keeps its ARN and counts the redrive.
        let runs = try await CLI.run(["map-runs", "big", "--store", s.store, "--json"])
        let list = try JSONParser.parse(runs.stdout)["mapRuns"]?.arrayValue ?? []
        #expect(list.map { $0["mapRunArn"]?.stringValue } == [arn])
        let described = try JSONParser.parse(
            try await CLI.run(["map-runs", arn, "--store", s.store, "--json"]).stdout)
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["redriveCount"] == 1)
        #expect(described["redriveDate"]?.stringValue != nil)
        #expect(described["executionCounts"]?["succeeded"] == .int(Self.count))
        let text = try await CLI.run(["map-runs", arn, "--store", s.store])
        #expect(text.stdout.contains("redriven         1 time, last "), "\(text.stdout)")
        // A child in flight at the kill was redriven: its history goes on after ExecutionRedriven.
        for name in inFlight {
            let child = try JSONParser.parse(
                try await CLI.run(["describe", name, "--store", s.store, "--json"]).stdout)
            #expect(child["status"] == "SUCCEEDED")
            #expect(child["redriveCount"] == 1)
            let history = try await CLI.run(["history", name, "--store", s.store])
            #expect(history.stdout.contains("ExecutionRedriven"), "\(history.stdout)")
        }
        #expect(try await Self.children("SUCCEEDED", s).count == Self.count)
        let parent = try JSONParser.parse(try await CLI.run(["describe", "big", "--store", s.store, "--json"]).stdout)
        #expect(parent["status"] == "SUCCEEDED")
        #expect(parent["redriveCount"] == 1)
    }
}
