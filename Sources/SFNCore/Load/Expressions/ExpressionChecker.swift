import SFNJSONPath
import SFNJSONata

/// The one place the load pass compiles an expression: the real compilers (SFNJSONPath,
/// SFNJSONata) answer, and their compiled value goes into the model. The only check of our own is
/// PathSyntax, for the paths Jayway's grammar takes but AWS refuses at definition time.
enum ExpressionChecker {
    /// Compiles a JSONPath (`$.a`, `$$.Execution.Id`, `$var.x`) that AWS accepts; the compiled path
    /// says its root and whether it is a reference path.
    static func path(_ text: String) -> Result<JSONPath, PathProblem> {
        if let problem = PathSyntax.problem(text) { return .failure(problem) }
        do { return .success(try JSONPath(text)) } catch { return .failure(PathProblem(error.message)) }
    }

    /// True when `text` looks like an attempt at an intrinsic call (so a failure is reported as such).
    static func looksLikeCall(_ text: String) -> Bool {
        text.hasPrefix("States.") && text.contains("(")
    }

    /// Compiles an intrinsic function call (the library checks names, arities and nesting, and says
    /// what AWS refuses at load time); each path argument must also be one AWS accepts. Also returns
    /// the variables it reads.
    static func intrinsic(_ text: String) -> Result<(variables: [String], call: IntrinsicCall), PathProblem> {
        let call: IntrinsicCall
        do { call = try IntrinsicCall(text) } catch { return .failure(PathProblem(error.message)) }
        if let problem = call.problemAtLoad { return .failure(PathProblem(problem)) }
        var variables: [String] = []
        for path in call.pathArguments {
            if let e = PathSyntax.problem(path.text) {
                return .failure(PathProblem("has an invalid path argument '\(path.text)': it \(e.reason)"))
            }
            if case .variable(let v) = path.root { variables.append(v) }
        }
        return .success((variables, call))
    }

    /// What a JSONata expression reads that the load pass checks: free variables and input reads.
    struct JSONataReads {
        /// `$name` reads not bound by `:=` or a lambda parameter, function calls excluded.
        var freeVariables: Set<String>
        /// Names that start a path with no context (`phone` in `{% phone %}`), each once.
        var topLevelReferences: [String]
        /// `$$`, the root of an input document Step Functions does not give JSONata.
        var readsRoot: Bool
    }

    /// Compiles the body of a `{% ... %}` JSONata string (spaces around it trimmed).
    static func jsonata(_ body: String) -> Result<(info: JSONataReads, expression: JSONataExpression), PathProblem> {
        do {
            let e = try JSONataExpression(body.trimmingSpaces(), options: .init(awsFunctions: true))
            let input = e.inputReads
            return .success(
                (
                    JSONataReads(
                        freeVariables: e.freeVariables, topLevelReferences: input.names,
                        readsRoot: input.readsRoot), e
                ))
        } catch {
            return .failure(PathProblem(error.message))
        }
    }
}
