import Synchronization

extension JSONObject {
    /// What an object's storage holds before its values.
    @usableFromInline struct Header {
        /// Values initialised in the tail: `keys.count` once the object is built.
        @usableFromInline var count: Int32
        /// Room for this many values in the tail.
        @usableFromInline var capacity: Int32
        /// Often the very array of the template the object was built from (shared, not copied).
        @usableFromInline var keys: [String]
        /// Past `indexThreshold` members, the hash index (an `Index`, owned by this storage alone).
        /// In a lazy storage whose members are parsed, the storage that holds them (published
        /// atomically: `Storage.parsed`).
        @usableFromInline var extra: AnyObject?
        /// The text a lazy object's members are parsed from; nil for every other object. A lazy
        /// storage never holds values itself and is never mutated (`makeUnique` copies it).
        @usableFromInline var source: JSONSource?
        /// A lazy object's text as bytes start..<end of `source` (`LazySpan`).
        @usableFromInline var span: UInt64

        @inlinable init(capacity: Int, keys: [String], extra: AnyObject?) {
            precondition(capacity <= Int(Int32.max), "a JSON object of more than 2^31 members")
            self.count = 0
            self.capacity = Int32(truncatingIfNeeded: capacity)
            self.keys = keys
            self.extra = extra
            self.source = nil
            self.span = 0
        }
    }

    /// A hash index of an object's keys, kept past `indexThreshold` members.
    @usableFromInline final class Index {
        @usableFromInline var positions: [String: Int]
        @usableFromInline init(_ positions: [String: Int]) { self.positions = positions }

        /// The index of `keys`, which are unique.
        @usableFromInline static func of(_ keys: [String]) -> Index {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { positions[k] = i }
            return Index(positions)
        }
    }

    /// An object's members in one allocation: the header, then the values, in key order. Before,
    /// a storage object held a key array and a value array: every object built was two or three
    /// allocations, and freeing one two or three frees.
    ///
    /// Mutated only while uniquely referenced (copy-on-write). The header and values are reached
    /// through pointers: the runtime's dynamic exclusivity checks on `ManagedBuffer.header` would
    /// cost a call on every member lookup, and no two accesses can overlap.
    @usableFromInline final class Storage: ManagedBuffer<Header, JSONValue> {
        deinit {
            // Value by value: `deinitialize(count:)` goes through the runtime's generic array
            // destroy, which calls JSONValue's destroy witness through its metadata per value.
            withUnsafeMutablePointers { h, v in
                var i = 0
                let n = Int(h.pointee.count)
                while i < n {
                    _ = (v + i).move()
                    i += 1
                }
            }
        }

        /// The header; valid while this storage is alive.
        @inlinable var head: UnsafeMutablePointer<Header> {
            @inline(__always) get { withUnsafeMutablePointerToHeader { $0 } }
        }

        /// The values; valid while this storage is alive.
        @inlinable var elements: UnsafeMutablePointer<JSONValue> {
            @inline(__always) get { withUnsafeMutablePointerToElements { $0 } }
        }

        @inlinable var count: Int { @inline(__always) get { Int(head.pointee.count) } }

        /// An empty storage with room for `capacity` values; `keys` may already hold their keys.
        @inlinable static func make(capacity: Int, keys: [String], extra: AnyObject? = nil) -> Storage {
            let buffer = Storage.create(minimumCapacity: capacity) { _ in
                Header(capacity: capacity, keys: keys, extra: extra)
            }
            return unsafeDowncast(buffer, to: Storage.self)
        }

        /// A lazy storage over source[start..<end].
        static func lazy(source: JSONSource, start: Int, end: Int) -> Storage {
            let s = make(capacity: 0, keys: [])
            s.head.pointee.source = source
            s.head.pointee.span = LazySpan.pack(start: start, end: end)
            return s
        }

        /// The hash index, when the object has one (only an eager storage is asked).
        @inlinable var index: Index? {
            @inline(__always) get {
                guard let extra = head.pointee.extra else { return nil }
                return unsafeDowncast(extra, to: Index.self)
            }
        }

        /// Whether this storage is lazy: its members are in the storage `loadLazyMembers` gives.
        @inlinable var isLazy: Bool { @inline(__always) get { head.pointee.source != nil } }

