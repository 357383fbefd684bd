import SFNJSON

/// The evaluator's value: JSON plus JSONata's "undefined" and functions.
///
/// Input documents stay as `JSONValue` containers (`.jarray`, `.jobject`) and are wrapped lazily
/// as they are visited, so a large input is never converted up front. Containers the engine builds
/// are reference types (`Seq`, `Obj`) because JSONata relies on identity: sequence flags are set
/// on results in place, and transforms mutate the objects they matched.
enum Val {
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case jarray([JSONValue])
    case jobject(JSONObject)
    case array(Seq)
    case object(Obj)
    case function(Fn)

    @inline(__always) static func from(_ j: JSONValue) -> Val {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .bigInt(let text): return .number(Double(text) ?? .nan)
        case .string(let s): return .string(s)
        case .array(let a): return .jarray(a)
        case .object(let o): return .jobject(o)
        }
    }

    @inline(__always) static func from(_ j: JSONValue?) -> Val {
        guard let j else { return .undefined }
        return from(j)
    }

    @inline(__always) var isUndefined: Bool { if case .undefined = self { return true }; return false }
    @inline(__always) var isArray: Bool {
        switch self {
        case .jarray, .array: return true;
        default: return false
        }
    }
    @inline(__always) var isObject: Bool {
        switch self {
        case .jobject, .object: return true;
        default: return false
        }
    }
    @inline(__always) var isFunction: Bool { if case .function = self { return true }; return false }
    @inline(__always) var isSequence: Bool { if case .array(let s) = self { return s.isSequence }; return false }
    @inline(__always) var seq: Seq? { if case .array(let s) = self { return s }; return nil }
    @inline(__always) var number: Double? { if case .number(let d) = self { return d }; return nil }
    @inline(__always) var string: String? { if case .string(let s) = self { return s }; return nil }

    /// Number of elements when an array.
    var arrayCount: Int {
        switch self {
        case .jarray(let a): return a.count
        case .array(let s): return s.items.count
        default: return 0
        }
    }

    /// The elements of an array value (empty for non-arrays).
    var elements: [Val] {
        switch self {
        case .jarray(let a): return a.map(Val.from)
        case .array(let s): return s.items
        default: return []
        }
    }

    /// Member lookup for objects.
    @inline(__always) func field(_ key: String) -> Val {
        switch self {
        case .jobject(let o): return Val.from(jsonField(o, key))
        case .object(let o): return o[key] ?? .undefined
        default: return .undefined
        }
    }

    /// Object members in JavaScript property order: integer-like keys ("0", "42") first in
    /// ascending order, then the others in insertion order (as AWS's JSONata sees objects).
    var members: [(String, Val)] {
        switch self {
        case .jobject(let o):
            let keys = o.keys
            if let order = Val.jsOrder(keys) { return order.map { (keys[$0], Val.from(o.value(at: $0))) } }
            return o.map { ($0.key, Val.from($0.value)) }
        case .object(let o):
            if let order = Val.jsOrder(o.keys) { return order.map { (o.keys[$0], o.values[$0]) } }
            return zip(o.keys, o.values).map { ($0, $1) }
        default: return []
        }
    }

    var objectKeys: [String] {
        switch self {
        case .jobject(let o):
            let keys = o.keys
            if let order = Val.jsOrder(keys) { return order.map { keys[$0] } }
            return keys
        case .object(let o):
            if let order = Val.jsOrder(o.keys) { return order.map { o.keys[$0] } }
            return o.keys
        default: return []
        }
    }

    /// A canonical array index ("0" ... "4294967294"), which JavaScript orders before other keys.
    static func isArrayIndex(_ k: String) -> Bool {
        var value: UInt64 = 0
        var count = 0
        for b in k.utf8 {
            guard b >= 48 && b <= 57 else { return false }
            if count == 0 && b == 48 && k.utf8.count > 1 { return false }
            value = value * 10 + UInt64(b - 48)
            count += 1
            if count > 10 { return false }
        }
        return count > 0 && value <= 4_294_967_294
    }

    /// Positions in JavaScript order, or nil when insertion order already is that order.
    static func jsOrder(_ keys: [String]) -> [Int]? {
        guard keys.contains(where: { k in k.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? false && isArrayIndex(k) })
        else {
            return nil
        }
        var indexKeys: [(UInt64, Int)] = []
        var others: [Int] = []
        for (i, k) in keys.enumerated() {
            if isArrayIndex(k) { indexKeys.append((UInt64(k) ?? 0, i)) } else { others.append(i) }
        }
        indexKeys.sort { $0.0 < $1.0 }
        return indexKeys.map { $0.1 } + others
    }

    /// A value as `$type` names it.
    var typeName: String? {
        switch self {
        case .undefined: return nil
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .jarray, .array: return "array"
        case .jobject, .object: return "object"
        case .function: return "function"
        }
    }

    /// Converts to JSON; functions become nil (dropped from objects, null inside arrays, as
    /// JSON.stringify does).
    func toJSON() -> JSONValue? { toJSON(depth: 0) }

    /// nil as well for a container nested more than `maxJSONDepth` levels below `depth`.
    func toJSON(depth: Int) -> JSONValue? {
        switch self {
        case .undefined, .function: return nil
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return d.isFinite ? JSONValue.number(d) : .null
        case .string(let s): return .string(s)
        case .jarray(let a): return .array(a)
        case .jobject(let o): return .object(o)
        case .array(let s):
            guard depth < Val.maxJSONDepth else { return nil }
            var out: [JSONValue] = []
            out.reserveCapacity(s.items.count)
            for v in s.items {
                if let j = v.toJSON(depth: depth + 1) {
                    out.append(j)
                } else if v.isEngineContainer {
                    return nil
                } else {
                    out.append(.null)
                }
            }
            return .array(out)
        case .object(let o):
            guard depth < Val.maxJSONDepth else { return nil }
            var out = JSONObject(minimumCapacity: o.keys.count)
            func add(_ i: Int) -> Bool {
                if let j = o.values[i].toJSON(depth: depth + 1) {
                    out.append(o.keys[i], j)
                } else if o.values[i].isEngineContainer {
                    return false
                }
                return true
            }
            if let order = Val.jsOrder(o.keys) {
                for i in order where !add(i) { return nil }
            } else {
                for i in 0..<o.keys.count where !add(i) { return nil }
            }
            return .object(out)
        }
    }
}

