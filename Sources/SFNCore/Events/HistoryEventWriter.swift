import SFNJSON

/// Writes history events as compact JSON, byte for byte what `JSONPrinter.write(event.json, ...)`
/// gives, for observers that write every event of a long run (a history file, a store). States
/// entering and exiting, nearly every event of a busy run, are written straight to bytes rather
/// than through a `JSONValue` tree, and a timestamp is formatted once for the events that share
/// it; the other types take the general path.
public struct HistoryEventWriter {
    private var lastMillis = Double.nan
    private var lastTimestamp: [UInt8] = []
    private var scratch: [UInt8] = []

    public init() {}

    public mutating func write(_ event: HistoryEvent, into out: inout [UInt8]) {
        switch event.details {
        case .stateEntered(let name, let input):
            head(event, into: &out)
            out.append(contentsOf: #","stateEnteredEventDetails":{"name":"#.utf8)
            JSONPrinter.writeString(name, into: &out)
            payload("input", input, into: &out)
            out.append(contentsOf: "}}".utf8)
        case .stateExited(let name, let output, let assigned)
        where assigned?.objectValue.map(\.isEmpty) ?? true:
            head(event, into: &out)
            out.append(contentsOf: #","stateExitedEventDetails":{"name":"#.utf8)
            JSONPrinter.writeString(name, into: &out)
            payload("output", output, into: &out)
            out.append(contentsOf: "}}".utf8)
        default:
            JSONPrinter.write(event.json, into: &out, indent: nil)
        }
    }

    /// `{"timestamp":...,"type":...,"id":...,"previousEventId":...` (the object left open).
    private mutating func head(_ event: HistoryEvent, into out: inout [UInt8]) {
        if event.timestamp != lastMillis {
            lastMillis = event.timestamp
            lastTimestamp.removeAll(keepingCapacity: true)
            JSONPrinter.writeString(Timestamp.format(millis: event.timestamp), into: &lastTimestamp)
        }
        out.append(contentsOf: #"{"timestamp":"#.utf8)
        out.append(contentsOf: lastTimestamp)
        out.append(contentsOf: #","type":"#.utf8)
        JSONPrinter.writeString(event.type.rawValue, into: &out)
        out.append(contentsOf: #","id":"#.utf8)
        JSONPrinter.write(.int(event.id), into: &out, indent: nil)
        out.append(contentsOf: #","previousEventId":"#.utf8)
        JSONPrinter.write(.int(event.previousEventId), into: &out, indent: nil)
    }

    /// `,"input":"<the value as JSON text>","inputDetails":{"truncated":false}`.
    private mutating func payload(_ name: String, _ value: JSONValue, into out: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        JSONPrinter.write(value, into: &scratch, indent: nil)
        out.append(contentsOf: #",""#.utf8)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: #"":"#.utf8)
        JSONPrinter.writeString(String(decoding: scratch, as: UTF8.self), into: &out)
        out.append(contentsOf: #",""#.utf8)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: #"Details":{"truncated":false}"#.utf8)
    }
}
