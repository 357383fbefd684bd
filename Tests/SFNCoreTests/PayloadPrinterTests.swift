import SFNCore
import SFNJSON
import Testing

/// `PayloadPrinter` prints exactly `JSONPrinter`'s compact bytes (plain) or those bytes as the
/// inside of a JSON string (escaped), whatever repeats between payloads and whatever was parsed.
struct PayloadPrinterTests {
    static let payloads: [JSONValue] = [
        .null, true, false, 0, -7, .int(Int.min), .int(Int.max), .double(2.5), .double(1e300), .double(-0.0),
        .double(.infinity), "", "plain", "q\"b\\s\n\t\u{1}\u{7f}é😀/", [], [:],
        ["i": 0, "n": 50000], ["i": 1, "n": 50000], ["n": 1, "i": -1],
        ["q\"k": "v", "b\\s": ["x": [1, 2.5, nil, true]], "": "e"],
        .object(JSONObject((0..<20).map { ("key\($0)", JSONValue.int($0 * 37 - 300)) })),
        .object(JSONObject((0..<20).map { ("other\($0)", JSONValue.string("v\"\($0)")) })),
        ["é": "ü\n", "i": .double(2.5), "n": .null, "deep": [["a": [["b": []]]]]],
    ]

    /// Parsed, lazily and not: a lazy object prints from its text, with its number forms.
    static func parsed() throws -> [JSONValue] {
        let texts = [
            #"{"a": 1e2, "b": "\u0041\/", "c": [1.50, {"d" : -0}], "e": 12345678901234567890123}"#,
            #"[{"x":1}, {"x" :2.0}, "s", 1E-3]"#,
        ]
        var values: [JSONValue] = []
        for text in texts {
            values.append(try JSONParser.parse(text))
            values.append(try JSONParser.parseLazily(bytes: Array(text.utf8)))
        }
        return values
    }

    @Test func plainIsWhatJSONPrinterPrints() throws {
        var printer = PayloadPrinter(escaped: false)
        let out = ByteBuffer()
        // Twice through: the second time, keys come from the printer's cache.
        for value in Self.payloads + (try Self.parsed()) + Self.payloads {
            out.removeAll()
            printer.write(value, to: out)
            var expected: [UInt8] = []
            JSONPrinter.write(value, into: &expected, indent: nil)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func escapedIsTheInsideOfTheJSONString() throws {
        var printer = PayloadPrinter(escaped: true)
        let out = ByteBuffer()
        for value in Self.payloads + Self.payloads {
            out.removeAll()
            printer.write(value, to: out)
            var quoted: [UInt8] = []
            JSONPrinter.writeString(JSONPrinter.compact(value), into: &quoted)
            let inside = String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
            #expect(String(decoding: out.bytes, as: UTF8.self) == inside)
        }
    }
}
