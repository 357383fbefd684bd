import SFNJSON
import Testing

@testable import SFNJSONPath

private let input: JSONValue = try! JSONParser.parse(
    """
    {"s": "a,b,,c", "n": 3, "d": 1.5, "arr": [1, 2, 2, "x", {"k": 1}, {"k": 1}], "o": {"a": 1, "b": [true, null]},
     "big": 10000000000.0, "small": 0.0001, "neg": -2.5, "t": "Hello {}", "empty": []}
    """)

/// `States.ArrayLength` around `levels - 1` nested `States.Array` calls.
private func nested(_ levels: Int) -> String {
    "States.ArrayLength(" + String(repeating: "States.Array(", count: levels - 2) + "States.Array()"
        + String(repeating: ")", count: levels - 1)
}

private func run(_ text: String, random: UInt64 = 0x0123_4567_89AB_CDEF) throws -> Result<
    JSONValue, PathExpressionFailure
> {
    let env = PathEnvironment(
        input: input, context: ["Execution": ["Name": "exec"]],
        variable: { $0 == "v" ? ["w": 7] : nil }, random: { random })
    return try IntrinsicCall(text).evaluate(in: env)
}

@Test(
    arguments: [
        ("States.Format('x={} y={}', $.n, $.d)", #""x=3 y=1.5""#),
        ("States.Format('{}', $.o)", #""{a=1, b=[true, null]}""#),
        ("States.Format('{}|{}', $.big, $.small)", #""1.0E10|1.0E-4""#),
        (#"States.Format('\{\} {} \'q\' \\', $.n)"#, #""{} 3 'q' \\""#),
        ("States.Format($.t, 'you')", #""Hello you""#),
        ("States.Format('no placeholders')", #""no placeholders""#),
        ("States.Format('{}', $v.w)", #""7""#),
        ("States.StringToJson('{\"a\":[1,2]}')", #"{"a":[1,2]}"#),
        ("States.StringToJson('')", "null"),
        ("States.JsonToString($.o)", #""{\"a\":1,\"b\":[true,null]}""#),
        ("States.Array(1, 'two', true, null, $.n)", #"[1,"two",true,null,3]"#),
        ("States.Array()", "[]"),
        ("States.ArrayPartition($.arr, 4)", #"[[1,2,2,"x"],[{"k":1},{"k":1}]]"#),
        ("States.ArrayPartition($.empty, 2)", "[]"),
        ("States.ArrayContains($.arr, 'x')", "true"),
        ("States.ArrayContains($.arr, $.o)", "false"),
        ("States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]"),
        ("States.ArrayRange(5, 1, -2)", "[5,3,1]"),
        ("States.ArrayRange(5, 1, 1)", "[]"),
        ("States.ArrayRange(0, 999, 1)", nil),
        ("States.ArrayGetItem($.arr, 3)", #""x""#),
        ("States.ArrayLength($.arr)", "6"),
        ("States.ArrayUnique($.arr)", #"[1,2,"x",{"k":1}]"#),
        ("States.Base64Encode('Data to encode')", #""RGF0YSB0byBlbmNvZGU=""#),
        ("States.Base64Encode('ab')", #""YWI=""#),
        ("States.Base64Decode('YWI=')", #""ab""#),
        ("States.Base64Decode('YQ')", #""a""#),
        ("States.Hash('', 'MD5')", #""d41d8cd98f00b204e9800998ecf8427e""#),
        ("States.Hash('abc', 'SHA-1')", #""a9993e364706816aba3e25717850c26c9cd0d89d""#),
        ("States.Hash('abc', 'SHA-256')", #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        (
            "States.Hash('abc', 'SHA-384')",
            #""cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7""#
        ),
        (
            "States.Hash('abc', 'SHA-512')",
            #""ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f""#
        ),
        ("States.JsonMerge($.o, States.StringToJson('{\"b\":2,\"c\":3}'), false)", #"{"a":1,"b":2,"c":3}"#),
        ("States.MathAdd($.n, -1)", "2"),
        ("States.MathAdd($.d, $.neg)", "0"),
        ("States.MathAdd(1.5, 1.51)", "4"),
        ("States.StringSplit($.s, ',')", #"["a","b","c"]"#),
        ("States.StringSplit('a.b+c', '.+')", #"["a","b","c"]"#),
        ("States.UUID()", #""01234567-89ab-4def-8123-456789abcdef""#),
        ("States.ArrayGetItem(States.StringSplit($$.Execution.Name, 'x'), 0)", #""e""#),
        (nested(10), "1"),
    ] as [(String, String?)])
func evaluatesIntrinsics(text: String, expected: String?) throws {
    let value = try run(text).get()
    if let expected {
        #expect(JSONPrinter.compact(value) == expected, "\(text)")
    } else {
        #expect(value.arrayValue?.count == 1000, "\(text)")
    }
}

@Test(arguments: [
    "States.Format('{} {}', 1)",
    "States.Format('{}', 1, 2)",
    "States.StringToJson('{bad')",
    "States.StringToJson($.n)",
    "States.ArrayPartition($.arr, 0)",
    "States.ArrayPartition($.o, 1)",
    "States.ArrayRange(0, 1000, 1)",
    "States.ArrayRange(0, 10, 0)",
    "States.ArrayRange(0.5, 10, 1)",
    "States.ArrayGetItem($.arr, 6)",
    "States.ArrayGetItem($.arr, -1)",
    "States.ArrayGetItem($.arr, 1.5)",
    "States.ArrayLength($.o)",
    "States.ArrayUnique('x')",
    "States.Base64Encode($.n)",
    "States.Base64Decode('***')",
    "States.Hash('x', 'SHA-2')",
    "States.Hash($.o, 'MD5')",
    "States.JsonMerge($.o, $.o, true)",
    "States.JsonMerge($.o, $.arr, false)",
    "States.MathAdd('1', 2)",
    "States.MathRandom(5, 5)",
    "States.StringSplit($.n, ',')",
])
func reportsIntrinsicFailures(text: String) throws {
    let result = try run(text)
    guard case .failure(.intrinsicFailure(let cause)) = result else {
        Issue.record("\(text) gave \(result)")
        return
    }
    #expect(cause.contains(try IntrinsicCall(text).name))
}

@Test func pathArgumentThatMatchesNothingIsAPathFailure() throws {
    let result = try run("States.Format('{}', $.missing)")
    #expect(
        result
            == .failure(
                .pathNotFound(
                    path: "$.missing",
                    failure: JSONPathFailure(message: "No results for path: $['missing']"))))
}

@Test(arguments: [
    "States.Nope()", "States.Format(", "States.Format('x'", "States.Format(1)", "States.UUID(1)",
    "States.MathAdd(1)", "States.Array('unterminated)", "States.Array($.a[)", "States.Array(1) extra",
    "States.Array(foo)", "Format('x')", "", nested(11),
])
func rejectsBadIntrinsicSyntax(text: String) {
    #expect(throws: JSONPathSyntaxError.self) { try IntrinsicCall(text) }
}

@Test func compilesExpressions() throws {
    guard case .path(let p) = try PathExpression.compile("$.a") else { Issue.record("not a path"); return }
    #expect(p.text == "$.a")
    guard case .intrinsic(let c) = try PathExpression.compile("States.UUID()") else {
        Issue.record("not a call"); return
    }
    #expect(c.name == "States.UUID")
    #expect(throws: JSONPathSyntaxError.self) { try PathExpression.compile("a.b") }
}

@Test(
    arguments: [
        (1.5, "1.5"), (1.0, "1.0"), (-0.0, "-0.0"), (100.0, "100.0"), (1234567.0, "1234567.0"),
        (1e7, "1.0E7"), (12345678.9, "1.23456789E7"), (0.001, "0.001"), (0.0001, "1.0E-4"),
        (1.25e-10, "1.25E-10"), (1e21, "1.0E21"), (123.456, "123.456"), (-3.5e100, "-3.5E100"),
    ] as [(Double, String)])
func formatsDoublesLikeJava(value: Double, expected: String) {
    #expect(JavaText.double(value) == expected)
}

@Test func javaRandomMatchesJava() {
    // java.util.Random(42).nextDouble() == 0.7275636800328681 (recorded from AWS's $random(42)).
    var r = JavaRandom(seed: 42)
    #expect(r.nextDouble() == 0.7275636800328681)
    var s = JavaRandom(seed: 42)
    #expect(s.nextInt(bound: 10) == 0)
}

@Test func seededMathRandomRepeatsAndStaysInRange() throws {
    let first = try run("States.MathRandom(10, 20, 7)", random: 1).get()
    let second = try run("States.MathRandom(10, 20, 7)", random: 99).get()
    #expect(first == second)
    let n = try #require(first.intValue)
    #expect(n >= 10 && n < 20)
}

@Test func uuidIsVersion4() throws {
    for seed in [UInt64(0), .max, 0xDEAD_BEEF] {
        let s = try #require(run("States.UUID()", random: seed).get().stringValue)
        #expect(s.count == 36)
        let chars = Array(s)
        #expect(chars[14] == "4")
        #expect("89ab".contains(chars[19]))
    }
}

@Test func listsReferencedPaths() throws {
    let e = try PathExpression.compile("States.Format('{} {}', $$.Execution.Name, States.ArrayLength($v.list))")
    #expect(e.referencedPaths.map(\.text) == ["$$.Execution.Name", "$v.list"])
    #expect(e.referencesContext)
    #expect(e.referencedPaths.map(\.root) == [.context, .variable("v")])
    #expect(try !PathExpression.compile("$.a").referencesContext)
    #expect(try PathExpression.compile("States.UUID()").referencedPaths.isEmpty)
}
