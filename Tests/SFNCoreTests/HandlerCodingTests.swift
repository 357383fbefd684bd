import Foundation
import SFNJSON
import Testing

@testable import SFNCore

@Suite struct HandlerCodingTests {
    enum Kind: String, Codable { case small, large }
    struct Inner: Codable, Equatable { var tags: [String]; var weight: Float }
    struct Outer: Codable, Equatable {
        var kind: Kind
        var inner: Inner
        var maybe: Int?
        var list: [Int?]
        var map: [String: Double]
        var u8: UInt8
        var blob: Data
        var link: URL
        var amount: Decimal
    }

    static let value: JSONValue = [
        "kind": "large", "inner": ["tags": ["a", "b"], "weight": 1.5], "maybe": nil, "list": [1, nil, 3],
        "map": ["x": 1, "y": 2.25], "u8": 255, "blob": "aGk=", "link": "https://example.com/a?b=c", "amount": 12.5,
    ]

    @Test func decodesNestedValues() throws {
        let o = try JSONValueDecoder().decode(Outer.self, from: Self.value)
        #expect(o.kind == .large)
        #expect(o.inner == Inner(tags: ["a", "b"], weight: 1.5))
        #expect(o.maybe == nil)
        #expect(o.list == [1, nil, 3])
        #expect(o.map == ["x": 1, "y": 2.25])
        #expect(o.u8 == 255)
        #expect(o.blob == Data("hi".utf8))
        #expect(o.link.absoluteString == "https://example.com/a?b=c")
        #expect(o.amount == Decimal(string: "12.5"))
        // And back: the encoder side goes through JSONEncoder.
        // (Synthesized encoders leave out nil optionals.)
        var expected = Self.value.objectValue ?? [:]
        expected["maybe"] = nil
        let encoded = try JSONValueCoding.encode(o)
        #expect(encoded == .object(expected), "\(encoded)")
    }

    static let failures: [(JSONValue, String)] = [
        (["kind": "medium"], "Cannot initialize Kind"),
        (["u8": 256], "Expected UInt8 but found the number 256."),
        (["inner": ["tags": ["a", 2], "weight": 1]], "inner.tags[1]"),
        (["inner": ["tags": [], "weight": nil]], "found null"),
        (["blob": "%%%"], "Base64"),
        (["list": "no"], "Expected Array<Any> but found a string."),
    ]

    @Test(arguments: failures)
    func decodingErrorsNameThePath(patch: JSONValue, message: String) throws {
        guard case .object(var o) = Self.value, case .object(let p) = patch else { return }
        for (k, v) in p { o[k] = v }
        do {
            _ = try JSONValueDecoder().decode(Outer.self, from: .object(o))
            Issue.record("decoded \(patch)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    struct Nest: Decodable { var next: [Nest]? }

    @Test func deepNestingFailsCleanly() {
        var v: JSONValue = [:]
        for _ in 0..<2000 { v = ["next": [v]] }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Nest.self, from: v) }
    }

    @Test func integersFromIntegralDoubles() throws {
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(4)) == 4)
        #expect(try JSONValueDecoder().decode(Double.self, from: .int(Int.max)) == Double(Int.max))
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: .double(1e30)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Bool.self, from: 1) }
    }

    struct Ordered: Codable {
        var zeta = 1; var alpha = [UInt64.max, 3]; var mid: [String: Bool] = ["k": true]; var last: [Int?] = [nil, 2]
    }

    @Test func encoderKeepsDeclarationOrderAndExactIntegers() throws {
        let v = try JSONValueEncoder().encode(Ordered())
        #expect(
            JSONPrinter.compact(v) == #"{"zeta":1,"alpha":[18446744073709551615,3],"mid":{"k":true},"last":[null,2]}"#
                || JSONPrinter.compact(v)
                    == #"{"zeta":1,"alpha":[1.8446744073709552e+19,3],"mid":{"k":true},"last":[null,2]}"#
        )
        #expect(v["zeta"].map { if case .int = $0 { true } else { false } } == true)
        #expect(try JSONValueEncoder().encode(Int.min) == .int(Int.min))
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == nil)
    }

    @Test func nonFiniteDoublesAreAnError() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([1, Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.infinity]) }
    }

    @Test func handlerOutputKeepsFieldOrder() async throws {
        struct In: Codable { var a: Int }
        struct Out: Codable { var z: Int; var y: Int; var x: Int }
        var d = TaskDispatcher()
        d.register(resource: "local:order") { (i: In) in Out(z: i.a, y: i.a + 1, x: i.a + 2) }
        let out = try await d.invoke(TaskRequest(resource: "local:order", stateName: "S", input: ["a": 1]))
        #expect(JSONPrinter.compact(out) == #"{"z":1,"y":2,"x":3}"#)
    }
}