        // The readers below take the lazy case themselves rather than being called on a
        // `loaded` storage: a storage returned from a getter is retained and released around
        // every lookup, where one read through the object's own reference retains nothing. The
        // parsed storage of a lazy one is read without a retain too (`parsedMembers`): it lives
        // as long as the lazy storage, which the caller holds.

        @inlinable var memberCount: Int {
            if _slowPath(isLazy) { return parsedMembers._withUnsafeGuaranteedRef { $0.count } }
            return count
        }

        @inlinable var keys: [String] {
            if _slowPath(isLazy) { return parsedMembers._withUnsafeGuaranteedRef { $0.head.pointee.keys } }
            return head.pointee.keys
        }

        /// Where `key` is, or nil.
        @inlinable func position(of key: String) -> Int? {
            if _slowPath(isLazy) {
                if let peeked = peek(key) { return peeked.found?.position }
                return parsedMembers._withUnsafeGuaranteedRef { $0.position(of: key) }
            }
            if let index { return index.positions[key] }
            return head.pointee.keys.withUnsafeBufferPointer { keys in
                var i = 0
                while i < keys.count {
                    if keys[i] == key { return i }
                    i += 1
                }
                return nil
            }
        }

        /// The value of `key`, or nil.
        @inlinable func value(of key: String) -> JSONValue? {
            if _slowPath(isLazy) {
                if let peeked = peek(key) { return peeked.found?.value }
                return parsedMembers._withUnsafeGuaranteedRef { $0.value(of: key) }
            }
            guard let i = position(of: key) else { return nil }
            return elements[i]
        }

        /// Where `key` is and its value, looking first at `hint`: keys are unique, so a key equal
        /// to `key` at `hint` is the one. Objects built from one template have their keys in the
        /// same places.
        @inlinable func member(_ key: String, hint: Int) -> (position: Int, value: JSONValue)? {
            if _slowPath(isLazy) {
                if let peeked = peek(key) { return peeked.found }
                return parsedMembers._withUnsafeGuaranteedRef { $0.member(key, hint: hint) }
            }
            let h = head
            if hint >= 0 && hint < Int(h.pointee.count) {
                let found = h.pointee.keys.withUnsafeBufferPointer { keys in keys[hint] == key }
                if found { return (hint, elements[hint]) }
            }
            guard let i = position(of: key) else { return nil }
            return (i, elements[i])
        }

        @inlinable func key(at i: Int) -> String {
            if _slowPath(isLazy) { return parsedMembers._withUnsafeGuaranteedRef { $0.key(at: i) } }
            return head.pointee.keys[i]
        }

        @inlinable func value(at i: Int) -> JSONValue {
            if _slowPath(isLazy) { return parsedMembers._withUnsafeGuaranteedRef { $0.value(at: i) } }
            precondition(i >= 0 && i < count, "JSONObject.value(at:): position out of range")
            return elements[i]
        }

        /// A copy with room for `capacity` values (at least the count).
        @usableFromInline func copy(capacity: Int) -> Storage {
            let from = loaded
            let n = from.count
            let extra: AnyObject? = from.index.map { Index($0.positions) }
            let s = Storage.make(capacity: Swift.max(capacity, n), keys: from.head.pointee.keys, extra: extra)
            s.elements.initialize(from: from.elements, count: n)
            s.head.pointee.count = Int32(truncatingIfNeeded: n)
            return s
        }

        /// This uniquely referenced eager storage's members moved into one with room for
        /// `capacity` values; this one is left empty.
        @usableFromInline func moved(capacity: Int) -> Storage {
            let n = count
            let h = head
            let s = Storage.make(capacity: capacity, keys: h.pointee.keys, extra: h.pointee.extra)
            s.elements.moveInitialize(from: elements, count: n)
            s.head.pointee.count = Int32(truncatingIfNeeded: n)
            h.pointee.count = 0
            h.pointee.extra = nil
            return s
        }

        /// The storage whose members are readable: self, unless this storage is lazy.
        @inlinable var loaded: Storage {
            @inline(__always) get {
                if _fastPath(!isLazy) { return self }
                return loadLazyMembers()
            }
        }
    }
}
