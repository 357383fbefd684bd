import SFNCore
import SFNJSON
import Testing

/// `HistoryEventWriter` writes exactly the bytes of `JSONPrinter.write(event.json)`, on its fast
/// path (states entering and exiting) and off it.
struct HistoryEventWriterTests {
    @Test func writesWhatTheJSONRenderingPrints() async throws {
        let def = """
            {"StartAt": "Start \\"quoted\\" é", "States": {
              "Start \\"quoted\\" é": {"Type": "Pass", "Assign": {"v": "é\\n"}, "Next": "Fan"},
              "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": {"x": [1, 2.5, null, true]}, "End": true}}}]},
              "Each": {"Type": "Map", "ItemsPath": "$[0].x", "Next": "Stop",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}},
              "Stop": {"Type": "Fail", "Error": "E", "Cause": "c\\"d"}}}
            """
        var options = testOptions(recordHistory: true)
        options.maxHistoryEvents = 0
        let r = try await execute(def, input: ["s": "a\"b\\c\u{7f}😀", "ctl": "\n\t\u{1}/"], options: options)
        let events = try #require(r.history)
        #expect(events.count > 20)
        var writer = HistoryEventWriter()
        for event in events {
            var fast: [UInt8] = []
            writer.write(event, into: &fast)
            var general: [UInt8] = []
            JSONPrinter.write(event.json, into: &general, indent: nil)
            #expect(
                fast == general,
                "\(event.type): \(String(decoding: fast, as: UTF8.self)) vs \(String(decoding: general, as: UTF8.self))"
            )
        }
    }
}
