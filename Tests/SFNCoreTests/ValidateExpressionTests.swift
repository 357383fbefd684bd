import SFNJSON
import Testing

@testable import SFNCore

// The light expression checks the validator relies on, and the whole-text entry point.

@Test(arguments: [
    ("$", true, true), ("$.a.b", true, true), ("$['a b'][0]", true, true), ("$$.Execution.Id", true, true),
    ("$var.x", true, true), ("$.a[*]", true, false), ("$..a", true, false), ("$.a[1:2]", true, false),
    ("$.a[?(@.b == 1)]", true, false), ("$.a['x','y']", true, false), ("$.a[-1]", true, false),
    ("a.b", false, false), ("$.", false, false), ("$...", false, false), ("$$23", false, false),
    ("$.a[", false, false), ("$.a[]", false, false), ("$.length()", false, false), ("", false, false),
])
func pathSyntax(_ text: String, _ valid: Bool, _ reference: Bool) {
    switch ExpressionChecker.path(text) {
    case .success(let p):
        #expect(valid, "'\(text)' should be rejected")
        #expect(p.isReferencePath == reference, "'\(text)' reference path")
    case .failure:
        #expect(!valid, "'\(text)' should parse")
    }
}

@Test(arguments: [
    ("States.Format('{} and {}', $.a, $$.b)", true), ("States.UUID()", true), ("States.Array()", true),
    ("States.MathAdd(States.ArrayLength($.a), -1)", true), ("States.StringSplit('a\\'b', ',')", true),
    ("States.MathRandom(1, 10, $seed)", true), ("States.JsonMerge($.a, $.b, false)", true),
    ("States.Nope(1)", false), ("States.UUID(1)", false), ("States.ArrayRange(1, 2)", false),
    ("States.MathAdd(1, '-1')", false), ("States.Format('x'", false), ("States.Format('x') extra", false),
    ("States.Format('unterminated)", false), ("States.Format($.a b)", false), ("States.Array(foo)", false),
    (String(repeating: "States.Array(", count: 11) + String(repeating: ")", count: 11), false),
])
func intrinsicSyntax(_ text: String, _ valid: Bool) {
    switch ExpressionChecker.intrinsic(text) {
    case .success: #expect(valid, "'\(text)' should be rejected")
    case .failure(let p): #expect(!valid, "'\(text)' should parse: \(p.reason)")
    }
}

@Test func intrinsicReportsVariablesRead() throws {
    let vars = try ExpressionChecker.intrinsic("States.Format('{}{}', $.a, $other)").get().variables
    #expect(vars == ["other"])
}

@Test(arguments: [
    ("$states.input.x", true), ("1 + 2 * 3", true), ("$sum([1, 2, 3])", true), ("{ 'a': 1, \"b\": [1, 2] }", true),
    ("($x := 1; $x + 1)", true), ("function($a) { $a * 2 }(3)", true),
    ("a.b[0].c", true), ("$.a ? 'y' : 'n'", true), ("$match('abc', /a(b)c/i)", true), ("/* c */ 1", true),
    ("$exists($states.input.moreData) ? $states.input.moreData : {}", true), ("-1", true), ("a.*.b", true),
    ("", false), ("1 +", false), ("10 + * 2", false), ("$sum(", false), ("(1))", false), ("420.", false),
    ("$.a[?(@.b < 10)]", false),
    // As in jsonata-js, `;` separates expressions only inside a block.
    ("$x := 1; $x + 1", false), ("'unterminated", false), ("/* open", false), ("[1, 2", false),
])
func jsonataSyntax(_ text: String, _ valid: Bool) {
    switch ExpressionChecker.jsonata(text) {
    case .success: #expect(valid, "'\(text)' should be rejected")
    case .failure(let p): #expect(!valid, "'\(text)' should parse: \(p.reason)")
    }
}

@Test func jsonataFreeVariablesSkipBindingsAndCalls() throws {
    let info = try ExpressionChecker.jsonata("($y := $x + 1; $sum([$y, $z]) ~> function($v) { $v }($w))").get().info
    #expect(info.freeVariables == ["x", "z", "w"])
}

