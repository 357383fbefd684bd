/// Objects: each value is parsed straight into the object's storage (one allocation, no
/// temporary key and value arrays), and an object whose keys are those of the last object read at
/// its nesting level, in the same order, shares that object's key array: its keys are compared
/// with the text, never built, and need no check for repeats (the shared array was checked when
/// it was made). The 100,000 like orders of a document are then one allocation each.
extension Parser {
    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        let saved = (childEnds, childIndex)
        if let lazy { (childEnds, childIndex) = (lazy.childEnds(ofContainerAt: i), 0) }
        defer { if lazy != nil { (childEnds, childIndex) = saved } }
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(JSONObject())
        }
        let level = depth & 15
        // A document of one object never makes the cache.
        if shapes == nil && objectsRead > 0 { shapes = KeyShapes() }
        objectsRead += 1
        let shape = shapes?.slots[level] ?? []
        let shift = UInt64(level) &* 4
        let expected = Int(truncatingIfNeeded: (objectSizes >> shift) & 15)
        var capacity = Swift.max(shape.count, expected, 1)
        var storage = JSONObject.Storage.make(capacity: capacity, keys: shape)
        var n = 0
        // The keys so far are shape[0..<n]; once one differs they are in `keys`.
        var sharing = !shape.isEmpty
        var keys: [String] = []
        if !sharing { keys.reserveCapacity(capacity) }
        // Every key so far read without escapes: only such keys can be compared with the text.
        var plain = true
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected a member name or '}'") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(bytes[i])): expected a member name in double quotes")
            }
            let keyStart = i
            if sharing && n < shape.count && skipKey(shape[n]) {
                if locations != nil { pointer.append(shape[n]) }
            } else {
                if sharing {
                    sharing = false
                    keys.reserveCapacity(Swift.max(capacity, 4))
                    keys.append(contentsOf: shape[..<n])
                }
                let key = try parseString()
                // Every escape is longer than what it stands for.
                if plain && i - keyStart - 2 != key.utf8.count { plain = false }
                if locations != nil { pointer.append(key) }
                keys.append(key)
            }
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
                let save = i
                i = keyStart
                record()
                i = save
            }
            let value = try parseValue()
            if locations != nil { pointer.removeLast() }
            if n == capacity {
                capacity *= 2
                storage = storage.moved(capacity: capacity)
            }
            (storage.elements + n).initialize(to: value)
            n += 1
            storage.head.pointee.count = Int32(truncatingIfNeeded: n)
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input: expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                break
            }
            throw fail("unexpected \(describe(bytes[i])): expected ',' or '}'")
        }
        objectSizes = objectSizes & ~(15 << shift) | UInt64(Swift.min(n, 15)) << shift
        depth -= 1
        let h = storage.head
        if sharing {
            // The shape's keys or their first n: unique either way.
            if n < shape.count { h.pointee.keys = Array(shape[..<n]) }
            if n > JSONObject.indexThreshold { h.pointee.extra = JSONObject.Index.of(h.pointee.keys) }
            return .object(JSONObject(storage: storage))
        }
        let (unique, index) = JSONObject.checkUnique(keys)
        guard unique else {
            // A repeated key keeps its first position and its last value.
            let values = Array(UnsafeBufferPointer(start: storage.elements, count: n))
            return .object(JSONObject(uncheckedKeys: keys, values: values))
        }
        h.pointee.keys = keys
        h.pointee.extra = index
        if plain, let shapes { shapes.slots[level] = keys }
        return .object(JSONObject(storage: storage))
    }

    /// The object at `i` in text the scan validated: the parse cannot fail.
    mutating func parseValidObject() -> JSONValue {
        do { return try parseObject() } catch { preconditionFailure("validated JSON failed to parse: \(error)") }
    }

    /// Whether the string whose opening quote is at `i` is `key`, a key read before without
    /// escapes (so its text is its bytes); if so, moves past its closing quote.
    @inline(__always) mutating func skipKey(_ key: String) -> Bool {
        let start = i + 1
        let length = key.utf8.count
        guard start + length < bytes.count, let base = bytes.baseAddress,
            base[start + length] == UInt8(ascii: "\"")
        else { return false }
        let p = base + start
        if smallStrings && length < 16 {
            // An ASCII key in the small form holds its bytes in two words (StringTable).
            let bits = unsafeBitCast(key, to: (UInt64, UInt64).self)
            if bits.1 >> 56 == UInt64(0xE0 | length) {
                let (low, high) = StringTable.words(p, length, readable: bytes.count - start)
                guard low == bits.0 && high == bits.1 & 0x00FF_FFFF_FFFF_FFFF else { return false }
                i = start + length + 1
                return true
            }
        }
        var k = key
        let same = k.withUTF8 { u -> Bool in
            guard let q = u.baseAddress else { return length == 0 }
            var j = 0
            while j < length && q[j] == p[j] { j += 1 }
            return j == length
        }
        if same { i = start + length + 1 }
        return same
    }
}

extension JSONObject {
    /// Whether `keys` are unique (no two equal by `String ==`, as a dictionary of them finds), and
    /// their hash index when they are and there are more than `indexThreshold` of them.
    static func checkUnique(_ keys: [String]) -> (unique: Bool, index: Index?) {
        let n = keys.count
        if n > indexThreshold {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(n)
            for (i, k) in keys.enumerated() where positions.updateValue(i, forKey: k) != nil { return (false, nil) }
            return (true, Index(positions))
        }
        let repeats = keys.withUnsafeBufferPointer { keys in
            var i = 1
            while i < n {
                var j = 0
                while j < i {
                    if keys[j] == keys[i] { return true }
                    j += 1
                }
                i += 1
            }
            return false
        }
        return (!repeats, nil)
    }
}

/// The key arrays of the objects last read, one per nesting level modulo 16 (the levels of
/// `Parser.objectSizes`), each of unique keys read without escapes. A lazy document keeps one
/// for the parses of its objects (`ParseShare`), used by one parse at a time.
final class KeyShapes: @unchecked Sendable {
    static let levels = 16
    let slots: UnsafeMutablePointer<[String]>

    init() {
        slots = .allocate(capacity: Self.levels)
        slots.initialize(repeating: [], count: Self.levels)
    }

    deinit {
        slots.deinitialize(count: Self.levels)
        slots.deallocate()
    }
}
