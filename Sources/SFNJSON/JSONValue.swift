/// A JSON value as Step Functions sees it.
///
/// Integers are kept apart from doubles so that 64-bit ids survive a round trip exactly, and a
/// boolean is never a number (unlike Foundation's `NSNumber`). Object keys keep their order.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    /// An integer literal beyond `Int`'s range, kept as its decimal text ("-" and digits) so that
    /// it passes through states unchanged, as AWS passes it; whatever computes on it sees the
    /// nearest `Double` (`doubleValue`). Same payload size as `.string`: the enum does not grow.
    case bigInt(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The type name AWS uses in error causes and JSONata uses in `$type`: "null", "boolean",
    /// "number", "string", "array", "object".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double, .bigInt: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    @inlinable public var isNull: Bool { if case .null = self { return true } else { return false } }
    @inlinable public var isNumber: Bool {
        switch self {
        case .int, .double, .bigInt: return true
        default: return false
        }
    }
    @inlinable public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    @inlinable public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    @inlinable public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    @inlinable public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    /// The numeric value as a double, for ints and doubles alike.
    @inlinable public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bigInt(let text): return Double(text)
        default: return nil
        }
    }

    /// The value as an exact integer: an int, or a double with no fractional part that fits.
    @inlinable public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded(.towardZero) == d, d >= -9.2233720368547758e18, d < 9.2233720368547758e18 else {
                return nil
            }
            return Int(d)
        default: return nil
        }
    }

    /// Member lookup on objects; nil for a missing key or a value that is not an object.
    @inlinable public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Element lookup on arrays; nil when out of range or not an array.
    @inlinable public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return nil
    }

    /// A number from a double, as an int when it is integral and fits (JSONata and intrinsic
    /// arithmetic produce doubles; AWS prints `3`, not `3.0`, for their integral results).
    @inlinable public static func number(_ d: Double) -> JSONValue {
        if d.rounded(.towardZero) == d, abs(d) < 9.007199254740992e15 { return .int(Int(d)) }
        return .double(d)
    }
}

extension JSONValue: Equatable {
    /// Structural equality; numbers compare by value (`1 == 1.0`), objects ignore key order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)): return Double(a) == b && b.rounded(.towardZero) == b
        case (.double(let a), .int(let b)): return a == Double(b) && a.rounded(.towardZero) == a
        case (.bigInt(let a), .bigInt(let b)): return a == b
        // Beyond Int's range no Int equals one; a Double equals one it is nearest to.
        case (.bigInt, .int), (.int, .bigInt): return false
        case (.bigInt(let a), .double(let b)), (.double(let b), .bigInt(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}

extension JSONValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(Double(i))
        case .double(let d): hasher.combine(2); hasher.combine(d)
        case .bigInt(let text): hasher.combine(2); hasher.combine(Double(text) ?? 0)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o):
            hasher.combine(5)
            // Order-independent, to agree with ==.
            var acc = 0
            for (k, v) in o { var h = Hasher(); h.combine(k); h.combine(v); acc ^= h.finalize() }
            hasher.combine(acc)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var o = JSONObject(minimumCapacity: elements.count)
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String { JSONPrinter.compact(self) }
}
