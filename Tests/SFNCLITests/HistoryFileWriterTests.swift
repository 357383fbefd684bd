import Foundation
import SFNJSON
import Testing

/// `--history FILE` hands events to a writer thread in batches: the file must still hold every
/// event once, in id order, whichever thread produced it, across many batches.
struct HistoryFileWriterTests {
    /// Four branches counting to 600 side by side: about 10,000 events from two threads, ten
    /// batches and more.
    static let branches: String = {
        let branch = """
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step"}],
                "Default": "Done"},
              "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
              "Done": {"Type": "Succeed"}}}
            """
        return """
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true,
              "Branches": [\(Array(repeating: branch, count: 4).joined(separator: ","))]}}}
            """
    }()

    @Test func everyEventOnceInIdOrder() async throws {
        let def = try CLI.temporaryFile(Self.branches)
        let dir = URL(fileURLWithPath: def).deletingLastPathComponent()
        let input = dir.appendingPathComponent("in.json").path
        try Data(#"{"n": 600}"#.utf8).write(to: URL(fileURLWithPath: input))
        let out = dir.appendingPathComponent("h.json").path
        let r = try await CLI.run(["run", def, "--input", input, "--no-store", "--history", out])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONParser.parse(try String(contentsOfFile: out, encoding: .utf8))
        let events = try #require(doc["events"]?.arrayValue)
        // Per branch: Init (2 events), 601 Checks and 600 Steps (2 each), Done (2); then the
        // Parallel's own 4 and the execution's 2.
        let perBranch: Int = 2 + 2 * 601 + 2 * 600 + 2
        #expect(events.count == 4 * perBranch + 4 + 2)
        #expect(events.compactMap { $0["id"]?.intValue } == Array(1...events.count))
        #expect(events.last?["type"]?.stringValue == "ExecutionSucceeded")
        let exits = events.filter { $0["type"]?.stringValue == "PassStateExited" }
        let last = try #require(exits.last?["stateExitedEventDetails"]?["output"]?.stringValue)
        #expect(last == #"{"i":600,"n":600}"#)
    }
}
