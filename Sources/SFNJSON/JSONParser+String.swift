/// Strings: plain runs are found 8 bytes at a time, and a short ASCII string (every key of a
/// typical document, and many values) comes from `StringTable` instead of being built anew.
extension Parser {
    mutating func parseString() throws(JSONParseError) -> String {
        let quote = i
        i += 1
        let start = i
        let n = bytes.count
        // Fast path: no escapes up to the closing quote; ASCII needs no UTF-8 validation.
        var ascii = true
        if let base = bytes.baseAddress {
            while true {
                while i + 8 <= n {
                    let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    var flags = Scan.hasByte(x, 0x22) | Scan.hasByte(x, 0x5C) | Scan.hasByteBelow(x, 0x20)
                    if ascii { flags |= x & Scan.highBits }
                    if flags != 0 {
                        i += flags.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
                guard i < n else { break }
                let c = base[i]
                if c == UInt8(ascii: "\"") {
                    let length = i - start
                    i += 1
                    if ascii {
                        if length <= StringTable.maxLength { return shortString(base + start, length) }
                        return String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
                    }
                    let slice = UnsafeBufferPointer(start: base + start, count: length)
                    guard let s = String(validating: slice, as: UTF8.self) else {
                        throw fail("invalid UTF-8 in string", at: firstInvalidUTF8(from: start))
                    }
                    return s
                }
                if c == UInt8(ascii: "\\") || c < 0x20 { break }
                // A non-ASCII byte: validated with the whole string at its end.
                ascii = false
                i += 1
            }
        }
        return try parseEscapedString(quote: quote, start: start)
    }

    /// The string p[0..<length] (ASCII, at most `StringTable.maxLength` bytes).
    @inline(__always) mutating func shortString(_ p: UnsafePointer<UInt8>, _ length: Int) -> String {
        if length == 0 { return "" }
        let (low, high) = StringTable.words(p, length, readable: bytes.baseAddress! + bytes.count - p)
        if length < 16 && smallStrings { return StringTable.smallString(low, high, length) }
        if strings == nil {
            shortStrings += 1
            // A table pays for itself only over many strings: small documents never make one.
            if shortStrings < StringTable.threshold {
                return String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
            }
            strings = StringTable()
        }
        return strings.unsafelyUnwrapped.string(p, length, low, high)
    }

    /// The general case from the first escape or control byte on (`i` there), bytes gathered one
    /// at a time.
    mutating func parseEscapedString(quote: Int, start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw fail("unterminated string", at: quote) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in string must be escaped") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated string", at: quote) }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired high surrogate in \\u escape", at: i - 6)
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw fail("invalid low surrogate in \\u escape", at: i - 6)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail("unpaired low surrogate in \\u escape", at: i - 6)
                }
                appendUTF8(UInt32(scalar), to: &out)
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: i - 2)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw fail("invalid UTF-8 in string", at: quote)
        }
        return s
    }

    func firstInvalidUTF8(from start: Int) -> Int {
        var k = start
        while k < i {
            let c = bytes[k]
            let n = c < 0x80 ? 1 : c >> 5 == 0b110 ? 2 : c >> 4 == 0b1110 ? 3 : c >> 3 == 0b11110 ? 4 : 0
            if n == 0 { return k }
            let slice = UnsafeBufferPointer(rebasing: bytes[k..<min(k + n, bytes.count)])
            if String(validating: slice, as: UTF8.self) == nil { return k }
            k += n
        }
        return start
    }

    mutating func hex4() throws(JSONParseError) -> Int {
        guard i + 4 <= bytes.count else { throw fail("incomplete \\u escape") }
        var v = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = Int(c - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = Int(c - UInt8(ascii: "A")) + 10
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
        switch s {
        case 0..<0x80: out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (s >> 6))); out.append(UInt8(0x80 | (s & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (s >> 12))); out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (s >> 18))); out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F))); out.append(UInt8(0x80 | (s & 0x3F)))
        }
    }
}

/// Short ASCII strings met in one document, keyed by their bytes: a repeated key (the same dozen
/// keys in each of 100,000 objects) or value comes back as the same String, without the
/// validation and copy that building it costs (and, past 15 bytes, without a new allocation).
/// Direct-mapped: a miss replaces the slot's string. One parser uses a table at a time (a lazy
/// document's table is taken by one parse at a time: `ParseShare`).
final class StringTable: @unchecked Sendable {
    static let maxLength = 16
    /// Strings a parser meets before it makes a table.
    static let threshold = 32
    static let slots = 256

    struct Entry {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var length = -1
        var string = ""
    }

    let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.slots)
        entries.initialize(repeating: Entry(), count: Self.slots)
    }

    deinit {
        entries.deinitialize(count: Self.slots)
        entries.deallocate()
    }

    /// The bytes p[0..<length] (1 to 16 of them) as two little-endian words, zero past the end;
    /// `readable` bytes may be read from p on.
    @inline(__always) static func words(_ p: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if readable >= 16 {
            let raw = UnsafeRawPointer(p)
            low = raw.loadUnaligned(as: UInt64.self)
            if length < 8 {
                low &= (1 &<< UInt64(length &* 8)) &- 1
            } else if length > 8 {
                high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                if length < 16 { high &= (1 &<< UInt64((length &- 8) &* 8)) &- 1 }
            }
        } else {
            for k in 0..<min(length, 8) { low |= UInt64(p[k]) << UInt64(k * 8) }
            if length > 8 { for k in 8..<length { high |= UInt64(p[k]) << UInt64((k - 8) * 8) } }
        }
        return (low, high)
    }

    /// The string p[0..<length] whose bytes are `words(p, length)`.
    @inline(__always) func string(_ p: UnsafePointer<UInt8>, _ length: Int, _ low: UInt64, _ high: UInt64) -> String {
        let slot = Int(
            truncatingIfNeeded: ((low ^ (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xFF51_AFD7_ED55_8CCD)
                >> 56)
        let e = entries + slot
        if e.pointee.length == length && e.pointee.low == low && e.pointee.high == high { return e.pointee.string }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
        e.pointee = Entry(low: low, high: high, length: length, string: s)
        return s
    }

    /// Whether an ASCII string of up to 15 bytes is, as the standard library stores it in place,
    /// its bytes in two little-endian words with 0xE0 | length in the top byte (the 64-bit small
    /// string form: immortal, small, ASCII). Checked once against strings the library built
    /// itself; where it does not hold, such strings come from the table.
    static let smallStringForm: Bool = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<(UInt64, UInt64)>.size == 16 else { return false }
        for text in ["a", "id", "price", "abcdefg", "abcdefgh", "abcdefghi", "customer_number", "~ \"!0aZz{}"] {
            let utf8 = Array(text.utf8)
            let built = String(decoding: utf8, as: UTF8.self)
            let (low, high) = utf8.withUnsafeBufferPointer { words($0.baseAddress!, $0.count, readable: $0.count) }
            let bits = unsafeBitCast(built, to: (UInt64, UInt64).self)
            guard bits.0 == low, bits.1 == high | UInt64(0xE0 | utf8.count) << 56 else { return false }
        }
        return true
    }()

    /// The string of `length` (1 to 15) ASCII bytes whose bytes are `low` and `high`, in the
    /// standard library's small form (only where `smallStringForm` holds).
    @inline(__always) static func smallString(_ low: UInt64, _ high: UInt64, _ length: Int) -> String {
        unsafeBitCast((low, high | UInt64(0xE0 | length) << 56), to: String.self)
    }
}