/// An array built by the engine, with the flags jsonata-js keeps on its arrays.
final class Seq {
    var items: [Val]
    /// A sequence (result of a path step), flattened and unwrapped when a singleton.
    var isSequence: Bool
    var keepSingleton = false
    /// Built by an array constructor: not flattened into surrounding sequences.
    var cons = false
    var outerWrapper = false
    var tupleStream = false

    init(_ items: [Val] = [], sequence: Bool = true) {
        self.items = items
        self.isSequence = sequence
    }

    init(single: Val) {
        items = [single]
        isSequence = true
    }

    deinit { ContainerRelease.release(&items) }

    @inline(__always) var count: Int { items.count }
    @inline(__always) func append(_ v: Val) { items.append(v) }
}

/// An object built by the engine: ordered keys, searched linearly while small, hashed when large.
final class Obj {
    var keys: [String] = []
    var values: [Val] = []
    var index: [String: Int]?

    static let indexThreshold = 8

    init() {}

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    deinit { ContainerRelease.release(&values) }

    @inline(__always) func position(_ key: String) -> Int? {
        if let index { return index[key] }
        let len = key.utf8.count
        var i = 0
        let n = keys.count
        while i < n {
            if keys[i].utf8.count == len && keys[i] == key { return i }
            i += 1
        }
        return nil
    }

    @inline(__always) subscript(key: String) -> Val? {
        get {
            guard let i = position(key) else { return nil }
            return values[i]
        }
        set {
            if let newValue {
                if let i = position(key) { values[i] = newValue } else { append(key, newValue) }
            } else if let i = position(key) {
                keys.remove(at: i)
                values.remove(at: i)
                if index != nil { rebuildIndex() }
            }
        }
    }

    /// Adds a member the caller knows is new.
    @inline(__always) func append(_ key: String, _ value: Val) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > Obj.indexThreshold {
            rebuildIndex()
        }
    }

    func rebuildIndex() {
        var d: [String: Int] = [:]
        d.reserveCapacity(keys.count)
        for (j, k) in keys.enumerated() { d[k] = j }
        index = keys.count > Obj.indexThreshold ? d : nil
    }

    var count: Int { keys.count }
}
