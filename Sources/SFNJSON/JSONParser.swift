/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
///
/// Every error carries the byte offset, line and column where it was found. Nesting is limited
/// (`maxDepth`) so hostile input ends in an error rather than a stack overflow. When asked, the
/// parser records where each value starts, keyed by JSON pointer, for diagnostics that point into
/// a definition file.
public struct JSONParser {
    public static let defaultMaxDepth = 512

    /// Parses a complete JSON document.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buf in
            var p = Parser(bytes: buf, maxDepth: maxDepth, locations: nil)
            do throws(JSONParseError) { return .success(try p.parseDocument()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func parse(bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buf in
            var p = Parser(bytes: buf, maxDepth: maxDepth, locations: nil)
            do throws(JSONParseError) { return .success(try p.parseDocument()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses a document lazily: the whole text is validated now (the same errors as `parse`, with
    /// line and column), but an object's members are parsed only when first read, and printing an
    /// object that was never changed copies its text. For large inputs of which a run reads a few
    /// fields; the bytes are kept as long as any value from them lives.
    public static func parseLazily(bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
        guard bytes.count < LazySpan.limit else { return try parse(bytes: bytes, maxDepth: maxDepth) }
        let scanned: Scan? = bytes.withUnsafeBufferPointer { buf in
            var scan = Scan(bytes: buf, maxDepth: maxDepth)
            do throws(Scan.Invalid) {
                try scan.document()
                return scan
            } catch { return nil }
        }
        // The parser says what is wrong and where.
        guard let scan = scanned else { return try parse(bytes: bytes, maxDepth: maxDepth) }
        let source = JSONSource(bytes: bytes, dirty: scan.dirty, spaces: scan.spaces, containers: scan.containers)
        return bytes.withUnsafeBufferPointer { buf in
            var p = Parser(bytes: buf, maxDepth: Int.max, locations: nil)
            p.lazy = source
            p.i = scan.rootStart
            // Validated above: the parse cannot fail.
            return try! p.parseValue()
        }
    }

    /// Parses a document and records the byte offset where each value starts (for object members,
    /// where the member's key starts), keyed by RFC 6901 JSON pointer ("" is the root).
    public static func parseWithLocations(_ text: String, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> (value: JSONValue, locations: SourceLocations)
    {
        var text = text
        let source = SourceText(text)
        let result: Result<(JSONValue, [String: Int]), JSONParseError> = text.withUTF8 { buf in
            var p = Parser(bytes: buf, maxDepth: maxDepth, locations: [:])
            do throws(JSONParseError) {
                let v = try p.parseDocument()
                return .success((v, p.locations ?? [:]))
            } catch { return .failure(error) }
        }
        let (value, offsets) = try result.get()
        return (value, SourceLocations(offsets: offsets, source: source))
    }
}

public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column): \(message)" }
}

struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0
    var depth = 0
    var locations: [String: Int]?
    var pointer: [String] = []
    /// Set when reading validated text lazily: objects become lazy objects over this source.
    var lazy: JSONSource?
    /// Where the object members or elements of the container being read end, when the scan noted
    /// them (large containers), and how many of them were read.
    var childEnds: [Int32]?
    var childIndex = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, locations: [String: Int]?) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.locations = locations
        // A UTF-8 byte order mark is tolerated at the very start.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let at = offset ?? i
        let (line, column) = SourceText.lineColumn(of: at, in: bytes)
        return JSONParseError(message: message, offset: at, line: line, column: column)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if i >= bytes.count { throw fail("unexpected end of input: expected a JSON value") }
        record()
        let v = try parseValue()
        skipWhitespace()
        if i < bytes.count { throw fail("unexpected \(describe(bytes[i])) after the JSON value") }
        return v
    }

    @inline(__always) mutating func skipWhitespace() {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    mutating func record() {
        guard locations != nil else { return }
        var p = ""
        for part in pointer {
            p += "/"
            p += JSONPointer.escape(part)
        }
        if locations![p] == nil { locations![p] = i }
    }

    func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "character '\(Character(Unicode.Scalar(c)))'" }
        let h = Array("0123456789ABCDEF"); return "byte 0x\(h[Int(c >> 4)])\(h[Int(c & 0xF)])"
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end of input: expected a JSON value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            if let lazy {
                let start = i
                if let ends = childEnds {
                    i = Int(ends[childIndex])
                    childIndex += 1
                } else {
                    i = lazy.end(ofContainerAt: start, in: bytes)
                }
                return .object(JSONObject(source: lazy, start: start, end: i))
            }
            return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected \(describe(bytes[i])): expected a JSON value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let start = i
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        for k in 0..<n {
            guard i < bytes.count, bytes[i] == w[k] else {
                throw fail("invalid literal: expected '\(word)'", at: start)
            }
            i += 1
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw fail("nesting is deeper than \(maxDepth) levels") }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        let saved = (childEnds, childIndex)
        if let lazy { (childEnds, childIndex) = (lazy.childEnds(ofContainerAt: i), 0) }
        defer { if lazy != nil { (childEnds, childIndex) = saved } }
        try enter()
        i += 1
        var keys: [String] = []
        var values: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(JSONObject()) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected a member name or '}'") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(bytes[i])): expected a member name in double quotes")
            }
            let keyStart = i
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw fail(
                    i < bytes.count
                        ? "unexpected \(describe(bytes[i])): expected ':' after member name"
                        : "unexpected end of input: expected ':'")
            }
            i += 1
            skipWhitespace()
            if locations != nil {
                pointer.append(key)
                let save = i
                i = keyStart
                record()
                i = save
            }
            let value = try parseValue()
            if locations != nil { pointer.removeLast() }
            keys.append(key)
            values.append(value)
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("unexpected \(describe(bytes[i])): expected ',' or '}'")
        }
        depth -= 1
        return .object(JSONObject(uncheckedKeys: keys, values: values))
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        let saved = (childEnds, childIndex)
        if let lazy { (childEnds, childIndex) = (lazy.childEnds(ofContainerAt: i), 0) }
        defer { if lazy != nil { (childEnds, childIndex) = saved } }
        try enter()
        i += 1
        var arr: [JSONValue] = []
        // At least this many elements: no regrowth (and no spare half) for a large array of objects.
        if let childEnds { arr.reserveCapacity(childEnds.count) }
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(arr) }
        while true {
            skipWhitespace()
            if locations != nil { pointer.append(String(arr.count)); record() }
            arr.append(try parseValue())
            if locations != nil { pointer.removeLast() }
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("unexpected \(describe(bytes[i])): expected ',' or ']'")
        }
        depth -= 1
        return .array(arr)
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number: expected a digit", at: i) }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, isDigit(bytes[i + 1]) {
            throw fail("invalid number: leading zeros are not allowed", at: start)
        }
        var value = 0
        var overflow = false
        while i < bytes.count, isDigit(bytes[i]) {
            let d = Int(bytes[i] &- UInt8(ascii: "0"))
            if !overflow {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true } else { value = s }
            }
            i += 1
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number: expected a digit after '.'") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else {
                throw fail("invalid number: expected a digit in the exponent")
            }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if isInteger && !overflow { return .int(value) }
        if isInteger {
            // Every digit is kept: an id of 23 digits must come out as it went in.
            return .bigInt(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        }
        guard let d = Parser.fastDouble(bytes, start, i) ?? Parser.slowDouble(bytes, start, i) else {
            throw fail("number out of range", at: start)
        }
        return .double(d)
    }

    /// The double nearest the number text start..<end (`Double(String)`, strtod's); nil when it
    /// is out of range.
    static func slowDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { return nil }
        return d
    }

    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Clinger's fast path: a mantissa up to 2^53 scaled by a power of ten up to 22 is exact in one
    /// correctly rounded operation, which covers nearly every number in real data; nil where only
    /// strtod is sure.
    static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var k = start
        var negative = false
        if bytes[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exp10 = 0
        while k < end, bytes[k] &- UInt8(ascii: "0") < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[k] &- UInt8(ascii: "0")); digits += 1; k += 1
        }
        if k < end, bytes[k] == UInt8(ascii: ".") {
            k += 1
            while k < end, bytes[k] &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[k] &- UInt8(ascii: "0")); digits += 1; exp10 -= 1; k += 1
            }
        }
        if k < end {  // exponent
            k += 1
            var expNegative = false
            if bytes[k] == UInt8(ascii: "+") {
                k += 1
            } else if bytes[k] == UInt8(ascii: "-") {
                expNegative = true; k += 1
            }
            var e = 0
            while k < end { e = e * 10 + Int(bytes[k] &- UInt8(ascii: "0")); k += 1; if e > 1000 { return nil } }
            exp10 += expNegative ? -e : e
        }
        // 19 digits cannot wrap the mantissa; past 2^53 it is no longer exact as a double.
        guard digits <= 19, mantissa <= 1 << 53, exp10 >= -22, exp10 <= 22 else { return nil }
        var d = Double(mantissa)
        if exp10 < 0 { d /= Parser.powersOf10[-exp10] } else { d *= Parser.powersOf10[exp10] }
        return negative ? -d : d
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    mutating func parseString() throws(JSONParseError) -> String {
        let quote = i
        i += 1
        let start = i
        // Fast path: no escapes up to the closing quote; ASCII needs no UTF-8 validation.
        var high: UInt8 = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                if high & 0x80 == 0 { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in string", at: firstInvalidUTF8(from: start))
                }
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            high |= c
            i += 1
        }
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
