import SFNCore
import SFNJSON
import SFNJSONPath
import SFNJSONata

/// `sfn eval EXPRESSION`: one JSONata expression (or, with --jsonpath, a path or intrinsic call)
/// evaluated as a state evaluates it, with `$states.input`, `$states.context` and variables.
/// It runs as the Output (or Parameters) of a Pass state through TestState, so what it prints
/// is what a state would compute, errors included.
enum EvalCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: ["--jsonpath", "--pretty", "--compact", "--help", "-h"],
                values: ["--input", "--variables", "--context"])
        } catch {
            Console.error("sfn eval: \(error)\n\n\(Usage.eval)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.eval)
            return 0
        }
        guard args.positional.count == 1, let expression = args.positional.first else {
            Console.error("sfn eval: expected exactly one EXPRESSION\n\n\(Usage.eval)")
            return 2
        }
        var request: TestStateRequest
        switch TestStateCommand.makeRequest(args) {
        case .success(let r): request = r
        case .failure(let f):
            Console.error("sfn eval: \(f)")
            return 2
        }
        request.stateName = "Eval"
        let jsonPath = args.has("--jsonpath")
        var text = expression
        if !jsonPath {
            // Accept the expression with or without its {% %} markers.
            let trimmed = expression.trimmingWhitespace
            if trimmed.hasPrefix("{%") && trimmed.hasSuffix("%}") && trimmed.count >= 4 {
                text = String(trimmed.dropFirst(2).dropLast(2))
            }
        }
        if let problem = syntaxProblem(text, jsonPath: jsonPath) {
            Console.error(problem)
            return 1
        }
        let state: JSONValue =
            jsonPath
            ? ["Type": "Pass", "Parameters": ["value.$": .string(text)], "OutputPath": "$.value", "End": true]
            : ["Type": "Pass", "QueryLanguage": "JSONata", "Output": .string("{%" + text + "%}"), "End": true]
        let response: TestStateResponse
        do {
            let (machine, name) = try StateMachine.loadForTestState(state, stateName: "Eval")
            request.stateName = name
            response = try await machine.testState(request)
        } catch let e as DefinitionError {
            Console.error(e.diagnostics.map { "error: \($0.message)" }.joined(separator: "\n"))
            return 1
        } catch {
            Console.error("sfn eval: \(error)")
            return 2
        }
        guard response.status == .succeeded else {
            Console.error("error: \(response.error ?? "States.Runtime"): \(response.cause ?? "")")
            return 1
        }
        let pretty = args.has("--pretty") || (!args.has("--compact") && Console.stdoutIsTerminal)
        Console.outJSON(response.output ?? .null, pretty: pretty)
        return 0
    }

    /// A syntax error with its code and a caret under its position, or nil.
    static func syntaxProblem(_ text: String, jsonPath: Bool) -> String? {
        let message: String
        let offset: Int?
        if jsonPath {
            do {
                _ = try PathExpression.compile(text)
                return nil
            } catch {
                message = "error: States.Runtime: \(error.message)"
                offset = error.offset
            }
        } else {
            do {
                _ = try JSONataExpression(text)
                return nil
            } catch {
                message = "error: States.QueryEvaluationError: \(error.code): \(error.message)"
                offset = error.position
            }
        }
        guard let offset else { return message }
        // JSONata reports the offset just past the token; a caret under its last character reads best.
        let column = max(0, min(text.count, jsonPath ? offset : offset - 1))
        return message + "\n  " + text + "\n  " + String(repeating: " ", count: column) + "^"
    }
}

extension String {
    var trimmingWhitespace: String {
        let chars = Array(self)
        var start = 0
        var end = chars.count
        while start < end && chars[start].isWhitespace { start += 1 }
        while end > start && chars[end - 1].isWhitespace { end -= 1 }
        return String(chars[start..<end])
    }
}
