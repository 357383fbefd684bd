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
            do throws(JSONParseError) {
                return .success(try p.parseDocument(split: .standard))
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func parse(bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(bytes: bytes, maxDepth: maxDepth, split: .standard).value
    }

    /// `split`: when a large array may be read on two threads (JSONParser+Split.swift), nil never;
    /// `split` in the result: whether the second thread's elements were taken.
    static func parse(bytes: [UInt8], maxDepth: Int, split: SplitPolicy?) throws(JSONParseError) -> (
        value: JSONValue, split: Bool
    ) {
        let result: Result<(JSONValue, Bool), JSONParseError> = bytes.withUnsafeBufferPointer { buf in
            var p = Parser(bytes: buf, maxDepth: maxDepth, locations: nil)
            do throws(JSONParseError) {
                let value = try p.parseDocument(split: split)
                return .success((value, p.splitTaken))
            } catch { return .failure(error) }
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
            var p = Parser(bytes: buf, maxDepth: Int.max, locations: nil, lazy: source, at: scan.rootStart)
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
    var i: Int
    var depth: Int
    var locations: [String: Int]?
    var pointer: [String]
    /// Set when reading validated text lazily: objects become lazy objects over this source.
    var lazy: JSONSource?
    /// Where the object members or elements of the container being read end, when the scan noted
    /// them (large containers), and how many of them were read.
    var childEnds: [Int32]?
    var childIndex: Int
    /// Short strings met so far, once there are enough of them (JSONParser+String.swift).
    var strings: StringTable?
    var shortStrings: Int
    let smallStrings: Bool
    /// How many members the last object (and elements the last array) had, per nesting level
    /// modulo 16, 4 bits each: the next one at that level reserves as many, so a document of
    /// like objects builds each with no regrowth.
    var objectSizes: UInt64
    var arraySizes: UInt64
    /// The key arrays of the last objects read per level (JSONParser+Object.swift), made once a
    /// second object is read, and how many objects were read.
    var shapes: KeyShapes?
    var objectsRead: Int
    /// Set while a large array may still be split (JSONParser+Split.swift), and the split under way.
    var splitPolicy: SplitPolicy?
    var split: SplitParse?
    var splitTaken: Bool

    /// Every field set once: with default values and a later assignment, the parser was built
    /// and then copied (a retain and a release per reference field, for each lazy object read).
    @inline(__always) init(
        bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, locations: [String: Int]?, lazy: JSONSource? = nil,
        at start: Int? = nil
    ) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.locations = locations
        // A UTF-8 byte order mark is tolerated at the very start.
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        i = start ?? (bom ? 3 : 0)
        depth = 0
        pointer = []
        self.lazy = lazy
        childEnds = nil
        childIndex = 0
        shortStrings = 0
        smallStrings = StringTable.smallStringForm
        objectsRead = 0
        strings = nil
        shapes = nil
        objectSizes = 0
        arraySizes = 0
        splitPolicy = nil
        split = nil
        splitTaken = false
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let at = offset ?? i
        let (line, column) = SourceText.lineColumn(of: at, in: bytes)
        return JSONParseError(message: message, offset: at, line: line, column: column)
    }

    mutating func parseDocument(split policy: SplitPolicy? = nil) throws(JSONParseError) -> JSONValue {
        if let policy, lazy == nil, locations == nil, bytes.count >= policy.minimumDocument,
            SplitPolicy.hasSecondCore
        {
            splitPolicy = policy
        }
        // The second thread reads these bytes: it must be done before they go.
        defer { split?.cancel() }
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

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        let saved = (childEnds, childIndex)
        if let lazy { (childEnds, childIndex) = (lazy.childEnds(ofContainerAt: i), 0) }
        defer { if lazy != nil { (childEnds, childIndex) = saved } }
        try enter()
        let arrayStart = i
        i += 1
        var arr: [JSONValue] = []
        let shift = UInt64(depth & 15) &* 4
        // At least this many elements: no regrowth (and no spare half) for a large array of objects.
        if let childEnds {
            arr.reserveCapacity(childEnds.count)
        } else {
            let expected = Int(truncatingIfNeeded: (arraySizes >> shift) & 15)
            if expected > 0 { arr.reserveCapacity(expected) }
        }
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(arr) }
        while true {
            skipWhitespace()
            if let split, i >= split.start, takeSplit(split, into: &arr) { break }
            if locations != nil { pointer.append(String(arr.count)); record() }
            arr.append(try parseValue())
            if locations != nil { pointer.removeLast() }
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                if splitPolicy != nil { considerSplit(arrayStart: arrayStart) }
                continue
            }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("unexpected \(describe(bytes[i])): expected ',' or ']'")
        }
        arraySizes = arraySizes & ~(15 << shift) | UInt64(min(arr.count, 15)) << shift
        depth -= 1
        return .array(arr)
    }
}
