/// A growable run of bytes written through its pointer, for writers that append a few bytes at a
/// time at a high rate (history events): `[UInt8].append` goes through a uniqueness check and a
/// generic path per call, which cost about a quarter of writing a history event.
///
/// A class so that a writer and the observer that owns the bytes can share one without copying;
/// used by one thread at a time (its owner's lock or thread).
public final class ByteBuffer: @unchecked Sendable {
    // Inlinable, with the storage it touches: the store's event chunks (another module) append a
    // few bytes at a time, and a call per byte cost as much as the byte.
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
    @usableFromInline @exclusivity(unchecked) var written = 0
    @usableFromInline @exclusivity(unchecked) var capacity: Int

    public init(capacity: Int = 1 << 12) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Bytes written so far.
    @inlinable public var count: Int { written }

    /// The bytes written so far.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: written) }

    /// Forgets the bytes written, keeping the memory.
    public func removeAll() { written = 0 }

    /// Room for `n` more bytes; returns where they go (the caller then calls `advance`).
    @inlinable @inline(__always) func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if written &+ n > capacity { grow(written &+ n) }
        return base + written
    }

    @inlinable @inline(__always) func advance(_ n: Int) { written &+= n }

    @usableFromInline @inline(never) func grow(_ needed: Int) {
        var next = capacity * 2
        while next < needed { next *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: next)
        bigger.update(from: base, count: written)
        base.deallocate()
        base = bigger
        capacity = next
    }

    @inlinable @inline(__always) public func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        written &+= 1
    }

    @inline(__always) func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable @inline(__always) public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        reserve(bytes.count).update(from: from, count: bytes.count)
        written &+= bytes.count
    }

    /// Replaces the byte at `index` (below `count`): a length written after what it measures.
    @inlinable public func set(_ byte: UInt8, at index: Int) {
        precondition(index >= 0 && index < written)
        base[index] = byte
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Takes one from the positive decimal number written from `start` to the end, dropping the
    /// leading zero a borrow may leave ("10" becomes "9").
    func decrementDigits(from start: Int) {
        var i = written - 1
        while i > start && base[i] == UInt8(ascii: "0") {
            base[i] = UInt8(ascii: "9")
            i -= 1
        }
        base[i] &-= 1
        if i == start && base[i] == UInt8(ascii: "0") && written - start > 1 {
            (base + start).update(from: base + start + 1, count: written - start - 1)
            written -= 1
        }
    }

    /// An integer in decimal, two digits per division (ids and counts, twice per history event:
    /// a digit at a time cost a fifth of formatting one). The digit pairs are a `StaticString`:
    /// an array behind a global cost a `swift_once` check per call.
    func appendInt(_ value: Int) {
        var v = value.magnitude
        if v < 10 && value >= 0 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v))
            return
        }
        // Digits by comparison: ids and counts are short.
        var digits: Int
        if v < 10_000 {
            digits = v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4)
        } else if v < 100_000_000 {
            digits = v < 1_000_000 ? (v < 100_000 ? 5 : 6) : (v < 10_000_000 ? 7 : 8)
        } else {
            digits = 9
            var limit: UInt = 1_000_000_000
            while digits < 20 && v >= limit {
                digits &+= 1
                limit = limit &* 10
            }
        }
        let sign = value < 0 ? 1 : 0
        let p = reserve(digits + sign)
        if sign == 1 { p[0] = UInt8(ascii: "-") }
        var i = digits &+ sign
        let pairs = Self.digitPairs.utf8Start
        while v >= 100 {
            let q = v / 100
            let r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
            i &-= 2
            p[i] = pairs[r]
            p[i &+ 1] = pairs[r &+ 1]
            v = q
        }
        if v >= 10 {
            let r = Int(truncatingIfNeeded: v) &* 2
            p[i &- 2] = pairs[r]
            p[i &- 1] = pairs[r &+ 1]
        } else {
            p[i &- 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
        }
        written &+= digits &+ sign
    }

    /// "00", "01", ... "99" (computed: a constant, with no lazy global behind it).
    private static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    }
}
