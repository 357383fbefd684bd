import SFNJSON

/// Writes history events as compact JSON, byte for byte what `JSONPrinter.write(event.json, ...)`
/// gives, for observers that write every event of a long run (a history file, a store). States
/// entering and exiting, nearly every event of a busy run, are written straight into a
/// `ByteBuffer`: no `JSONValue` tree, no `String` per event, and the payload printed already
/// escaped as the JSON string AWS makes of it (not printed, then escaped from a copy). The parts
/// that repeat (a timestamp's date and time within a second, the quoted type, a state's quoted
/// name) are formatted once and copied after. The other types take the general path.
public struct HistoryEventWriter {
    private var lastMillis = Double.nan
    /// The quoted timestamp of `lastMillis`, and the second it falls in (-1: none yet).
    private var lastTimestamp: [UInt8] = []
    private var lastSecond = -1
    /// The texts below, one after the other: kept in one array (a cached text that is an array
    /// of its own is retained and released per use). Emptied, with every span into it, when it
    /// grows past `textLimit` (payloads whose keys never repeat).
    private var texts: [UInt8] = []
    private static let textLimit = 1 << 16
    /// Quoted type names by the enum's in-memory tag (a byte for a payload-free enum), built as
    /// types first appear.
    private var typeSpans: [Span] = []
    /// The last state names written, quoted and escaped, newest at `nextName - 1` (a ring): a
    /// run loop alternates between a few states.
    private var names: [(name: String, span: Span)] = []
    private var nextName = 0
    /// The last event's id, and its digits: ids mostly count up by one, and most events follow
    /// the one before (previousEventId is id - 1), so both are the last digits moved by one.
    private var lastId = 0
    private var idText: [UInt8] = []

    /// Where a text lies in `texts`.
    private struct Span {
        var start: Int32
        var count: Int32
    }

    /// For `write(_:into:)`.
    private let scratch = ByteBuffer(capacity: 256)
    /// Payloads, printed as the JSON strings AWS makes of them.
    private var payloads = PayloadPrinter(escaped: true)

    public init() {}

    /// Appends the event's JSON text to `out`.
    public mutating func write(_ event: HistoryEvent, into out: inout [UInt8]) {
        let buffer = scratch
        buffer.removeAll()
        write(event, to: buffer)
        out.append(contentsOf: buffer.bytes)
    }

