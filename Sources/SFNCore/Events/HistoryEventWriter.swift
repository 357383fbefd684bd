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
    /// The keys of payload objects, escaped twice, with their colon, by their position in the
    /// object: payloads of a run loop are objects of the same few keys in the same order, so the
    /// key at a position is nearly always the one met there before.
    private var keys: [(key: String, span: Span)] = []
    /// The last event's id, and its digits: ids mostly count up by one, and most events follow
    /// the one before (previousEventId is id - 1), so both are the last digits moved by one.
    private var lastId = 0
    private var idText: [UInt8] = []

    /// Where a text lies in `texts`.
    private struct Span {
        var start: Int32
        var count: Int32
    }

    /// For `write(_:into:)` and the strings that need escaping twice.
    private let scratch = ByteBuffer(capacity: 256)
    private var escaped: [UInt8] = []

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
            quotedJSON(input, into: out)
            out.append(#"","inputDetails":{"truncated":false}}}"#)
        case .stateExited(let name, let output, let assigned)
        where assigned?.objectValue.map(\.isEmpty) ?? true:
            head(event, into: out)
            out.append(#","stateExitedEventDetails":{"name":"#)
            quotedName(name, into: out)
            out.append(#","output":""#)
            quotedJSON(output, into: out)
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
            keys = []
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

    /// The compact JSON text of `value` as the inside of a JSON string (its quotes and
    /// backslashes escaped), printed in one pass: only strings that need escaping go through
    /// a copy.
    private mutating func quotedJSON(_ value: JSONValue, into out: ByteBuffer) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): b ? out.append("true") : out.append("false")
        case .int(let i): out.appendInt(i)
        // Numbers print as digits, signs, '.', 'e' and letters: nothing to escape.
        case .double(let d): appendPlain(JSONPrinter.formatDouble(d), into: out)
        case .bigInt(let text): appendPlain(text, into: out)
        case .string(let s): quotedString(s, into: out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for i in 0..<a.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                quotedJSON(a[i], into: out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for i in 0..<o.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                quotedKey(o.key(at: i), at: i, into: out)
                quotedJSON(o.value(at: i), into: out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A payload object's key, escaped twice, and its colon: from `keys` when the key at this
    /// position is the one met there before.
    private mutating func quotedKey(_ key: String, at i: Int, into out: ByteBuffer) {
        if i < keys.count {
            if keys[i].key.utf8.count == key.utf8.count && keys[i].key == key {
                return append(keys[i].span, to: out)
            }
        } else if i > 15 {
            quotedString(key, into: out)
            return out.append(UInt8(ascii: ":"))
        }
        let start = out.count
        quotedString(key, into: out)
        out.append(UInt8(ascii: ":"))
        let span = keep(Array(UnsafeBufferPointer(rebasing: out.bytes[start...])))
        // `keep` may have forgotten every key.
        if i < keys.count {
            keys[i] = (key, span)
        } else if i == keys.count {
            keys.append((key, span))
        }
    }

    private func appendPlain(_ text: String, into out: ByteBuffer) {
        var text = text
        text.withUTF8 { out.append($0) }
    }

    /// A string as JSON (`"..."`, escaped), escaped again as the inside of a JSON string. A
    /// string with nothing to escape is `\"`, its bytes, `\"`.
    private mutating func quotedString(_ s: String, into out: ByteBuffer) {
        var s = s
        let clean = s.withUTF8 { bytes -> Bool in
            for c in bytes where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
            out.append(#"\""#)
            out.append(bytes)
            out.append(#"\""#)
            return true
        }
        if clean { return }
        escaped.removeAll(keepingCapacity: true)
        JSONPrinter.writeString(s, into: &escaped)
        // The printed string holds no control characters: only quotes and backslashes escape.
        for c in escaped {
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(c)
        }
    }
}
