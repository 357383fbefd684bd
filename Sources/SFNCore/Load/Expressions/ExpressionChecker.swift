import SFNJSONPath
import SFNJSONata

/// The one place the load pass compiles an expression: the real compilers (SFNJSONPath,
/// SFNJSONata) have the last word and their compiled value goes into the model; the light syntax
/// checks kept here add AWS's classification (reference paths, top-level JSONata names).
enum ExpressionChecker {
    /// Compiles a JSONPath (`$.a`, `$$.Execution.Id`, `$var.x`).
    static func path(_ text: String) -> Result<(syntax: PathSyntax, path: JSONPath), PathProblem> {
        switch PathSyntax.parse(text) {
        case .failure(let p): return .failure(p)
        case .success(let syntax):
            do { return .success((syntax, try JSONPath(text))) } catch { return .failure(PathProblem(error.message)) }
        }
    }

    /// Compiles an intrinsic function call; also returns the variables it reads.
    static func intrinsic(_ text: String) -> Result<(variables: [String], call: IntrinsicCall), PathProblem> {
        switch IntrinsicSyntax.check(text) {
        case .failure(let p): return .failure(p)
        case .success(let variables):
            do { return .success((variables, try IntrinsicCall(text))) } catch { return .failure(PathProblem(error.message)) }
        }
    }

    /// Compiles the body of a `{% ... %}` JSONata string (spaces around it trimmed).
    static func jsonata(_ body: String) -> Result<(info: JSONataSyntax.Info, expression: JSONataExpression), PathProblem> {
        let text = body.trimmingSpaces()
        do {
            let e = try JSONataExpression(text, options: .init(awsFunctions: true))
            var info = (try? JSONataSyntax.check(text).get()) ?? JSONataSyntax.Info()
            info.freeVariables = e.freeVariables
            return .success((info, e))
        } catch {
            return .failure(PathProblem(error.message))
        }
    }
}