@Test(
    arguments: [
        ("phone", ["phone"]), ("a.b + c", ["a", "c"]), ("$sum(items)", ["items"]), ("{'k': v}", ["v"]),
        ("[x, x]", ["x"]),
        ("`odd name`.x", ["odd name"]), ("$states.input.a.b", []), ("$x.items[price > 5].name", []),
        ("$states.input.{ 'n': name }", []), ("$map($x, function($v) { $v.a })", []), ("$x{ k: v }", []),
        ("true and null", []), ("$states.input.(a + b)", []),
    ] as [(String, [String])])
func jsonataTopLevelReferences(_ text: String, _ expected: [String]) throws {
    #expect(try ExpressionChecker.jsonata(text).get().info.topLevelReferences == expected)
}

@Test(arguments: [
    ("2016-03-14T01:59:00Z", true), ("2016-03-14T01:59:00.123Z", true), ("2016-03-14T01:59:00+01:00", true),
    ("2016-03-14", false), ("2016-03-14T01:59:00", false), ("tomorrow", false), ("2016-03-14T01:59:00.Z", false),
])
func timestampFormat(_ text: String, _ valid: Bool) {
    #expect(ValueChecks.isTimestamp(text) == valid)
}

@Test func jsonSyntaxErrorIsOneDiagnosticWithItsPosition() {
    let report = DefinitionValidator.validate(text: "{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}")
    #expect(report.diagnostics.count == 1)
    #expect(report.diagnostics.first?.code == "INVALID_JSON_DESCRIPTION")
    #expect(report.diagnostics.first?.location?.line == 3)
    #expect(!report.isValid)
}

@Test func emptyDefinitionIsMissingDescription() {
    let report = DefinitionValidator.validate(text: "  \n")
    #expect(report.diagnostics.map(\.code) == ["MISSING_DESCRIPTION"])
}

@Test func everyProblemIsReportedAtOnce() {
    let text = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "Missing", "Foo": 1},
          "B": {"Type": "Wait", "End": true},
          "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0}], "End": true}
        }}
        """
    let report = DefinitionValidator.validate(text: text)
    let pointers = Set(report.errors.map(\.pointer))
    for p in ["/States/A/Next", "/States/A/Foo", "/States/B", "/States/C", "/States/C/Retry/0/BackoffRate"] {
        #expect(pointers.contains(p), "missing \(p) in \(pointers)")
    }
}

@Test func validDefinitionsInBothLanguagesPass() {
    let jsonPath = """
        {"Comment": "c", "StartAt": "A", "TimeoutSeconds": 60, "Version": "1.0", "States": {
          "A": {"Type": "Pass", "Assign": {"n": 1, "m.$": "$.x"}, "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$n", "NumericGreaterThan": 0}, {"Not": {"Variable": "$.y", "IsNull": true}}], "Next": "D"}], "Default": "F"},
          "D": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "MaxConcurrency": 2,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "E", "States": {"E": {"Type": "Succeed"}}}, "End": true},
          "F": {"Type": "Fail", "ErrorPath": "States.Format('E{}', $m)", "Cause": "no"}
        }}
        """
    let jsonata = """
        {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
          "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"Payload": "{% $states.input %}"},
                "Output": "{% $states.result.Payload %}", "Assign": {"r": "{% $states.result %}"},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "B"}],
                "TimeoutSeconds": "{% 5 %}", "Next": "C"},
          "B": {"Type": "Fail", "Error": "{% 'E' %}"},
          "C": {"Type": "Choice", "Choices": [{"Condition": "{% $r > 1 %}", "Next": "D"}], "Default": "D"},
          "D": {"Type": "Succeed", "Output": "{% $r %}"}
        }}
        """
    for text in [jsonPath, jsonata] {
        let report = DefinitionValidator.validate(text: text)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { "\($0.pointer): \($0.message)" })")
    }
}
