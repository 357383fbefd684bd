import Foundation
import SFNJSON

/// Encodes `Encodable` values straight into a `JSONValue`, keeping keys in the order `encode(to:)`
/// writes them (declaration order for synthesized conformances) and integers as integers.
/// Matches JSONEncoder's default strategies: `Data` as base64, `URL` as its absolute string,
/// `Date` through its own Codable; non-finite doubles are an error.
public struct JSONValueEncoder {
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// Deeper nesting fails instead of exhausting the stack.
    public var maxDepth = 512

    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try ValueEncoder(node: root, codingPath: [], options: self).box(value)
        return root.value
    }
}

/// A value under construction. Containers hand out child nodes that are filled in later, so
/// nodes are references and become a `JSONValue` only at the end.
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(String, Node)])
        case array([Node])
    }
    var content = Content.empty

    var value: JSONValue {
        switch content {
        case .empty: return .object(JSONObject())
        case .value(let v): return v
        case .object(let members):
            var o = JSONObject(minimumCapacity: members.count)
            for (k, n) in members { o[k] = n.value }
            return .object(o)
        case .array(let items): return .array(items.map(\.value))
        }
    }

    /// The member node for `key`, created on first use (a repeated key is overwritten in place).
    func member(_ key: String) -> Node {
        if case .object(let members) = content, let hit = members.first(where: { $0.0 == key }) { return hit.1 }
        let n = Node()
        if case .object(var members) = content {
            content = .empty
            members.append((key, n))
            content = .object(members)
        } else {
            content = .object([(key, n)])
        }
        return n
    }

    func appendElement() -> Node {
        let n = Node()
        if case .array(var items) = content {
            content = .empty
            items.append(n)
            content = .array(items)
        } else {
            content = .array([n])
        }
        return n
    }

    var elementCount: Int { if case .array(let a) = content { return a.count } else { return 0 } }
}

private struct ValueEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    let options: JSONValueEncoder
    var userInfo: [CodingUserInfoKey: Any] { options.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return Unkeyed(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    func child(_ node: Node, _ key: any CodingKey) -> ValueEncoder {
        ValueEncoder(node: node, codingPath: codingPath + [key], options: options)
    }

    /// Encodes `value` into this encoder's node.
    func box<T: Encodable>(_ value: T) throws {
        if codingPath.count > options.maxDepth {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: codingPath, debugDescription: "Nesting deeper than \(options.maxDepth) levels."))
        }
        if let v = try primitive(value) {
            node.content = .value(v)
            return
        }
        try value.encode(to: self)
    }

    private func primitive<T: Encodable>(_ value: T) throws -> JSONValue? {
        switch value {
        case let v as String: return .string(v)
        case let v as Bool: return .bool(v)
        case let v as Int: return .int(v)
        case let v as Int8: return .int(Int(v))
        case let v as Int16: return .int(Int(v))
        case let v as Int32: return .int(Int(v))
        case let v as Int64: return .int(Int(v))
        case let v as UInt: return try unsigned(UInt64(v), value)
        case let v as UInt8: return .int(Int(v))
        case let v as UInt16: return .int(Int(v))
        case let v as UInt32: return .int(Int(v))
        case let v as UInt64: return try unsigned(v, value)
        case let v as Double: return try double(v, value)
        case let v as Float: return try double(Double(v), value)
        case let v as URL: return .string(v.absoluteString)
        case let v as Data: return .string(v.base64EncodedString())
        case let v as Decimal:
            let text = "\(v)"
            return (try? JSONParser.parse(text)) ?? .string(text)
        default: return nil
        }
    }

    private func unsigned<T>(_ v: UInt64, _ original: T) throws -> JSONValue {
        if let i = Int(exactly: v) { return .int(i) }
        return .double(Double(v))
    }

    private func double<T>(_ d: Double, _ original: T) throws -> JSONValue {
        guard d.isFinite else {
            throw EncodingError.invalidValue(
                original, .init(codingPath: codingPath, debugDescription: "Unable to encode \(d) directly in JSON."))
        }
        return .double(d)
    }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) { encoder.node.member(key.stringValue).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.child(encoder.node.member(key.stringValue), key).box(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.child(encoder.node.member(key.stringValue), key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.child(encoder.node.member(key.stringValue), key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.child(encoder.node.member("super"), SuperKey()) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.child(encoder.node.member(key.stringValue), key)
    }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {}
    init?(intValue: Int) { return nil }
}

private struct ElementKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "Index \(i)" }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.elementCount }

    private func next() -> ValueEncoder {
        let key = ElementKey(count)
        return encoder.child(encoder.node.appendElement(), key)
    }

    mutating func encodeNil() { next().node.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws { try next().box(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { next() }
}

private struct Single: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() { encoder.node.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.box(value) }
}
