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
        expectWrittenAsPrinted(events)
    }

    /// The writer keeps what repeats between events (keys by position, state names, ids'
    /// digits): payloads whose shapes change from event to event, keys that need escaping,
    /// objects of many keys and integers of every length still come out exactly.
    @Test func varyingPayloadsComeOutExactly() throws {
        let payloads: [JSONValue] = [
            ["n": 50000],
            ["i": 0, "n": 50000],
            ["i": 1, "n": 50000],
            ["n": 1, "i": -1],
            ["q\"k": "v", "b\\s": ["x": .int(Int.min)], "": .int(Int.max)],
            .object(JSONObject((0..<20).map { ("key\($0)", JSONValue.int($0 * 37 - 300)) })),
            .object(JSONObject((0..<20).map { ("other\($0)", JSONValue.int(-$0)) })),
            ["i": 9, "n": 10, "m": 99, "k": 100, "j": 1_000_000_007],
            ["é": "ü\n", "i": .double(2.5), "n": .null],
            ["i": 12_345_678_901_234, "n": [1, ["deep": true]]],
        ]
        let names = ["Step", "Check", "A much longer state name, \"quoted\"", "Step", "Δ"]
        var events: [HistoryEvent] = []
        var id = 1
        for (k, payload) in payloads.enumerated() {
            for name in names {
                let millis = 1_765_000_000_000.0 + Double(k * 997 + id)
                events.append(
                    HistoryEvent(
                        id: id, previousEventId: id - 1, timestamp: millis, type: .passStateEntered,
                        details: .stateEntered(name: name, input: payload)))
                events.append(
                    HistoryEvent(
                        id: id * 1000 + 1, previousEventId: id, timestamp: millis, type: .passStateExited,
                        details: .stateExited(name: name, output: payload, assignedVariables: nil)))
                id += 1
            }
        }
        // Ids counting up by one across 99 -> 100 and 999 -> 1000, each following the one before.
        for id in 95...1005 {
            events.append(
                HistoryEvent(
                    id: id, previousEventId: id == 500 ? 7 : id - 1, timestamp: 1_765_000_000_000,
                    type: .passStateEntered,
                    details: .stateEntered(name: "Step", input: ["i": .int(id)])))
        }
        expectWrittenAsPrinted(events)
    }

    /// One writer over `events` in order (it keeps what repeats between them) writes each one
    /// byte for byte as `JSONPrinter` prints the event's JSON.
    func expectWrittenAsPrinted(_ events: [HistoryEvent]) {
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