    /// Appends the event's JSON text to `out`.
    public mutating func write(_ event: HistoryEvent, to out: ByteBuffer) {
        switch event.details {
        case .stateEntered(let name, let input):
            head(event, into: out)
            out.append(#","stateEnteredEventDetails":{"name":"#)
            quotedName(name, into: out)
            out.append(#","input":""#)
            payloads.write(input, to: out)
            out.append(#"","inputDetails":{"truncated":false}}}"#)
        case .stateExited(let name, let output, let assigned)
        where assigned?.objectValue.map(\.isEmpty) ?? true:
            head(event, into: out)
            out.append(#","stateExitedEventDetails":{"name":"#)
            quotedName(name, into: out)
            out.append(#","output":""#)
            payloads.write(output, to: out)
            out.append(#"","outputDetails":{"truncated":false}}}"#)
        default:
            var bytes: [UInt8] = []
            JSONPrinter.write(event.json, into: &bytes, indent: nil)
            out.append(bytes)
        }
    }

    /// `{"timestamp":...,"type":...,"id":...,"previousEventId":...` (the object left open).
    private mutating func head(_ event: HistoryEvent, into out: ByteBuffer) {
        out.append(#"{"timestamp":"#)
        if event.timestamp != lastMillis { timestamp(event.timestamp) }
        lastTimestamp.withUnsafeBufferPointer { out.append($0) }
        out.append(#","type":"#)
        quotedType(event.type, into: out)
        ids(event.id, previous: event.previousEventId, into: out)
    }

    /// `,"id":N,"previousEventId":P`.
    private mutating func ids(_ id: Int, previous: Int, into out: ByteBuffer) {
        out.append(#","id":"#)
        if id == lastId &+ 1 && lastId > 0 {
            // One more: the last digit goes up, carrying over nines.
            var i = idText.count - 1
            while i >= 0 && idText[i] == UInt8(ascii: "9") {
                idText[i] = UInt8(ascii: "0")
                i -= 1
            }
            if i < 0 { idText.insert(UInt8(ascii: "1"), at: 0) } else { idText[i] &+= 1 }
        } else {
            idText = Array(String(id).utf8)
        }
        lastId = id
        idText.withUnsafeBufferPointer { out.append($0) }
        out.append(#","previousEventId":"#)
        if previous == id &- 1 && id > 1 {
            // The id's digits, one less (`id > 1`: never "0", and a leading zero left by the
            // borrow is dropped).
            let start = out.count
            idText.withUnsafeBufferPointer { out.append($0) }
            out.decrementDigits(from: start)
        } else {
            out.appendInt(previous)
        }
    }

    /// Formats `millis` as a quoted timestamp into `lastTimestamp`. Within the second of the
    /// last one, only the milliseconds change: a fast run writes thousands of events a second.
    private mutating func timestamp(_ millis: Double) {
        lastMillis = millis
        if millis >= 0 && millis < 253_402_300_799_999 {
            let total = Int(millis.rounded(.down))
            if total / 1000 == lastSecond && lastTimestamp.count == 26 {
                // `"YYYY-MM-DDTHH:MM:SS.mmmZ"`: the milliseconds are bytes 21 to 23.
                let ms = total % 1000
                lastTimestamp[21] = UInt8(ascii: "0") &+ UInt8(ms / 100)
                lastTimestamp[22] = UInt8(ascii: "0") &+ UInt8(ms / 10 % 10)
                lastTimestamp[23] = UInt8(ascii: "0") &+ UInt8(ms % 10)
                return
            }
            lastSecond = total / 1000
        } else {
            lastSecond = -1
        }
        lastTimestamp.removeAll(keepingCapacity: true)
        JSONPrinter.writeString(Timestamp.format(millis: millis), into: &lastTimestamp)
    }

    private mutating func quotedType(_ type: HistoryEventType, into out: ByteBuffer) {
        guard MemoryLayout<HistoryEventType>.size == 1 else {
            var bytes: [UInt8] = []
            JSONPrinter.writeString(type.rawValue, into: &bytes)
            return out.append(bytes)
        }
        let tag = Int(unsafeBitCast(type, to: UInt8.self))
        if typeSpans.isEmpty { typeSpans = Array(repeating: Span(start: 0, count: 0), count: 256) }
        if typeSpans[tag].count == 0 {
            var bytes: [UInt8] = []
            JSONPrinter.writeString(type.rawValue, into: &bytes)
            typeSpans[tag] = keep(bytes)
        }
        append(typeSpans[tag], to: out)
    }

    private mutating func quotedName(_ name: String, into out: ByteBuffer) {
        // Lengths first: telling two different names apart with `==` takes String's slow path.
        let length = name.utf8.count
        for i in 0..<names.count where names[i].name.utf8.count == length && names[i].name == name {
            return append(names[i].span, to: out)
        }
        var bytes: [UInt8] = []
        JSONPrinter.writeString(name, into: &bytes)
        out.append(bytes)
        let span = keep(bytes)
        if names.count < 4 {
            names.append((name, span))
        } else {
            names[nextName] = (name, span)
            nextName = (nextName + 1) & 3
        }
    }

    /// Adds a text to `texts`; first empties it, and forgets every span, when it is full.
    private mutating func keep(_ bytes: [UInt8]) -> Span {
        if texts.count + bytes.count > Self.textLimit {
            texts.removeAll(keepingCapacity: true)
            typeSpans = []
            names = []
            nextName = 0
        }
        let span = Span(start: Int32(texts.count), count: Int32(bytes.count))
        texts.append(contentsOf: bytes)
        return span
    }

    @inline(__always) private mutating func append(_ span: Span, to out: ByteBuffer) {
        texts.withUnsafeBufferPointer { all in
            out.append(UnsafeBufferPointer(start: all.baseAddress! + Int(span.start), count: Int(span.count)))
        }
    }
}
