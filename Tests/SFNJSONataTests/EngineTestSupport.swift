import SFNJSON
@testable import SFNJSONata

/// Evaluates `expr` over `input` (JSON text, nil for no input) and renders the outcome as text:
/// compact JSON, "undefined", "function" or "error CODE".
func outcome(_ expr: String, _ input: String? = nil, aws: Bool = false,
             bindings: [String: JSONValue] = [:], environment: JSONataEnvironment = .init()) -> String {
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

import Testing
