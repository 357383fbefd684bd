/// A JSON object whose members keep their insertion order.
///
/// Small objects (the common case in state data) are searched linearly, which beats hashing for a
/// handful of keys; past `indexThreshold` members a hash index is kept as well. Storage is a single
/// class reference with copy-on-write, so passing an object around costs one retain; it holds the
/// values inline after its header and the keys as one array, which objects built from a template
/// share with it (JSONObject+Storage.swift): building one is one allocation.
///
/// An object read by `JSONParser.parseLazily` keeps only where its text is until a member is
/// asked for (JSONObject+Lazy.swift): a path that reads one field of a large input parses that
/// field's ancestors and nothing else, and printing an untouched object copies its text.
public struct JSONObject: @unchecked Sendable {
    @usableFromInline static let indexThreshold = 12

    // Sendable: a storage is mutated only while uniquely referenced, and a lazy one is parsed
    // under a lock (`ManagedBuffer` itself is not Sendable).
    @usableFromInline var storage: Storage

    /// The storage with its members readable.
    @inlinable var loaded: Storage {
        @inline(__always) get { storage.loaded }
    }

    @inlinable init(storage: Storage) { self.storage = storage }

    public init() { storage = Storage.make(capacity: 0, keys: []) }

    public init(minimumCapacity: Int) {
        var keys: [String] = []
        keys.reserveCapacity(minimumCapacity)
        storage = Storage.make(capacity: minimumCapacity, keys: keys)
    }

    /// Builds an object from parallel key and value arrays. A repeated key keeps its first
    /// position and its last value, as when members are assigned one by one.
    public init(uncheckedKeys keys: [String], values: [JSONValue]) {
        var hasDuplicates = false
        var index: Index? = nil
        if keys.count > JSONObject.indexThreshold {
            var map: [String: Int] = [:]
            map.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() where map.updateValue(i, forKey: k) != nil { hasDuplicates = true; break }
            index = Index(map)
        } else if keys.count > 1 {
            outer: for i in 1..<keys.count {
                for j in 0..<i where keys[j] == keys[i] { hasDuplicates = true; break outer }
            }
        }
        if hasDuplicates {
            var o = JSONObject(minimumCapacity: keys.count)
            for (k, v) in zip(keys, values) { o[k] = v }
            storage = o.storage
        } else {
            let n = Swift.min(keys.count, values.count)
            let s = Storage.make(capacity: n, keys: n == keys.count ? keys : Array(keys[..<n]), extra: index)
            // Copied (a retain per reference value): moving them out of the caller's array made
            // the parser's array copy itself first (not uniquely referenced at the call).
            values.withUnsafeBufferPointer { buffer in
                if let base = buffer.baseAddress { s.elements.initialize(from: base, count: n) }
            }
            s.head.pointee.count = Int32(truncatingIfNeeded: n)
            storage = s
        }
    }

    /// Builds an object whose keys are known to be unique (a template's, checked when it was
    /// compiled), sharing the key array: one allocation. `value(i)` gives the value of `keys[i]`,
    /// called in order; if it throws, the values made so far are released.
    @inlinable
    public init<E: Error>(uniqueKeys keys: [String], values value: (Int) throws(E) -> JSONValue) throws(E) {
        let n = keys.count
        let s = Storage.make(capacity: n, keys: keys)
        let h = s.head
        let elements = s.elements
        var i = 0
        while i < n {
            (elements + i).initialize(to: try value(i))
            i += 1
            h.pointee.count = Int32(truncatingIfNeeded: i)
        }
        if n > JSONObject.indexThreshold { h.pointee.extra = Index.of(keys) }
        storage = s
    }

    /// Builds an object from ordered pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    @inlinable public var count: Int { storage.memberCount }
    @inlinable public var isEmpty: Bool { storage.memberCount == 0 }
    @inlinable public var keys: [String] { storage.keys }
    public var values: [JSONValue] {
        let s = loaded
        return Array(UnsafeBufferPointer(start: s.elements, count: s.count))
    }

