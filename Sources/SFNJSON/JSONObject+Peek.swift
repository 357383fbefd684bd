import Synchronization

/// A member read from a lazy object's text without parsing the object. Parsing builds every
/// member into a storage that lives as long as the object: for the items of a large Map, each
/// read for two or three fields, that is an allocation per item that outlives the iteration, and
/// most of an item's cost. A peek walks the text to the member and builds only its value.
///
/// Peeking is renting, parsing is buying: a lazy object is peeked at `peekLimit` times at most,
/// then parsed, so an object read over and over (a loop's counter) soon reads from its members
/// as before, and one read for a few fields is never built.
extension JSONObject.Storage {
    /// Peeks before the object is parsed. A parse of a small object costs several peeks (callgrind,
    /// the items of `../shared/bench/map.json`: about 2,600 instructions and an allocation that
    /// lives as long as the object, against about 300 a peek), so an object read this many times
    /// has cost at most about half a parse more than if it had been parsed at once.
    static let peekLimit: Int32 = 4

    /// Peeks so far at a lazy storage, in its header's `capacity` (which a lazy storage, holding
    /// no values, has no use for: `Storage.lazy` makes it with 0, and whatever reads a capacity
    /// reads the parsed storage's).
    var peeks: UnsafeMutablePointer<Atomic<Int32>> {
        let offset = MemoryLayout<JSONObject.Header>.offset(of: \.capacity)!
        return (UnsafeMutableRawPointer(head) + offset).assumingMemoryBound(to: Atomic<Int32>.self)
    }

    /// Member `key` of this lazy storage read from its text, when its members are not parsed yet
    /// and it may still be peeked at; nil when it must be parsed.
    @usableFromInline func peek(_ key: String) -> JSONSource.Peek? {
        guard parsed.pointee.load(ordering: .relaxed) == 0,
            peeks.pointee.wrappingAdd(1, ordering: .relaxed).oldValue < Self.peekLimit
        else { return nil }
        let bits = span.pointee.load(ordering: .relaxed)
        // The source unretained: the items of a Map share it, and a retain from each worker
        // would pass its count's cache line from core to core on every read.
        let offset = MemoryLayout<JSONObject.Header>.offset(of: \.source)!
        let source = (UnsafeRawPointer(head) + offset).load(as: UnsafeRawPointer.self)
        return Unmanaged<JSONSource>.fromOpaque(source)._withUnsafeGuaranteedRef {
            $0.peek(key, inObjectAt: LazySpan.start(bits), end: LazySpan.end(bits))
        }
    }
}

extension JSONSource {
    /// What a peek found: the member with its position, or that there is none.
    @usableFromInline enum Peek {
        case member(position: Int, value: JSONValue)
        case absent

        @inlinable var found: (position: Int, value: JSONValue)? {
            guard case .member(let position, let value) = self else { return nil }
            return (position, value)
        }
    }

    /// Member `key` of the object at start..<end, from its text; nil when the text cannot be read
    /// this way. Only clean text is (no offset of `dirty` in it): its keys are then ASCII without
    /// escapes and unique (the scan marks any other key), so a byte comparison finds what the
    /// parsed object's `String` comparison would, at the position the parse would give it. A key
    /// that is not ASCII could equal an ASCII one canonically ("\u{212A}" is "K"), so it is not
    /// peeked for. Arrays are not built by a peek: they are parsed with their object.
    func peek(_ key: String, inObjectAt start: Int, end: Int) -> Peek? {
        if Self.any(of: dirty, in: start, end) { return nil }
        var key = key
        return key.withUTF8 { k -> Peek? in
            var j = 0
            while j < k.count {
                if k[j] >= 0x80 { return nil }
                j += 1
            }
            return bytes.withUnsafeBufferPointer { b in peek(k, in: b, from: start) }
        }
    }

    private func peek(_ key: UnsafeBufferPointer<UInt8>, in b: UnsafeBufferPointer<UInt8>, from start: Int) -> Peek? {
        var i = start + 1
        var position = 0
        @inline(__always) func skipSpace() {
            while Scan.isSpace(b[i]) { i += 1 }
        }
        while true {
            skipSpace()
            if b[i] == UInt8(ascii: "}") { return .absent }
            // A key: ASCII without escapes, so its closing quote is the next quote.
            let keyStart = i + 1
            i = keyStart
            while b[i] != UInt8(ascii: "\"") { i += 1 }
            var same = i - keyStart == key.count
            if same {
                var j = 0
                while j < key.count && b[keyStart + j] == key[j] { j += 1 }
                same = j == key.count
            }
            i += 1
            skipSpace()
            i += 1  // the colon
            skipSpace()
            let c = b[i]
            if same {
                switch c {
                case UInt8(ascii: "{"):
                    return .member(
                        position: position,
                        value: .object(JSONObject(source: self, start: i, end: end(ofContainerAt: i, in: b))))
                case UInt8(ascii: "["):
                    return nil
                default:
                    guard let value = Self.scalar(at: i, in: b) else { return nil }
                    return .member(position: position, value: value)
                }
            }
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                i = end(ofContainerAt: i, in: b)
            case UInt8(ascii: "\""):
                i = Scan.endOfString(b, i)
            default:
                // A number or literal: it ends at the first delimiter.
                while true {
                    let d = b[i]
                    if d == UInt8(ascii: ",") || d == UInt8(ascii: "}") || Scan.isSpace(d) { break }
                    i += 1
                }
            }
            skipSpace()
            if b[i] == UInt8(ascii: "}") { return .absent }
            i += 1  // the comma
            position += 1
        }
    }
}

extension JSONSource {
    /// The string, number or literal at `i` of clean text, as the parser reads it. Integers of up
    /// to 18 digits and strings are read here: a `Parser` for one value is built, copied and
    /// destroyed field by field, several hundred instructions around a few dozen.
    static func scalar(at i: Int, in b: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        let c = b[i]
        if c == UInt8(ascii: "\"") {
            // Clean text: no escapes, so the value is the bytes up to the next quote.
            var j = i + 1
            while b[j] != UInt8(ascii: "\"") { j += 1 }
            return .string(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self))
        }
        var j = c == UInt8(ascii: "-") ? i + 1 : i
        let digitsStart = j
        var magnitude = 0
        while j < b.count, Parser.isDigit(b[j]), j - digitsStart < 18 {
            magnitude = magnitude &* 10 &+ Int(b[j] &- UInt8(ascii: "0"))
            j += 1
        }
        if j > digitsStart && j < b.count {
            let d = b[j]
            // Not a fraction, an exponent or a 19th digit: an integer that fits, as parseNumber
            // reads it.
            if d != UInt8(ascii: ".") && d != UInt8(ascii: "e") && d != UInt8(ascii: "E") && !Parser.isDigit(d) {
                return .int(c == UInt8(ascii: "-") ? 0 &- magnitude : magnitude)
            }
        }
        var p = Parser(bytes: b, maxDepth: Int.max, locations: nil, at: i)
        do { return try p.parseValue() } catch { return nil }
    }
}
