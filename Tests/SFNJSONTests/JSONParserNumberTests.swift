import Foundation
import Testing

@testable import SFNJSON

/// The parser's own number conversion against the standard library's correctly rounded
/// `Double(String)`, and its short-string table against plain String construction.
@Suite struct JSONParserNumberTests {
    /// The double the parser reads for `text`, eager and lazy alike; nil for an error.
    static func parsed(_ text: String) -> JSONValue? {
        let eager = try? JSONParser.parse(text)
        let lazy = try? JSONParser.parseLazily(bytes: Array("[\(text)]".utf8))
        #expect(lazy?[0] == eager, "lazy and eager differ for \(text)")
        return eager
    }

    static func expectExact(_ text: String) {
        let expected = Double(text)!
        guard expected.isFinite else {
            #expect(parsed(text) == nil, "\(text) is out of range")
            return
        }
        guard case .double(let d)? = parsed(text) else {
            Issue.record("\(text) did not parse as a double")
            return
        }
        #expect(d.bitPattern == expected.bitPattern, "\(text): \(d) instead of \(expected)")
    }

    @Test(arguments: [
        // Halfway between two doubles, and just either side of it.
        "9007199254740993.0", "9007199254740993.0000000000000001", "9007199254740992.9999999999999999",
        "9007199254740995.0", "2.0000000000000003", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        // Subnormals, the smallest and largest doubles, and past them.
        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "5e-324",
        "2.2250738585072011e-308", "2.2250738585072014e-308",
        "2.225073858507201136057409796709131975934819546351645648e-308",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "1e-400",
        // Long mantissas, large and small exponents, Clinger's edges.
        "1e22", "1e23", "9007199254740992e22", "9007199254740993e22", "9007199254740992e-22", "123456789012345678e-5",
        "0.1", "0.3", "-0.0", "0.0e10", "0e-999999", "1234567890123456789012345678901234567890e-30",
        "8.98846567431158e307", "0.000000000000000000000000000000000000000000001e300", "7.038531e-26",
        "1e+5", "1E-5", "12.5E-3", "-12.5e+3", "3.14159265358979323846264338327950288",
    ])
    func hardCasesAreCorrectlyRounded(text: String) {
        Self.expectExact(text)
    }

    @Test func randomDecimalsAreCorrectlyRounded() {
        var rng = SplitMix(seed: 18)
        for _ in 0..<20_000 {
            let digits = 1 + Int(rng.next() % 25)
            var text = rng.next() % 2 == 0 ? "-" : ""
            var mantissa = String(1 + rng.next() % 9)
            for _ in 1..<digits { mantissa += String(rng.next() % 10) }
            let point = Int(rng.next() % UInt64(digits + 1))
            let exponent = rng.next() % 3 != 0
            if point == 0 || point == digits {
                // Digits alone are an integer, not a double: a point or an exponent makes it one.
                text += mantissa
                if !exponent || point == 0 { text += ".0" }
            } else {
                text += String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            }
            if exponent { text += "e" + String(Int(rng.next() % 700) - 350) }
            Self.expectExact(text)
        }
    }

    @Test func printedDoublesReadBackToThemselves() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            Self.expectExact(d.description)
        }
    }

    @Test func integersComeStraightFromTheirDigits() {
        #expect(Self.parsed("0") == .int(0))
        #expect(Self.parsed("-0") == .int(0))
        #expect(Self.parsed("9223372036854775807") == .int(Int.max))
        #expect(Self.parsed("-9223372036854775808") == .int(Int.min))
        #expect(Self.parsed("9223372036854775808") == .bigInt("9223372036854775808"))
        #expect(Self.parsed("-9223372036854775809") == .bigInt("-9223372036854775809"))
        #expect(Self.parsed("9999999999999999999") == .bigInt("9999999999999999999"))
        #expect(Self.parsed("12345678901234567890123") == .bigInt("12345678901234567890123"))
        var rng = SplitMix(seed: 3)
        for _ in 0..<10_000 {
            let n = Int(bitPattern: UInt(rng.next())) >> Int(rng.next() % 64)
            #expect(Self.parsed(String(n)) == .int(n))
        }
    }

    @Test func shortStringsFromTheTableAreTheStringsTheirBytesSpell() throws {
        // More strings than a parser reads before it makes its table, of every short length,
        // repeated (hits) and colliding (misses), near the end of the text and away from it.
        var words: [String] = []
        for length in 0...20 {
            for k in 0..<40 { words.append(String(String(repeating: "ab\(k)cd", count: 8).prefix(length))) }
        }
        let all = words + words.reversed() + ["é", "aé", "\u{7F}", "x\ny", "tail"]
        let text =
            "[" + all.map { "\"\($0.replacingOccurrences(of: "\n", with: "\\n"))\"" }.joined(separator: ",") + "]"
        let value = try JSONParser.parse(text)
        #expect(value == .array(all.map { .string($0) }))
        let keys =
            "{" + words.enumerated().map { "\"\($0.element)\($0.offset)\":\($0.offset)" }.joined(separator: ",") + "}"
        let object = try #require(JSONParser.parse(keys).objectValue)
        #expect(object.keys == words.enumerated().map { "\($0.element)\($0.offset)" })
    }
}

extension JSONParserNumberTests {
    @Test func shortStringsInTheLibrarysSmallFormEqualTheStringsItBuilds() throws {
        var rng = SplitMix(seed: 15)
        for _ in 0..<5_000 {
            let length = 1 + Int(rng.next() % 15)
            let bytes = (0..<length).map { _ in UInt8(rng.next() % 0x80) }
            let built = String(decoding: bytes, as: UTF8.self)
            let text = "[" + JSONPrinter.compact(.string(built)) + "]"
            #expect(try JSONParser.parse(text) == .array([.string(built)]))
            guard StringTable.smallStringForm else { continue }
            let (low, high) = bytes.withUnsafeBufferPointer {
                StringTable.words($0.baseAddress!, length, readable: length)
            }
            let small = StringTable.smallString(low, high, length)
            #expect(small == built)
            #expect(Array(small.utf8) == bytes)
            #expect(small.hashValue == built.hashValue)
        }
    }
}

/// A small seeded generator, so a failure can be run again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
