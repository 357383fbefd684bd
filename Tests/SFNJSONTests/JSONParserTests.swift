import SFNJSON
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#"{"a": 1, "b": -2.5, "c": "x", "d": [true, false, null], "e": {}}"#)
        #expect(v["a"] == .int(1))
        #expect(v["b"] == .double(-2.5))
        #expect(v["c"] == .string("x"))
        #expect(v["d"] == .array([.bool(true), .bool(false), .null]))
        #expect(v["e"] == .object([:]))
    }

    @Test func keepsObjectKeyOrder() throws {
        let v = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(v.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONPrinter.compact(v) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func keepsIntegersExactAndApartFromDoubles() throws {
        let v = try JSONParser.parse("[9007199254740993, 1.0, 1, -9223372036854775808, 1e2]")
        guard case .array(let a) = v else { Issue.record("not an array"); return }
        #expect(a[0] == .int(9_007_199_254_740_993))
        if case .double(let d) = a[1] { #expect(d == 1.0) } else { Issue.record("1.0 must stay a double") }
        if case .int(let i) = a[2] { #expect(i == 1) } else { Issue.record("1 must be an int") }
        #expect(a[3] == .int(Int.min))
        if case .double(let d) = a[4] { #expect(d == 100) } else { Issue.record("1e2 is a double") }
    }

    @Test func integerOverflowFallsBackToDouble() throws {
        let v = try JSONParser.parse("18446744073709551616")
        #expect(v == .double(18446744073709551616.0))
    }

    @Test func booleansAreNeverNumbers() throws {
        let v = try JSONParser.parse("[true, 1]")
        #expect(v[0] != v[1])
        #expect(v[0]?.isNumber == false)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00"]"#)
        #expect(v[0] == .string("a\"b\\c/d\n\té😀"))
    }

    @Test(arguments: [
        ("", 1, 1, "unexpected end of input"),
        ("{", 1, 2, "unexpected end of input"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("[1,]", 1, 4, "expected a JSON value"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\"a\":1,}", 1, 8, "expected a member name"),
        ("\n\n  tru", 3, 3, "invalid literal"),
        ("01", 1, 1, "leading zeros"),
        ("1.", 1, 3, "expected a digit after '.'"),
        ("\"abc", 1, 1, "unterminated string"),
        ("\"a\u{01}\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 2, "invalid escape"),
        ("\"\\ud800\"", 1, 2, "unpaired high surrogate"),
        ("\"\\udc00\"", 1, 2, "unpaired low surrogate"),
        ("{} x", 1, 4, "after the JSON value"),
        ("[\"é\", x]", 1, 7, "expected a JSON value"),
    ])
    func reportsErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected a parse error for \(text.debugDescription)")
        } catch {
            #expect(error.line == line, "line for \(text.debugDescription): \(error)")
            #expect(error.column == column, "column for \(text.debugDescription): \(error)")
            #expect(error.message.contains(message), "message for \(text.debugDescription): \(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("100,000 nested arrays must be rejected")
        } catch {
            #expect(error.message.contains("nesting"))
        }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
    }

    @Test func recordsLocationsByPointer() throws {
        let text = """
            {
              "StartAt": "A",
              "States": {
                "A/B": {"Type": "Pass", "End": true},
                "list": [1, {"x": 2}]
              }
            }
            """
        let (_, locations) = try JSONParser.parseWithLocations(text)
        #expect(locations.location(of: "/StartAt") == SourceLocation(line: 2, column: 3))
        #expect(locations.location(of: "/States/A~1B/Type") == SourceLocation(line: 4, column: 13))
        #expect(locations.location(of: "/States/list/1/x") == SourceLocation(line: 5, column: 18))
        // An unrecorded pointer falls back to its nearest ancestor.
        #expect(locations.location(of: "/States/A~1B/Next") == SourceLocation(line: 4, column: 5))
    }
}
