import SFNJSON
import Testing

@Suite struct JSONPrinterTests {
    @Test func compactHasNoSpaces() {
        let v: JSONValue = ["a": [1, 2.5, "x"], "b": nil, "c": true, "d": [:], "e": []]
        #expect(JSONPrinter.compact(v) == #"{"a":[1,2.5,"x"],"b":null,"c":true,"d":{},"e":[]}"#)
    }

    @Test func prettyIndentsByTwo() {
        let v: JSONValue = ["a": [1, ["b": nil]], "e": []]
        #expect(
            JSONPrinter.pretty(v) == """
                {
                  "a": [
                    1,
                    {
                      "b": null
                    }
                  ],
                  "e": []
                }
                """)
    }

    @Test(arguments: [
        ("quote\"", #""quote\"""#),
        ("back\\slash", #""back\\slash""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("é😀/", "\"é😀/\""),
    ])
    func escapesStrings(raw: String, printed: String) {
        #expect(JSONPrinter.compact(.string(raw)) == printed)
    }

    @Test(arguments: [Int.min, -1234567890123, -1, 0, 7, 10, 9_223_372_036_854_775_807])
    func printsIntegersExactly(i: Int) {
        #expect(JSONPrinter.compact(.int(i)) == String(i))
    }

    @Test func roundTripsThroughTheParser() throws {
        let text =
            #"{"s":"a\"\\\n😀","n":[0,-5,1.25,1e-7,12345678901234567],"o":{"z":{},"a":[[]]},"t":true,"f":false,"x":null}"#
        let v = try JSONParser.parse(text)
        let again = try JSONParser.parse(JSONPrinter.compact(v))
        #expect(again == v)
        #expect(try JSONParser.parse(JSONPrinter.pretty(v)) == v)
    }
}
