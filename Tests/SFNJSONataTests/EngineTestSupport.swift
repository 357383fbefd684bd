import SFNJSON
import Testing

@testable import SFNJSONata

/// Evaluates `expr` over `input` (JSON text, nil for no input) and renders the outcome as text:
/// compact JSON, "undefined", "function" or "error CODE".
func outcome(
    _ expr: String, _ input: String? = nil, aws: Bool = false,
    bindings: [String: JSONValue] = [:], environment: JSONataEnvironment = .init()
) -> String {
    do {
        let e = try JSONataExpression(expr, options: JSONataOptions(awsFunctions: aws))
        let value: JSONValue? = try input.map { try JSONParser.parse($0) }
        switch try e.evaluate(input: value, bindings: bindings, environment: environment) {
        case .undefined: return "undefined"
        case .function: return "function"
        case .value(let v): return JSONPrinter.compact(v)
        }
    } catch let error as JSONataError {
        return "error \(error.code)"
    } catch {
        return "bad input JSON"
    }
}

/// The error an expression raises, or nil.
func raised(_ expr: String, _ input: String? = nil, aws: Bool = false) -> JSONataError? {
    do {
        let e = try JSONataExpression(expr, options: JSONataOptions(awsFunctions: aws))
        let value: JSONValue? = try input.map { try JSONParser.parse($0) }
        _ = try e.evaluate(input: value)
        return nil
    } catch let error as JSONataError {
        return error
    } catch {
        return nil
    }
}

/// A table row: expression, input JSON (nil = no input) and expected outcome text.
struct Row: CustomTestStringConvertible, Sendable {
    let expr: String
    let input: String?
    let expected: String
    init(_ expr: String, _ input: String? = nil, _ expected: String) {
        self.expr = expr
        self.input = input
        self.expected = expected
    }
    var testDescription: String { expr }
}

/// The helpers' contract, which the table-driven suites rely on: each kind of outcome renders
/// differently, so a row expecting "undefined" can never pass on null or an error.
struct EngineTestSupportTests {
    @Test(arguments: [
        Row("missing", #"{"a": 1}"#, "undefined"),
        Row("null", nil, "null"),
        Row("function($x) { $x }", nil, "function"),
        Row("'a' + 1", nil, "error T2001"),
        Row("1 + 'a'", nil, "error T2002"),
        Row("$", "{not json", "bad input JSON"),
        Row("a", #"{"a": [1, "x"]}"#, #"[1,"x"]"#),
    ])
    func outcomesAreTold(row: Row) {
        #expect(outcome(row.expr, row.input) == row.expected)
    }

    @Test func raisedReportsTheCodeOrNothing() {
        #expect(raised("1 + 'a'")?.code == "T2002")
        #expect(raised("1 + 1") == nil)
        #expect(raised("$uuid()", aws: true) == nil)
    }
}
