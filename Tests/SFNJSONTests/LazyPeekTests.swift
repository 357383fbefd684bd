import Testing

@testable import SFNJSON

/// Members read from a lazy object's text before it is parsed (JSONObject+Peek.swift) are what
/// the parsed object gives, at the same positions; an object read more than `peekLimit` times,
/// or one whose text a peek cannot read, is parsed.
@Suite struct LazyPeekTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var keys: [String]
        /// Whether the first read peeks (false: the text is parsed at once).
        var peeks: Bool
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: #"{"id": 7, "a": 1.5, "b": "x", "c": null}"#, keys: ["id", "a", "b", "c", "zz", ""], peeks: true),
        Case(
            text: " { \"a\" : 1 ,\n \"b\" :\t{ } , \"c\":\"}\" , \"d\" : [ ] } ", keys: ["a", "b", "c", "e"],
            peeks: true),
        Case(text: #"{"x": {"y": [1, {"z": 2}]}, "t": true, "f": false}"#, keys: ["x", "t", "f", "y"], peeks: true),
        Case(
            text: #"{"s": "h\#u{E9}llo w\#u{F6}rld, a string past sixteen bytes", "n": -12.5}"#, keys: ["s", "n"],
            peeks: true),
        Case(
            text: #"{"big": 123456789012345678901234567890, "m": -9223372036854775808, "z": 0}"#,
            keys: ["big", "m", "z"], peeks: true),
        Case(
            text:
                #"{"p": 999999999999999999, "q": -999999999999999999, "r": 1234567890123456789, "h": 0.5, "o": -0.25}"#,
            keys: ["p", "q", "r", "h", "o"], peeks: true),
        Case(text: #"{"a":-7,"b":"","c":"x","d":true}"#, keys: ["a", "b", "c", "d"], peeks: true),
        Case(text: "{}", keys: ["a", ""], peeks: true),
        Case(text: #"{"ab": 1, "a": 2, "b": 3}"#, keys: ["a", "ab", "b", "abc"], peeks: true),
        // Arrays are built by the parse of their object.
        Case(text: #"{"list": [1, 2, 3], "n": null}"#, keys: ["list"], peeks: false),
        // Text the scan marked: a repeated key, an escape, a number not in its printed form.
        Case(text: #"{"k": 1, "k": 2, "j": 3}"#, keys: ["k", "j"], peeks: false),
        Case(text: #"{"a\u0062": 1, "c": "x"}"#, keys: ["ab", "c"], peeks: false),
        Case(text: #"{"e": 1e2, "f": 1.50}"#, keys: ["e", "f"], peeks: false),
        Case(text: "{\"caf\u{E9}\": 1, \"x\": 2}", keys: ["caf\u{E9}", "cafe\u{301}", "x"], peeks: false),
        // A key that is not ASCII may equal an ASCII one ("\u{212A}", the Kelvin sign, is "K").
        Case(text: #"{"K": 1, "k": 2}"#, keys: ["\u{212A}"], peeks: false),
    ]

    static func lazyObject(_ text: String) throws -> JSONObject {
        let value = try JSONParser.parseLazily(bytes: Array(text.utf8))
        guard case .object(let o) = value else { throw Failure() }
        return o
    }

    struct Failure: Error {}

    static func isParsed(_ o: JSONObject) -> Bool { o.storage.parsed.pointee.load(ordering: .relaxed) != 0 }

    @Test(arguments: cases)
    func peekedMembersAreTheParsedOnes(c: Case) throws {
        guard case .object(let eager) = try JSONParser.parse(c.text) else { throw Failure() }
        for key in c.keys {
            let o = try Self.lazyObject(c.text)
            #expect(o.storage.isLazy)
            #expect(o[key] == eager[key], "\(key)")
            #expect(Self.isParsed(o) == !c.peeks, "\(key)")
            let found = try Self.lazyObject(c.text).member(key, hint: 0)
            let expected = eager.member(key, hint: 0)
            #expect(found?.position == expected?.position, "\(key)")
            #expect(found?.value == expected?.value, "\(key)")
            #expect(try Self.lazyObject(c.text).position(of: key) == eager.position(of: key), "\(key)")
            #expect(try Self.lazyObject(c.text).contains(key) == eager.contains(key), "\(key)")
            // Read past the limit: parsed, and still the same.
            for _ in 0...Int(JSONObject.Storage.peekLimit) { #expect(o[key] == eager[key]) }
            #expect(Self.isParsed(o))
        }
    }

    @Test func anObjectReadForAFewFieldsIsNeverParsed() throws {
        let o = try Self.lazyObject(#"{"id": 3, "a": 3, "b": 6}"#)
        for key in ["id", "a", "b"] { _ = o[key] }
        #expect(!Self.isParsed(o))
        for _ in 0..<Int(JSONObject.Storage.peekLimit) { _ = o["a"] }
        #expect(Self.isParsed(o))
        #expect(o["b"] == .int(6))
    }

    @Test func aPeekedObjectMemberIsLazyInTurn() throws {
        let o = try Self.lazyObject(#"{"outer": {"inner": {"v": "deep"}, "w": 1}}"#)
        let outer = try #require(o["outer"]?.objectValue)
        #expect(outer.storage.isLazy)
        #expect(outer["inner"]?["v"] == .string("deep"))
        #expect(!Self.isParsed(o))
        #expect(JSONPrinter.compact(.object(o)) == #"{"outer":{"inner":{"v":"deep"},"w":1}}"#)
    }
}
