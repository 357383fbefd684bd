import SFNCore
import Testing

@testable import SFNGraph

/// The short texts on boxes and edges.
struct StateTextTests {
    static func choice(_ rules: String, language: String = "JSONPath") throws -> ChoiceState {
        let text = """
            {"QueryLanguage": "\(language)", "StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [\(rules)], "Default": "E"}, "E": {"Type": "Succeed"}}}
            """
        let machine = try StateMachine.load(text).machine
        guard case .choice(let c) = machine.definition.graph.states[0].kind else { throw Unexpected() }
        return c
    }

    struct Unexpected: Error {}

    @Test func choiceRulesInShortForm() throws {
        let c = try Self.choice(
            """
            {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "E"},
            {"Not": {"Variable": "$.kind", "StringEquals": "x"}, "Next": "E"},
            {"Or": [{"Variable": "$.a", "IsPresent": false}, {"Variable": "$.b", "BooleanEquals": true}], "Next": "E"},
            {"Variable": "$.name", "StringMatches": "report-*.csv", "Next": "E"},
            {"Variable": "$.customer.address.postcode", "StringEqualsPath": "$.expected.postcode", "Next": "E"}
            """)
        let texts = c.choices.map { StateText.rule($0.condition) }
        #expect(texts[0] == "$.total > 100")
        #expect(texts[1] == "!($.kind == \"x\")")
        #expect(texts[2] == "$.a is absent || $.b == true")
        #expect(texts[3] == "$.name like \"report-*.csv\"")
        #expect(texts[4].count == 40 && texts[4].hasSuffix("…"))
    }

    @Test func jsonataConditions() throws {
        let c = try Self.choice(#"{"Condition": "{% $states.input.x = 1 %}", "Next": "E"}"#, language: "JSONata")
        #expect(StateText.rule(c.choices[0].condition) == "{% $states.input.x = 1 %}")
    }

    @Test func resourcesByShortName() {
        #expect(StateText.resource("arn:aws:states:::lambda:invoke") == "lambda:invoke")
        #expect(StateText.resource("arn:aws:states:::aws-sdk:dynamodb:putItem") == "dynamodb:putItem")
        #expect(StateText.resource("arn:aws:lambda:us-east-1:123456789012:function:QuoteOrder") == "lambda: QuoteOrder")
        #expect(StateText.resource("shell:./build.sh") == "shell: ./build.sh")
        #expect(
            StateText.resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken")
                == "sqs:sendMessage.waitForTaskToken")
    }

    @Test func waitDurations() {
        #expect(StateText.seconds(10) == "10s")
        #expect(StateText.seconds(90) == "1m 30s")
        #expect(StateText.seconds(7200) == "2h")
    }

    @Test func longNamesWrapAtWordsAndFitTheirBoxes() {
        #expect(
            TextMetrics.wrap("ValidateTheIncomingOrderAndReserveStock") == [
                "ValidateTheIncomingOrderAnd", "ReserveStock",
            ])
        #expect(TextMetrics.wrap("short") == ["short"])
        let lines = TextMetrics.wrap(String(repeating: "x", count: 200))
        #expect(lines.count == 3 && lines.allSatisfy { $0.count <= 30 })
        #expect(TextMetrics.width("abc", fontSize: 10) >= 3 * 6)
        #expect(TextMetrics.width("日本", fontSize: 10) >= 20)
    }
}
