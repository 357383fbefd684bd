import SFNJSON

/// Writes history events as compact JSON, byte for byte what `JSONPrinter.write(event.json, ...)`
/// gives, for observers that write every event of a long run (a history file, a store). States
/// entering and exiting, nearly every event of a busy run, are written straight to bytes rather
/// than through a `JSONValue` tree; the parts that repeat (a timestamp within a millisecond, the
/// quoted type, a state's quoted name) are formatted once and copied after. The other types take
/// the general path.
public struct HistoryEventWriter {
    private var lastMillis = Double.nan
    private var lastTimestamp: [UInt8] = []
    private var scratch: [UInt8] = []
    /// Quoted type names by the enum's in-memory tag (a byte for a payload-free enum), built as
    /// types first appear: `append(contentsOf: String.utf8)` per event costs more than the copy.
    private var typeBytes: [[UInt8]] = []
    /// The last state names written, quoted and escaped, newest at `nextName - 1` (a ring): a
    /// run loop alternates between a few states.
    private var names: [(name: String, bytes: [UInt8])] = []
    private var nextName = 0

    public init() {}

    public mutating func write(_ event: HistoryEvent, into out: inout [UInt8]) {
        switch event.details {
        case .stateEntered(let name, let input):
            head(event, into: &out)
            out.append(contentsOf: Self.enteredDetails)
            quotedName(name, into: &out)
            payload(Self.input, input, into: &out)
            out.append(contentsOf: Self.close2)
        case .stateExited(let name, let output, let assigned)
        where assigned?.objectValue.map(\.isEmpty) ?? true:
            head(event, into: &out)
            out.append(contentsOf: Self.exitedDetails)
            quotedName(name, into: &out)
            payload(Self.output, output, into: &out)
            out.append(contentsOf: Self.close2)
        default:
            JSONPrinter.write(event.json, into: &out, indent: nil)
        }
    }

    private static let timestampKey = Array(#"{"timestamp":"#.utf8)
    private static let typeKey = Array(#","type":"#.utf8)
    private static let idKey = Array(#","id":"#.utf8)
    private static let previousKey = Array(#","previousEventId":"#.utf8)
    private static let enteredDetails = Array(#","stateEnteredEventDetails":{"name":"#.utf8)
    private static let exitedDetails = Array(#","stateExitedEventDetails":{"name":"#.utf8)
    private static let close2 = Array("}}".utf8)
    /// `,"input":` and `,"inputDetails":{"truncated":false}`.
    private static let input = (Array(#","input":"#.utf8), Array(#","inputDetails":{"truncated":false}"#.utf8))
    private static let output = (Array(#","output":"#.utf8), Array(#","outputDetails":{"truncated":false}"#.utf8))

    /// `{"timestamp":...,"type":...,"id":...,"previousEventId":...` (the object left open).
    private mutating func head(_ event: HistoryEvent, into out: inout [UInt8]) {
        if event.timestamp != lastMillis {
            lastMillis = event.timestamp
            lastTimestamp.removeAll(keepingCapacity: true)
            JSONPrinter.writeString(Timestamp.format(millis: event.timestamp), into: &lastTimestamp)
        }
        out.append(contentsOf: Self.timestampKey)
        out.append(contentsOf: lastTimestamp)
        out.append(contentsOf: Self.typeKey)
        quotedType(event.type, into: &out)
        out.append(contentsOf: Self.idKey)
        JSONPrinter.write(.int(event.id), into: &out, indent: nil)
        out.append(contentsOf: Self.previousKey)
        JSONPrinter.write(.int(event.previousEventId), into: &out, indent: nil)
    }

    private mutating func quotedType(_ type: HistoryEventType, into out: inout [UInt8]) {
        guard MemoryLayout<HistoryEventType>.size == 1 else {
            return JSONPrinter.writeString(type.rawValue, into: &out)
        }
        let tag = Int(unsafeBitCast(type, to: UInt8.self))
        if typeBytes.isEmpty { typeBytes = Array(repeating: [], count: 256) }
        if typeBytes[tag].isEmpty { JSONPrinter.writeString(type.rawValue, into: &typeBytes[tag]) }
        out.append(contentsOf: typeBytes[tag])
    }

    private mutating func quotedName(_ name: String, into out: inout [UInt8]) {
        for entry in names where entry.name == name {
            out.append(contentsOf: entry.bytes)
            return
        }
        var bytes: [UInt8] = []
        JSONPrinter.writeString(name, into: &bytes)
        out.append(contentsOf: bytes)
        if names.count < 4 {
            names.append((name, bytes))
        } else {
            names[nextName] = (name, bytes)
            nextName = (nextName + 1) & 3
        }
    }

    /// `,"input":"<the value as JSON text>","inputDetails":{"truncated":false}`.
    private mutating func payload(_ keys: ([UInt8], [UInt8]), _ value: JSONValue, into out: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        JSONPrinter.write(value, into: &scratch, indent: nil)
        out.append(contentsOf: keys.0)
        Self.writeQuoted(scratch, into: &out)
        out.append(contentsOf: keys.1)
    }

    /// UTF-8 text as a JSON string, escaped as `JSONPrinter.writeString` escapes it, without
    /// making a `String` of it first.
    static func writeQuoted(_ text: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        text.withUnsafeBufferPointer { bytes in
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let c = bytes[i]
                if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                    i += 1
                    continue
                }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                // A control character never appears raw in printed JSON; escape it as writeString does.
                if c < 0x20 {
                    var quoted: [UInt8] = []
                    JSONPrinter.writeString(String(decoding: CollectionOfOne(c), as: UTF8.self), into: &quoted)
                    out.append(contentsOf: quoted.dropFirst().dropLast())
                } else {
                    out.append(UInt8(ascii: "\\"))
                    out.append(c)
                }
                i += 1
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
