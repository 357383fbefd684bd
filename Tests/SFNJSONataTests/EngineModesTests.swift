import SFNJSON
import Testing

@testable import SFNJSONata

/// AWS mode, errors and their messages, limits, free variables and robustness.
@Suite struct EngineModesTests {
    static let aws: [Row] = [
        Row("$partition([1,2,3,4,5], 2)", nil, "[[1,2],[3,4],[5]]"),
        Row("$range(0, 9, 3)", nil, "[0,3,6,9]"),
        Row("$range(1, 9, 9)", nil, "1"),
        Row("$range(0, 10, 3)", nil, "[0,3,6,9]"),
        Row("$partition([0], 5)", nil, "[[0]]"),
        Row("$partition([0,1,2,3], 3)", nil, "[[0,1,2],[3]]"),
        Row("$parse('-0')", nil, "0"),
        Row("$parse('[1, 2, \"HelloWorld\"]')", nil, #"[1,2,"HelloWorld"]"#),
        Row("$hash('abc', 'MD5')", nil, #""900150983cd24fb0d6963f7d28e17f72""#),
        Row("$hash('abc', 'SHA-1')", nil, #""a9993e364706816aba3e25717850c26c9cd0d89d""#),
        Row("$hash('abc', 'SHA-256')", nil, #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        Row(
            "$hash('abc', 'SHA-384')", nil,
            #""cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7""#),
        Row(
            "$hash('abc', 'SHA-512')", nil,
            #""ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f""#
        ),
        Row("$hash('', 'SHA-256')", nil, #""e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""#),
        Row("$parse('{\"a\":[1,2]}')", nil, #"{"a":[1,2]}"#),
        Row("$random(7) = $random(7)", nil, "true"),
        Row("$eval('1')", nil, "error T1006"),
        Row("$randomSeeded(1)", nil, "error T1006"),
    ]

    @Test(arguments: aws) func awsFunctions(_ row: Row) {
        #expect(outcome(row.expr, row.input, aws: true) == row.expected)
    }

    @Test func uuidIsVersion4() throws {
        let text = outcome("$uuid()", aws: true)
        let chars = Array(text.dropFirst().dropLast())
        #expect(chars.count == 36)
        #expect(chars[14] == "4")
        #expect("89ab".contains(chars[19]))
        #expect(chars[8] == "-" && chars[13] == "-" && chars[18] == "-" && chars[23] == "-")
    }

    @Test func awsExtrasAbsentInStandardMode() {
        #expect(outcome("$partition([1], 1)") == "error T1006")
        #expect(outcome("$hash('a', 'MD5')") == "error T1006")
    }

    static let messages: [(String, String)] = [
        ("'a' + 1", #"The left side of the "+" operator must evaluate to a number"#),
        ("$substring('a', 'b')", #"Argument 2 of function "substring" does not match function signature"#),
        ("1 < 'a'", #"The values 1 and "a" either side of operator "<" must be of the same data type"#),
        ("$undefinedFn()", "Attempted to invoke a non-function"),
        ("sum(1)", "Attempted to invoke a non-function. Did you mean $sum?"),
        ("$number('x')", #"Unable to cast value to a number: "x""#),
        ("$error('custom')", "custom"),
        ("(", "Expected \")\" before end of expression"),
        ("\"abc", "String literal must be terminated by a matching quote"),
    ]

    @Test(arguments: messages) func errorMessages(_ c: (String, String)) {
        #expect(raised(c.0)?.message == c.1)
    }

    @Test func errorCarriesPositionAndToken() throws {
        let e = try #require(raised("1 + 'x'"))
        #expect(e.code == "T2002")
        #expect(e.token == "+")
        #expect(e.position != nil)
        #expect(e.description.hasPrefix("T2002: "))
    }

    @Test func undefinedVersusNull() {
        #expect(outcome("$", "null") == "null")
        #expect(outcome("$") == "undefined")
        #expect(outcome("x", "null") == "undefined")
    }

    @Test func bindingsBecomeVariables() {
        #expect(outcome("$x + $y", bindings: ["x": 1, "y": 2]) == "3")
        #expect(outcome("$states.input.a", bindings: ["states": ["input": ["a": "v"]]]) == #""v""#)
    }

    @Test func tailCallsRunInConstantDepth() {
        let expr = "($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(5000, 0))"
        #expect(outcome(expr, environment: JSONataEnvironment(maxDepth: 200)) == "5000")
    }

    @Test func runawayRecursionStopsWithU1001() {
        let expr = "($f := function($n){ 1 + $f($n + 1) }; $f(0))"
        #expect(outcome(expr, environment: JSONataEnvironment(maxDepth: 300)) == "error U1001")
    }

    @Test func defaultDepthLimitFitsInATaskStack() async {
        let expr = "($f := function($n){ 1 + $f($n + 1) }; $f(0))"
        let r = await Task.detached { outcome(expr) }.value
        #expect(r == "error U1001")
        let deepData = "($f := function($n){ $n = 0 ? 'end' : {'a': $f($n - 1)} }; $contains($string($f(300)), 'end'))"
        #expect(await Task.detached { outcome(deepData) }.value == "true")
    }

    @Test func deepRecursionMovesToALargeStack() async {
        let expr = "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(3000))"
        let r = await Task.detached { outcome(expr, environment: JSONataEnvironment(maxDepth: 20_000)) }.value
        #expect(r == "3000")
    }

    @Test func timeLimitStopsWithU1001() {
        let expr = "($f := function($n){ $n = -1 ? 0 : $f($n + 1) }; $f(0))"
        #expect(outcome(expr, environment: JSONataEnvironment(maxDepth: 100_000, timeLimitMillis: 50)) == "error U1001")
    }

    @Test func nowIsFixedAndInjected() {
        let env = JSONataEnvironment(nowMillis: { 86_400_000 })
        #expect(outcome("$now()", environment: env) == #""1970-01-02T00:00:00.000Z""#)
        #expect(outcome("$millis() = $millis()", environment: env) == "true")
    }

    static let free: [(String, Set<String>)] = [
        ("$states.input.x", ["states"]),
        ("($a := 1; $a + $b)", ["b"]),
        ("function($x){ $x + $y }", ["y"]),
        ("$sum($nums) & $string(1)", ["nums"]),
        ("items#$i[$i > $limit]", ["limit"]),
        ("$$ & $", []),
    ]

    @Test(arguments: free) func freeVariables(_ c: (String, Set<String>)) throws {
        #expect(try JSONataExpression(c.0).freeVariables == c.1)
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(raised(deep) != nil)
        let deepArray = String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)
        #expect(raised(deepArray) != nil)
    }

    @Test func malformedExpressionsNeverCrash() {
        let pieces = [
            "$", "a", ".", "[", "]", "(", ")", "{", "}", ":", ",", "1", "'s'", "+", "-", "*", "/", "%",
            "~>", "?", "@", "#", "^(", "|", "function", "$x:=", "..", "=", "<", "/r/", "**", "&", "`q`", ";",
            "\"", "λ", "<s-:s>", "?:", "!=", "in", "and", "//", "[0]", "{a:1}", "$f(", "[1..3]", "^(>a)",
            "@$x", "#$i", "|a|{}|", "function($a){$a}", "\u{1234}", "..1",
        ]
        var seed: UInt64 = 0x1234_5678
        var errors = 0
        var results = 0
        for _ in 0..<5000 {
            var expr = ""
            let n = Int(seed % 9) + 1
            for _ in 0..<n {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                expr += pieces[Int((seed >> 33) % UInt64(pieces.count))]
            }
            let limits = JSONataEnvironment(maxDepth: 200, timeLimitMillis: 200)
            let o = outcome(expr, #"{"a":[1,{"b":2}]}"#, environment: limits)
            #expect(Self.isWellFormed(o), "\(expr) gave \(o)")
            if o.hasPrefix("error ") { errors += 1 } else { results += 1 }
        }
        // Both paths were exercised: most soups fail to parse, some evaluate.
        #expect(errors > 1000 && results > 100, "\(errors) errors, \(results) results")
    }

    /// An outcome is a JSON value, undefined, a function or a JSONata error code (a letter and four
    /// digits): never anything else, such as an input that did not parse.
    static func isWellFormed(_ o: String) -> Bool {
        if o == "undefined" || o == "function" { return true }
        if o.hasPrefix("error ") {
            let code = Array(o.dropFirst(6).utf8)
            return code.count == 5 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(code[0])
                && code.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        return (try? JSONParser.parse(o)) != nil
    }

    @Test func hostileArgumentsDoNotCrash() {
        let matcher = "function($s){ {'match': 'b', 'start': -5, 'end': 1e300, 'groups': []} }"
        for expr in [
            "$split('abc', \(matcher))", "$replace('abc', \(matcher), 'x')", "$match('abc', /b/, 1e300)",
            "$replace('abc', 'b', 'x', 1e300)", "$substring('abc', -1e300, 1e300)", "$random(1e300)",
            "$formatBase(1e300, 36)", "$pad('a', -1e300)", "[1..1e300]", "$round(1e300, 400)",
        ] {
            let o = outcome(expr, aws: true)
            #expect(Self.isWellFormed(o), "\(expr) gave \(o)")
        }
        #expect(outcome("$match('abc', /b/, 1e300).match") == #""b""#)
    }

    @Test func concurrentEvaluationOfOneExpression() async throws {
        let e = try JSONataExpression("$sum(n.($ * 2))")
        let input: JSONValue = ["n": [1, 2, 3]]
        try await withThrowingTaskGroup(of: JSONataResult.self) { group in
            for _ in 0..<8 { group.addTask { try e.evaluate(input: input) } }
            for try await r in group { #expect(r == .value(12)) }
        }
    }
}
