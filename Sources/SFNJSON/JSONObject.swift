import Synchronization

/// A JSON object whose members keep their insertion order.
///
/// Small objects (the common case in state data) are searched linearly, which beats hashing for a
/// handful of keys; past `indexThreshold` members a hash index is kept as well. Storage is a single
/// class reference with copy-on-write, so passing an object around costs one retain.
///
/// An object read by `JSONParser.parseLazily` keeps only where its text is until a member is
/// asked for (JSONObject+Lazy.swift): a path that reads one field of a large input parses that
/// field's ancestors and nothing else, and printing an untouched object copies its text.
public struct JSONObject: Sendable {
    @usableFromInline static let indexThreshold = 12

    /// Mutated only while uniquely referenced (copy-on-write), so no two accesses can overlap:
    /// the runtime's dynamic exclusivity checks would only cost time on every member lookup.
    @usableFromInline final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) @usableFromInline var keys: [String]
        @exclusivity(unchecked) @usableFromInline var values: [JSONValue]
        @exclusivity(unchecked) @usableFromInline var index: [String: Int]?
        /// The text a lazy object's members are parsed from; nil for every other object. A lazy
        /// storage is never mutated after its members are parsed (`makeUnique` copies it).
        @usableFromInline let source: JSONSource?
        /// A lazy object's text as bytes start..<end of `source` (`LazySpan`), and whether its
        /// members are parsed yet: read with acquiring order, so the members are seen whole.
        @usableFromInline let span: Atomic<UInt64>

        @usableFromInline init(keys: [String], values: [JSONValue], index: [String: Int]?) {
            self.keys = keys
            self.values = values
            self.index = index
            self.source = nil
            self.span = Atomic(0)
        }

        init(source: JSONSource, start: Int, end: Int) {
            self.keys = []
            self.values = []
            self.index = nil
            self.source = source
            self.span = Atomic(LazySpan.pack(start: start, end: end))
        }

        @usableFromInline func copy() -> Storage {
            loadMembers()
            return Storage(keys: keys, values: values, index: index)
        }

        /// Makes the members readable: a no-op unless this object is lazy and not parsed yet.
        @inlinable @inline(__always) func loadMembers() {
            if source != nil { loadLazyMembers() }
        }
    }

    @usableFromInline var storage: Storage

    /// The storage with its members readable.
    @inlinable var loaded: Storage {
        @inline(__always) get {
            let s = storage
            s.loadMembers()
            return s
        }
    }

    public init() { storage = Storage(keys: [], values: [], index: nil) }

    public init(minimumCapacity: Int) {
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
        storage = Storage(keys: keys, values: values, index: nil)
    }

    /// Builds an object from parallel key and value arrays. A repeated key keeps its first
    /// position and its last value, as when members are assigned one by one.
    public init(uncheckedKeys keys: [String], values: [JSONValue]) {
        var hasDuplicates = false
        var index: [String: Int]? = nil
        if keys.count > JSONObject.indexThreshold {
            var map: [String: Int] = [:]
            map.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() where map.updateValue(i, forKey: k) != nil { hasDuplicates = true; break }
            index = map
        } else if keys.count > 1 {
            outer: for i in 1..<keys.count {
                for j in 0..<i where keys[j] == keys[i] { hasDuplicates = true; break outer }
            }
        }
        if hasDuplicates {
            var o = JSONObject()
            for (k, v) in zip(keys, values) { o[k] = v }
            storage = o.storage
        } else {
            storage = Storage(keys: keys, values: values, index: index)
        }
    }

    /// Builds an object from ordered pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    @inlinable public var count: Int { loaded.keys.count }
    @inlinable public var isEmpty: Bool { loaded.keys.isEmpty }
    @inlinable public var keys: [String] { loaded.keys }
    @inlinable public var values: [JSONValue] { loaded.values }

    @inlinable public func position(of key: String) -> Int? {
        let s = loaded
        if let index = s.index { return index[key] }
        var i = 0
        let n = s.keys.count
        while i < n {
            if s.keys[i] == key { return i }
            i += 1
        }
        return nil
    }

    @inlinable public func contains(_ key: String) -> Bool { position(of: key) != nil }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) || storage.source != nil { storage = storage.copy() }
    }

    /// Reading gives the member or nil; writing a value replaces it in place or appends it;
    /// writing nil removes the member.
    @inlinable public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return loaded.values[i]
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    makeUnique()
                    storage.values[i] = newValue
                } else {
                    append(key, newValue)
                }
            } else if let i = position(of: key) {
                remove(at: i)
            }
        }
    }

    /// Appends a member without looking for an existing one: the caller knows the key is new.
    @inlinable public mutating func append(_ key: String, _ value: JSONValue) {
        makeUnique()
        let s = storage
        s.keys.append(key)
        s.values.append(value)
        if s.index != nil {
            s.index![key] = s.keys.count - 1
        } else if s.keys.count > JSONObject.indexThreshold {
            var index: [String: Int] = [:]
            index.reserveCapacity(s.keys.count * 2)
            for (i, k) in s.keys.enumerated() { index[k] = i }
            s.index = index
        }
    }

    public mutating func remove(at i: Int) {
        makeUnique()
        let s = storage
        s.keys.remove(at: i)
        s.values.remove(at: i)
        if s.index != nil {
            if s.keys.count > JSONObject.indexThreshold {
                var index: [String: Int] = [:]
                for (j, k) in s.keys.enumerated() { index[k] = j }
                s.index = index
            } else {
                s.index = nil
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        let v = loaded.values[i]
        remove(at: i)
        return v
    }

    @inlinable public func key(at i: Int) -> String { loaded.keys[i] }
    @inlinable public func value(at i: Int) -> JSONValue { loaded.values[i] }
}

extension JSONObject: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline let storage: Storage
        @usableFromInline var i = 0
        @inlinable init(storage: Storage) { self.storage = storage }
        @inlinable public mutating func next() -> (key: String, value: JSONValue)? {
            guard i < storage.keys.count else { return nil }
            defer { i += 1 }
            return (storage.keys[i], storage.values[i])
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
