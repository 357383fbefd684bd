import Foundation
import SFNJSON

/// Decodes `Decodable` values straight from a `JSONValue`: no text round trip, integers read
/// exactly, and errors that name the path and what was found ("expected Int64 at .id, found the
/// number 1.5"). Matches JSONDecoder's default strategies: `Data` from base64, `URL` from a string,
/// `Date` as seconds since 2001 (deferred to Date's own Codable).
public struct JSONValueDecoder {
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// Deeper nesting fails instead of exhausting the stack.
    public var maxDepth = 512

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: [], options: self).unbox(value, as: T.self)
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "Index \(i)" }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}

private func describe(_ v: JSONValue) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return "the boolean \(b)"
    case .int, .double, .bigInt: return "the number \(JSONPrinter.compact(v))"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let options: JSONValueDecoder
    var userInfo: [CodingUserInfoKey: Any] { options.userInfo }

    func mismatch(_ type: Any.Type, _ found: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected \(type) but found \(describe(found))."))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let o) = value else { throw mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(Keyed<Key>(object: o, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let a) = value else { throw mismatch([Any].self, value, codingPath) }
        return Unkeyed(array: a, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// Decodes `value` (found at `path`) as T.
    func unbox<T: Decodable>(_ v: JSONValue, as type: T.Type, path: [any CodingKey]? = nil) throws -> T {
        let path = path ?? codingPath
        if path.count > options.maxDepth {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "Nesting deeper than \(options.maxDepth) levels."))
        }
        if let r = try unboxPrimitive(v, as: type, path: path) { return r }
        return try T(from: ValueDecoder(value: v, codingPath: path, options: options))
    }

    private func unboxPrimitive<T>(_ v: JSONValue, as type: T.Type, path: [any CodingKey]) throws -> T? {
        switch type {
        case is String.Type:
            guard case .string(let s) = v else { throw mismatch(type, v, path) }
            return s as? T
        case is Bool.Type:
            guard case .bool(let b) = v else { throw mismatch(type, v, path) }
            return b as? T
        case is Double.Type:
            guard let d = v.doubleValue else { throw mismatch(type, v, path) }
            return d as? T
        case is Float.Type:
            guard let d = v.doubleValue else { throw mismatch(type, v, path) }
            return Float(d) as? T
        case is Int.Type: return try integer(v, Int.self, path) as? T
        case is Int8.Type: return try integer(v, Int8.self, path) as? T
        case is Int16.Type: return try integer(v, Int16.self, path) as? T
        case is Int32.Type: return try integer(v, Int32.self, path) as? T
        case is Int64.Type: return try integer(v, Int64.self, path) as? T
        case is UInt.Type: return try integer(v, UInt.self, path) as? T
        case is UInt8.Type: return try integer(v, UInt8.self, path) as? T
        case is UInt16.Type: return try integer(v, UInt16.self, path) as? T
        case is UInt32.Type: return try integer(v, UInt32.self, path) as? T
        case is UInt64.Type: return try integer(v, UInt64.self, path) as? T
        case is URL.Type:
            guard case .string(let s) = v else { throw mismatch(type, v, path) }
            guard let url = URL(string: s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Invalid URL string."))
            }
            return url as? T
        case is Data.Type:
            guard case .string(let s) = v else { throw mismatch(type, v, path) }
            guard let data = Data(base64Encoded: s) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path, debugDescription: "Encountered Data is not valid Base64."))
            }
            return data as? T
        case is Decimal.Type:
            switch v {
            case .int(let i): return Decimal(i) as? T
            case .double, .bigInt: return Decimal(string: JSONPrinter.compact(v)) as? T
            default: throw mismatch(type, v, path)
            }
        default:
            return nil
        }
    }

    private func integer<I: FixedWidthInteger>(_ v: JSONValue, _ type: I.Type, _ path: [any CodingKey]) throws -> I {
        switch v {
        case .int(let i):
            if let r = I(exactly: i) { return r }
        case .double(let d):
            if let r = I(exactly: d) { return r }
        default:
            break
        }
        throw mismatch(type, v, path)
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key '\(key.stringValue)'."))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let v = try value(key)
        if v.isNull, !(T.self is any OptionalProtocol.Type) {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [key], debugDescription: "Expected \(type) but found null."))
        }
        return try decoder.unbox(v, as: type, path: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        let v = try value(key)
        if v.isNull {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [key], debugDescription: "Expected \(type) but found null."))
        }
        return try decoder.unbox(v, as: type, path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key], options: decoder.options).container(
            keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key], options: decoder.options).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: object["super"] ?? .null, codingPath: codingPath, options: decoder.options)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key], options: decoder.options)
    }
}

/// Lets `decode(_:forKey:)` accept null for Optional payloads decoded through the generic path.
private protocol OptionalProtocol {}
extension Optional: OptionalProtocol {}

private struct Unkeyed: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let decoder: ValueDecoder
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end.")
            )
        }
        defer { currentIndex += 1 }
        return (array[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return true }
        if array[currentIndex].isNull { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, path) = try next(type)
        if v.isNull, !(T.self is any OptionalProtocol.Type) {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: path, debugDescription: "Expected \(type) but found null."))
        }
        return try decoder.unbox(v, as: type, path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let (v, path) = try next(JSONObject.self)
        return try ValueDecoder(value: v, codingPath: path, options: decoder.options).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, path) = try next([JSONValue].self)
        return try ValueDecoder(value: v, codingPath: path, options: decoder.options).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, path) = try next(JSONValue.self)
        return ValueDecoder(value: v, codingPath: path, options: decoder.options)
    }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if decoder.value.isNull, !(T.self is any OptionalProtocol.Type) {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Expected \(type) but found null."))
        }
        return try decoder.unbox(decoder.value, as: type)
    }
}
