import SFNJSON

/// Prints payloads (states' inputs and outputs, tasks' parameters) as compact JSON into a
/// `ByteBuffer` in one pass: the history file writer and the store's event chunks print every
/// payload of a long run, and `JSONPrinter` into an array costs a uniqueness check and a generic
/// append per byte. Plain, the bytes are exactly `JSONPrinter.write(value, into:, indent: nil)`'s;
/// `escaped`, they are the inside of the JSON string AWS makes of the payload (its quotes and
/// backslashes escaped once more), as history events carry it.
///
/// Keys are printed once with their colon and copied after, by their position in the object: a
/// run loop's payloads are objects of the same few keys in the same order.
public struct PayloadPrinter {
    public let escaped: Bool
    /// Printed keys, one after the other (one array: a cached text that is an array of its own is
    /// retained and released per use). Emptied, with `keys`, past `textLimit` (payloads whose keys
    /// never repeat).
    private var texts: [UInt8] = []
    private static let textLimit = 1 << 16
    private var keys: [(key: String, start: Int32, count: Int32)] = []
    /// For strings that need escaping, and objects `JSONPrinter` prints from their source.
    private var scratch: [UInt8] = []

    public init(escaped: Bool) { self.escaped = escaped }

    public mutating func write(_ value: JSONValue, to out: ByteBuffer) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): b ? out.append("true") : out.append("false")
        case .int(let i): out.appendInt(i)
        // Numbers print as digits, signs, '.', 'e' and letters: nothing to escape.
        case .double(let d): plain(JSONPrinter.formatDouble(d), into: out)
        case .bigInt(let text): plain(text, into: out)
        case .string(let s): string(s, into: out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for i in 0..<a.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(a[i], to: out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if !escaped && o.printsFromSource {
                scratch.removeAll(keepingCapacity: true)
                JSONPrinter.write(value, into: &scratch, indent: nil)
                return out.append(scratch)
            }
            out.append(UInt8(ascii: "{"))
            for i in 0..<o.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                key(o.key(at: i), at: i, into: out)
                write(o.value(at: i), to: out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object's key and its colon: copied from `texts` when the key at this position is the
    /// one met there before.
    private mutating func key(_ key: String, at i: Int, into out: ByteBuffer) {
        if i < keys.count {
            let k = keys[i]
            if k.key.utf8.count == key.utf8.count && k.key == key {
                return texts.withUnsafeBufferPointer { all in
                    out.append(UnsafeBufferPointer(start: all.baseAddress! + Int(k.start), count: Int(k.count)))
                }
            }
        } else if i > 15 {
            string(key, into: out)
            return out.append(UInt8(ascii: ":"))
        }
        let start = out.count
        string(key, into: out)
        out.append(UInt8(ascii: ":"))
        let printed = UnsafeBufferPointer(rebasing: out.bytes[start...])
        if texts.count + printed.count > Self.textLimit {
            texts.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
        }
        let entry = (key, Int32(texts.count), Int32(printed.count))
        texts.append(contentsOf: printed)
        if i < keys.count {
            keys[i] = entry
        } else if i == keys.count {
            keys.append(entry)
        }
    }

    private func plain(_ text: String, into out: ByteBuffer) {
        var text = text
        text.withUTF8 { out.append($0) }
    }

    /// A string as JSON (`"..."`, escaped), and escaped again when `escaped`. A string with
    /// nothing to escape is its bytes between quotes (`\"` when escaped).
    private mutating func string(_ s: String, into out: ByteBuffer) {
        var s = s
        let clean = s.withUTF8 { bytes -> Bool in
            for c in bytes where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
            if escaped { out.append(#"\""#) } else { out.append(UInt8(ascii: "\"")) }
            out.append(bytes)
            if escaped { out.append(#"\""#) } else { out.append(UInt8(ascii: "\"")) }
            return true
        }
        if clean { return }
        scratch.removeAll(keepingCapacity: true)
        JSONPrinter.writeString(s, into: &scratch)
        guard escaped else { return out.append(scratch) }
        // The printed string holds no control characters: only quotes and backslashes escape.
        for c in scratch {
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(c)
        }
    }
}
