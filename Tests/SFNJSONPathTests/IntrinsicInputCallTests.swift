import SFNJSON
import Testing

@testable import SFNJSONPath

/// A call made ready for many inputs (IntrinsicInputCall, what a Map's fused iterations use) must
/// give exactly what the call gives through a path environment, and nothing where that fails.
struct IntrinsicInputCallTests {
    static let input: JSONValue = try! JSONParser.parse(
        """
        {"id": 99999, "neg": -42, "min": -9223372036854775808, "max": 9223372036854775807, "zero": 0,
         "s": "héllo ✓", "long": "a string longer than fifteen bytes", "d": 2.5, "b": true, "o": {"k": [1]},
         "arr": [3, 1, 3], "n": null, "t": "x{}\\\\", "big": "\(String(repeating: "z", count: 300))"}
        """)

    static let calls = [
        "States.Format('item-{}', $.id)", "States.Format('{}', $.neg)", "States.Format('{}|{}', $.min, $.max)",
        "States.Format('[{}]', $.s)", "States.Format('[{}] and', $.long)", "States.Format('✓{}✓', $.id)",
        "States.Format('{}', $.d)", "States.Format('{}', $.b)", "States.Format('{}', $.o)",
        "States.Format('{}', $.n)", "States.Format('{}', $.arr)", #"States.Format('\{\}{}\\', $.id)"#,
        #"States.Format('a\nb{}', $.id)"#, #"States.Format('\'{}\'', $.s)"#, "States.Format('{ } {}', $.id)",
        "States.Format('')", "States.Format('{}', '')", "States.Format('{} {}', $.id)",
        "States.Format('{}', $.id, $.id)", "States.Format('x', $.s)", "States.Format('{}', $.missing)",
        "States.Format($.t, $.id)", "States.Format($.id, $.id)", "States.Format('{}', $.big)",
        "States.Format('{}{}', $.big, $.big)", "States.MathAdd($.id, 1)", "States.MathAdd($.d, $.neg)",
        "States.MathAdd($.max, 1)", "States.MathAdd($.s, 1)", "States.MathAdd($.missing, 1)",
        "States.ArrayLength($.arr)", "States.ArrayGetItem($.arr, 1)", "States.ArrayGetItem($.arr, 9)",
        "States.ArrayContains($.arr, 3)", "States.ArrayUnique($.arr)", "States.Array($.id, $.s, $.o)",
        "States.Array()", "States.ArrayRange(1, $.id, 1)", "States.ArrayRange(1, 9, 2)",
        "States.JsonToString($.o)", "States.StringToJson(States.JsonToString($.o))",
        "States.Format('{}-{}', States.MathAdd($.id, 1), States.ArrayLength($.arr))", "States.Hash($.s, 'SHA-1')",
        "States.Base64Encode($.s)", "States.StringSplit('a,b,c', ',')", "States.JsonMerge($.o, $.o, false)",
        "States.ArrayPartition($.arr, 2)", "States.Format('{}', $.arr[*])", "States.ArrayLength($.arr[?(@ > 1)])",
    ]

    @Test(arguments: calls, [Int.max, 1_000_000, 100, 30])
    func givesWhatTheEnvironmentGives(text: String, maxBytes: Int) throws {
        let call = try IntrinsicCall(text)
        var env = PathEnvironment(input: Self.input)
        env.maxBytes = maxBytes
        let expected: JSONValue? =
            switch call.evaluate(in: env) {
            case .success(let v): v
            case .failure: nil
            }
        let ready = try #require(IntrinsicInputCall(call), "\(text)")
        #expect(ready.evaluate(Self.input, maxBytes: maxBytes) == expected, "\(text) with \(maxBytes)")
    }

    @Test(arguments: [
        "States.Format('{}', $$.Execution.Id)", "States.MathAdd($x, 1)", "States.UUID()",
        "States.MathRandom(1, 9)", "States.Format('{}', States.UUID())",
    ])
    func callsReadingMoreThanTheInputAreNotMadeReady(text: String) throws {
        #expect(IntrinsicInputCall(try IntrinsicCall(text)) == nil, "\(text)")
    }

    @Test func aTemplateIsSplitAtItsPlaceholdersWithItsEscapesResolved() {
        let t = FormatTemplate(#"a\{{}\}\\b{}c\"#)
        #expect(t.runs.map { String(decoding: $0, as: UTF8.self) } == [#"a{"#, #"}\b"#, #"c\"#])
        #expect(t.placeholders == 2)
        #expect(t.text(.int(1)) == nil)  // two placeholders: the general way formats it
        #expect(FormatTemplate("id-{}!").text(.int(-7)) == "id--7!")
        #expect(FormatTemplate("id-{}!").text(.string("✓")) == "id-✓!")
        #expect(FormatTemplate("id-{}!").text(.double(1)) == nil)
    }
}
