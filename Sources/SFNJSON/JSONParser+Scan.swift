/// The validating pass of `JSONParser.parseLazily`: it accepts exactly what the parser accepts,
/// builds nothing, and notes what the printer would write differently (`JSONSource.dirty`),
/// where whitespace is, and where large containers end. On anything wrong it stops; the parser
/// then runs over the text to say what is wrong and where, with its own messages.
struct Scan {
    struct Invalid: Error {}

    /// Containers at least this long are noted with their end.
    static let bigContainer = 4096

    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0
    var depth = 0
    var rootStart = 0
    var dirty: [Int] = []
    var spaces: [Int]? = []
    var containers: [JSONSource.Container] = []
    /// Ends of the objects among the children of the open containers, innermost last.
    var childEnds = ScanStack<Int32>()
    /// Start and end offsets of the keys (their text inside the quotes) of the open objects.
    var keyRanges = ScanStack<Int>()
    let maxSpaces: Int

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        maxSpaces = max(1024, bytes.count / 64)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    mutating func document() throws(Invalid) {
        skipWhitespace()
        rootStart = i
        try value()
        skipWhitespace()
        if i != bytes.count { throw Invalid() }
    }

    @inline(__always) mutating func skipWhitespace() {
        guard i < bytes.count, Scan.isSpace(bytes[i]) else { return }
        if spaces != nil {
            spaces!.append(i)
            if spaces!.count > maxSpaces { spaces = nil }
        }
        i += 1
        while i < bytes.count, Scan.isSpace(bytes[i]) { i += 1 }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    mutating func value() throws(Invalid) {
        guard i < bytes.count else { throw Invalid() }
        switch bytes[i] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw Invalid()
        }
    }

