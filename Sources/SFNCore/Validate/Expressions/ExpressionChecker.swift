import SFNJSONPath
import SFNJSONata

/// The one place the validator asks whether an expression is well formed, so that the rest of it
/// does not care whether the answer comes from the full path/JSONata engines or from the light
/// syntax checks kept here.
enum ExpressionChecker {
    /// Set when the SFNJSONPath implementation is merged: its parser then has the last word on
    /// path syntax (our own checks still classify reference paths and intrinsic arities).
    static let useJSONPathLibrary = true
    /// Set when the SFNJSONata implementation is merged: its parser and free-variable analysis are
    /// then used instead of the light structural check.
    static let useJSONataLibrary = true

    /// Checks a JSONPath (`$.a`, `$$.Execution.Id`, `$var.x`).
    static func path(_ text: String) -> Result<PathSyntax, PathProblem> {
        let own = PathSyntax.parse(text)
        if useJSONPathLibrary, case .success = own {
            do { _ = try JSONPath(text) } catch { return .failure(PathProblem(error.message)) }
        }
        return own
    }

    /// Checks an intrinsic function call; returns the variables it reads.
    static func intrinsic(_ text: String) -> Result<[String], PathProblem> {
        let own = IntrinsicSyntax.check(text)
        if useJSONPathLibrary, case .success = own {
            do { _ = try IntrinsicCall(text) } catch { return .failure(PathProblem(error.message)) }
        }
        return own
    }

    /// Checks the body of a `{% ... %}` JSONata string.
    static func jsonata(_ text: String) -> Result<JSONataSyntax.Info, PathProblem> {
        let own = JSONataSyntax.check(text)
        if useJSONataLibrary {
            do {
                let e = try JSONataExpression(text, options: .init(awsFunctions: true))
                var info = (try? own.get()) ?? JSONataSyntax.Info()
                info.freeVariables = e.freeVariables
                return .success(info)
            } catch {
                return .failure(PathProblem(error.message))
            }
        }
        return own
    }
}