    @inlinable public func position(of key: String) -> Int? { storage.position(of: key) }

    /// Where `key` is, looking first at `hint` (where the caller found it in a similar object:
    /// objects built from one template have their keys in the same places).
    @inlinable public func position(of key: String, hint: Int) -> Int? { storage.member(key, hint: hint)?.position }

    /// The member named `key` and its position, looking first at `hint` (a compiled path keeps
    /// where it found its member last: objects built from one template have their keys in the
    /// same places).
    @inlinable public func member(_ key: String, hint: Int) -> (position: Int, value: JSONValue)? {
        storage.member(key, hint: hint)
    }

    @inlinable public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Makes the storage unique, eager, and able to hold `capacity` values.
    @inlinable mutating func makeUnique(capacity: Int) {
        if !isKnownUniquelyReferenced(&storage) || storage.head.pointee.source != nil {
            storage = storage.copy(capacity: capacity)
        } else if capacity > Int(storage.head.pointee.capacity) {
            storage = storage.moved(capacity: capacity)
        }
    }

    /// Reading gives the member or nil; writing a value replaces it in place or appends it;
    /// writing nil removes the member.
    @inlinable public subscript(key: String) -> JSONValue? {
        get { storage.value(of: key) }
        set {
            if let newValue {
                if let i = position(of: key) {
                    makeUnique(capacity: count)
                    storage.elements[i] = newValue
                } else {
                    append(key, newValue)
                }
            } else if let i = position(of: key) {
                remove(at: i)
            }
        }
    }

    /// Appends a member without looking for an existing one: the caller knows the key is new.
    public mutating func append(_ key: String, _ value: JSONValue) {
        let n = count
        let capacity = Int(loaded.head.pointee.capacity)
        makeUnique(capacity: n < capacity ? capacity : Swift.max(4, n * 2))
        let s = storage
        let h = s.head
        (s.elements + n).initialize(to: value)
        h.pointee.count = Int32(truncatingIfNeeded: n + 1)
        h.pointee.keys.append(key)
        if let index = s.index {
            index.positions[key] = n
        } else if n + 1 > JSONObject.indexThreshold {
            h.pointee.extra = Index.of(h.pointee.keys)
        }
    }

    public mutating func remove(at i: Int) {
        let n = count
        precondition(i >= 0 && i < n, "JSONObject.remove(at:): position out of range")
        makeUnique(capacity: n)
        let s = storage
        let h = s.head
        (s.elements + i).deinitialize(count: 1)
        (s.elements + i).moveInitialize(from: s.elements + i + 1, count: n - i - 1)
        h.pointee.count = Int32(truncatingIfNeeded: n - 1)
        h.pointee.keys.remove(at: i)
        if s.index != nil {
            h.pointee.extra = n - 1 > JSONObject.indexThreshold ? Index.of(h.pointee.keys) : nil
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        let v = value(at: i)
        remove(at: i)
        return v
    }

    @inlinable public func key(at i: Int) -> String { storage.key(at: i) }

    @inlinable public func value(at i: Int) -> JSONValue { storage.value(at: i) }
}

extension JSONObject: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline let storage: Storage
        @usableFromInline var i = 0
        @inlinable init(storage: Storage) { self.storage = storage }
        @inlinable public mutating func next() -> (key: String, value: JSONValue)? {
            guard i < storage.count else { return nil }
            defer { i += 1 }
            return (storage.head.pointee.keys[i], storage.elements[i])
        }
    }
    @inlinable public func makeIterator() -> Iterator { Iterator(storage: loaded) }
    @inlinable public var underestimatedCount: Int { count }
}

extension JSONObject: Equatable {
    /// Equal when both hold the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs {
            guard let w = rhs[k], w == v else { return false }
        }
        return true
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