    mutating func literal(_ word: StaticString) throws(Invalid) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw Invalid() }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw Invalid() }
        i += n
    }

    mutating func enter() throws(Invalid) {
        depth += 1
        if depth > maxDepth { throw Invalid() }
    }

    /// Ends a container; a large one is noted with where its object children end.
    mutating func close(_ start: Int, _ childBase: Int) {
        depth -= 1
        if i - start >= Scan.bigContainer {
            containers.append(
                JSONSource.Container(start: start, end: i, childEnds: childEnds.elements(from: childBase)))
        }
        childEnds.truncate(to: childBase)
    }

    /// A value inside a container, noting where it ends when it is an object.
    @inline(__always) mutating func child() throws(Invalid) {
        let isObject = i < bytes.count && bytes[i] == UInt8(ascii: "{")
        try value()
        if isObject { childEnds.push(Int32(truncatingIfNeeded: i)) }
    }

    mutating func object() throws(Invalid) {
        let start = i
        let childBase = childEnds.count
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            close(start, childBase)
            return
        }
        let base = keyRanges.count
        // Set once a key might repeat: the printer then writes the object from its members.
        var mayRepeat = false
        // One bit per key length and first and last byte seen: a key whose bit is clear is new
        // without comparing it with the others.
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Invalid() }
            let keyStart = i
            let plain = try string()
            if !mayRepeat {
                if !plain || keyRanges.count - base >= 32 {
                    mayRepeat = true
                } else {
                    let n = i - 1 - (keyStart + 1)
                    let mix = n == 0 ? 0 : n &* 31 &+ Int(bytes[keyStart + 1]) &* 7 &+ Int(bytes[i - 2])
                    let bit: UInt64 = 1 &<< UInt64(mix & 63)
                    if seen & bit != 0 { mayRepeat = repeats(keyStart + 1, i - 1, base) }
                    seen |= bit
                    keyRanges.push(keyStart + 1)
                    keyRanges.push(i - 1)
                }
                if mayRepeat { dirty.append(keyStart) }
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Invalid() }
            i += 1
            skipWhitespace()
            try child()
            if try closes(UInt8(ascii: "}")) { break }
        }
        keyRanges.truncate(to: base)
        close(start, childBase)
    }

    /// Whether the key start..<end equals a key already seen in the object (keys from `base`).
    func repeats(_ start: Int, _ end: Int, _ base: Int) -> Bool {
        let n = end - start
        var k = base
        while k < keyRanges.count {
            let s = keyRanges[k]
            if keyRanges[k + 1] - s == n && (n == 0 || bytes[s] == bytes[start]) {
                var j = 0
                while j < n && bytes[s + j] == bytes[start + j] { j += 1 }
                if j == n { return true }
            }
            k += 2
        }
        return false
    }

    mutating func array() throws(Invalid) {
        let start = i
        let childBase = childEnds.count
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            close(start, childBase)
            return
        }
        while true {
            skipWhitespace()
            try child()
            if try closes(UInt8(ascii: "]")) { break }
        }
        close(start, childBase)
    }

    /// After a member or element: true past the container's closing byte, false past a comma.
    @inline(__always) mutating func closes(_ closing: UInt8) throws(Invalid) -> Bool {
        skipWhitespace()
        guard i < bytes.count else { throw Invalid() }
        let c = bytes[i]
        i += 1
        if c == UInt8(ascii: ",") { return false }
        if c == closing { return true }
        throw Invalid()
    }

    /// Validates a string; true when it is ASCII without escapes (its text is its value).
    mutating func string() throws(Invalid) -> Bool {
        let quote = i
        i += 1
        var ascii = true
        let n = bytes.count
        while true {
            // 8 bytes at a time: the lowest flagged byte of a word is the first quote, backslash,
            // control or non-ASCII byte (a borrow can only flag bytes above a true one).
            if let base = bytes.baseAddress {
                while i + 8 <= n {
                    let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    let flags =
                        Scan.hasByte(x, 0x22) | Scan.hasByte(x, 0x5C) | Scan.hasByteBelow(x, 0x20) | (x & Scan.highBits)
                    if flags != 0 {
                        i += flags.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
            }
            guard i < n else { throw Invalid() }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return ascii
            }
            if c == UInt8(ascii: "\\") {
                // Escapes are rare: the parser's own code checks them, and the printer writes
                // the string from its value.
                dirty.append(quote)
                var p = Parser(bytes: bytes, maxDepth: maxDepth, locations: nil)
                p.i = quote
                do { _ = try p.parseString() } catch { throw Invalid() }
                i = p.i
                return false
            }
            if c < 0x20 { throw Invalid() }
            if c < 0x80 {
                i += 1
            } else {
                ascii = false
                i += try utf8Sequence(at: i)
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence at `k` (Unicode's table 3-7, which is what
    /// String(validating:) accepts); throws for an ill-formed one.
    func utf8Sequence(at k: Int) throws(Invalid) -> Int {
        let n = bytes.count
        let c = bytes[k]
        @inline(__always) func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            j < n && bytes[j] >= lo && bytes[j] <= hi
        }
        switch c {
        case 0xC2...0xDF:
            if cont(k + 1) { return 2 }
        case 0xE0:
            if cont(k + 1, 0xA0) && cont(k + 2) { return 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if cont(k + 1) && cont(k + 2) { return 3 }
        case 0xED:
            if cont(k + 1, 0x80, 0x9F) && cont(k + 2) { return 3 }
        case 0xF0:
            if cont(k + 1, 0x90) && cont(k + 2) && cont(k + 3) { return 4 }
        case 0xF1...0xF3:
            if cont(k + 1) && cont(k + 2) && cont(k + 3) { return 4 }
        case 0xF4:
            if cont(k + 1, 0x80, 0x8F) && cont(k + 2) && cont(k + 3) { return 4 }
        default:
            break
        }
        throw Invalid()
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    mutating func number() throws(Invalid) {
        let start = i
        let n = bytes.count
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < n, Scan.isDigit(bytes[i]) else { throw Invalid() }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < n, Scan.isDigit(bytes[i + 1]) { throw Invalid() }
        let intStart = i
        while i < n, Scan.isDigit(bytes[i]) { i += 1 }
        let intEnd = i
        var fracStart = -1
        var exponent = false
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, Scan.isDigit(bytes[i]) else { throw Invalid() }
            fracStart = i
            while i < n, Scan.isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            exponent = true
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, Scan.isDigit(bytes[i]) else { throw Invalid() }
            while i < n, Scan.isDigit(bytes[i]) { i += 1 }
        }
        if fracStart < 0 && !exponent {
            // An integer prints as its text (an Int, or a bigInt kept as text), except -0.
            if negative && intEnd - intStart == 1 && bytes[intStart] == UInt8(ascii: "0") { dirty.append(start) }
            return
        }
        if !exponent && Scan.printsAsWritten(bytes, intStart, intEnd, fracStart, i) { return }
        // Otherwise the parser's own conversion, and the printer's own form to compare with.
        guard let d = Parser.fastDouble(bytes, start, i) ?? Parser.slowDouble(bytes, start, i) else {
            throw Invalid()
        }
        if !Scan.equals(JSONPrinter.formatDouble(d), bytes, start, i) { dirty.append(start) }
    }

    /// Whether a decimal without exponent is already what the printer writes for its double: at
    /// most 15 significant digits (the only decimal of that many digits or fewer that rounds to
    /// its double, so the shortest one, which is what Swift prints), no trailing zero after the
    /// point but in "N.0", and a magnitude Swift prints without exponent (1e-4 up to 1e15 here).
    static func printsAsWritten(
        _ b: UnsafeBufferPointer<UInt8>, _ intStart: Int, _ intEnd: Int, _ fracStart: Int, _ end: Int
    ) -> Bool {
        let fracDigits = end - fracStart
        if b[end - 1] == UInt8(ascii: "0") && fracDigits > 1 { return false }
        if intEnd - intStart == 1 && b[intStart] == UInt8(ascii: "0") {
            if fracDigits == 1 && b[fracStart] == UInt8(ascii: "0") { return true }  // 0.0
            var zeros = 0
            while b[fracStart + zeros] == UInt8(ascii: "0") { zeros += 1 }
            return zeros <= 3 && fracDigits - zeros <= 15
        }
        return intEnd - intStart + fracDigits <= 15
    }

    static func equals(_ s: String, _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count == end - start, let p = u.baseAddress, let q = b.baseAddress else { return u.count == 0 }
            var k = 0
            while k < u.count && p[k] == q[start + k] { k += 1 }
            return k == u.count
        }
    }

    // Eight bytes compared at once in a 64-bit word (SWAR): Swift's SIMD16 comparisons and `any`
    // compiled to a loop over the lanes here, several times slower than these word operations.
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero when some byte of `x` is below `n` (n at most 0x80).
    @inline(__always) static func hasByteBelow(_ x: UInt64, _ n: UInt8) -> UInt64 {
        (x &- lowBits &* UInt64(n)) & ~x & highBits
    }

    /// Nonzero when some byte of `x` is `c`.
    @inline(__always) static func hasByte(_ x: UInt64, _ c: UInt8) -> UInt64 {
        hasByteBelow(x ^ (lowBits &* UInt64(c)), 1)
    }

    /// One past the closing quote of the (valid) string whose opening quote is at `k`.
    @inline(__always) static func endOfString(_ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        var j = k + 1
        let n = b.count
        while true {
            if let base = b.baseAddress {
                while j + 8 <= n {
                    let x = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
                    let flags = hasByte(x, 0x22) | hasByte(x, 0x5C)
                    if flags != 0 {
                        j += flags.trailingZeroBitCount >> 3
                        break
                    }
                    j += 8
                }
            }
            let c = b[j]
            if c == UInt8(ascii: "\"") { return j + 1 }
            j += c == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    /// One past the end of the (valid) object or array at `k`.
    static func skipContainer(at k: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        var j = k
        while true {
            let c = b[j]
            switch c {
            case UInt8(ascii: "\""):
                j = endOfString(b, j)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return j + 1 }
            default:
                break
            }
            j += 1
        }
    }

    /// Appends b[k..<stop] less the whitespace between tokens, finishing a string it is inside;
    /// returns where it stopped (`stop`, or the end of that string).
    static func appendMinified(_ b: UnsafeBufferPointer<UInt8>, from k: Int, to stop: Int, into out: inout [UInt8])
        -> Int
    {
        var j = k
        var run = k
        while j < stop {
            let c = b[j]
            if c == UInt8(ascii: "\"") {
                j = endOfString(b, j)
            } else if isSpace(c) {
                if run < j { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<j])) }
                j += 1
                run = j
            } else {
                j += 1
            }
        }
        if run < j { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<j])) }
        return j
    }
}

/// A stack that shrinks by setting its count. The scan opens and closes a container per object,
/// and `Array.removeLast(_:)` is a call into the generic `replaceSubrange` each time (about 90
/// instructions an object, the 100,000 objects of a Map's input among them).
struct ScanStack<Element> {
    private var storage: [Element] = []
    private(set) var count = 0

    @inline(__always) mutating func push(_ element: Element) {
        if count < storage.count {
            storage[count] = element
        } else {
            storage.append(element)
        }
        count += 1
    }

    @inline(__always) mutating func truncate(to n: Int) { count = n }

    @inline(__always) subscript(i: Int) -> Element { storage[i] }

    /// The elements from `start` to the top, as an array.
    func elements(from start: Int) -> [Element] { Array(storage[start..<count]) }
}
