import SFNJSON
import SFNJSONPath

/// JSONPath-mode fields: paths, reference paths, intrinsic calls and payload templates, each
/// checked and compiled once.
extension StateContext {
    struct PathRules: OptionSet {
        let rawValue: Int
        static let reference = PathRules(rawValue: 1)
        static let context = PathRules(rawValue: 2)
        static let variables = PathRules(rawValue: 4)
        static let null = PathRules(rawValue: 8)
    }

    /// Checks and compiles a field that holds a path; nil for null (when allowed) and on errors.
    func checkPath(_ value: JSONValue, field: String, at pointer: String, rules: PathRules) -> JSONPath? {
        if value.isNull {
            if !rules.contains(.null) { error("The field '\(field)' may not be null", at: pointer) }
            return nil
        }
        guard let text = value.stringValue else {
            error("The field '\(field)' must be a string holding a JSONPath", at: pointer)
            return nil
        }
        switch ExpressionChecker.path(text) {
        case .failure(let p):
            let why =
                ExpressionChecker.looksLikeCall(text)
                ? "an intrinsic function is not allowed here" : "'\(text)' \(p.reason)"
            error("Field '\(field)': Value must be a valid JSONPath (\(why))", at: pointer)
            return nil
        case .success(let path):
            if let why = PathSyntax.dubious(text) {
                warning(.dubiousPath, "Field '\(field)': '\(text)' \(why); AWS accepts it", at: pointer)
            }
            if rules.contains(.reference), !path.isReferencePath {
                error(
                    "Field '\(field)': Value is not a Reference Path ('\(text)' must name a single node)", at: pointer)
            }
            switch path.root {
            case .context where !rules.contains(.context):
                error(
                    "Field '\(field)': Value is not a Reference Path ('\(text)' reads the context object, which "
                        + "is not allowed here)",
                    at: pointer)
            case .context:
                walk.readsContext()
            case .variable(let v):
                if rules.contains(.variables) {
                    walk.read(v, at: pointer, in: scope)
                } else {
                    error("The field '\(field)' may not refer to a variable ('\(text)')", at: pointer)
                }
            default: break
            }
            return path
        }
    }

    /// A path or an intrinsic function call (`.$` members, ErrorPath, CausePath).
    func checkPathExpression(
        _ value: JSONValue, field: String, at pointer: String,
        rules: PathRules
    ) -> PathExpression? {
        guard let text = value.stringValue, ExpressionChecker.looksLikeCall(text) else {
            return checkPath(value, field: field, at: pointer, rules: rules).map(PathExpression.path)
        }
        switch ExpressionChecker.intrinsic(text) {
        case .failure(let p):
            error("The field '\(field)' is not a valid intrinsic function call: '\(text)' \(p.reason)", at: pointer)
            return nil
        case .success(let (variables, call)):
            for v in variables { walk.read(v, at: pointer, in: scope) }
            if text.contains("$$") { walk.readsContext() }
            return .intrinsic(call)
        }
    }

    /// A payload template (Parameters, ResultSelector, ItemSelector, Credentials, JSONPath Assign):
    /// each `key.$` holds a path or intrinsic call, and no object has both `key` and `key.$`.
    @discardableResult
    func checkPayloadTemplate(_ value: JSONValue, field: String, at pointer: String, depth: Int = 0) -> Template? {
        guard depth < LoadWalk.maxValueDepth else {
            error("The field '\(field)' is nested too deeply", at: pointer, code: .tooDeeplyNested)
            return nil
        }
        switch value {
        case .object(let o):
            var members: [(key: String, value: Template)] = []
            for (key, v) in o {
                if key.hasSuffix(".$"), o[String(key.dropLast(2))] != nil {
                    error(
                        "The field '\(field)' has both '\(key.dropLast(2))' and '\(key)'",
                        at: JSONPointer.appending(pointer, key))
                }
                if let m = templateMember(key, v, field: field, at: pointer, depth: depth) {
                    members.append(m)
                }
            }
            return Template.assemble(members)
        case .array(let a):
            var items: [Template] = []
            for (i, v) in a.enumerated() {
                let p = JSONPointer.appending(pointer, i)
                if let t = checkPayloadTemplate(v, field: field, at: p, depth: depth + 1) {
                    items.append(t)
                }
            }
            return Template.assemble(items)
        default:
            return .literal(value)
        }
    }

    /// One member of a payload template object at `pointer`: `key.$` compiles its path or call,
    /// any other key its value as a template.
    func templateMember(
        _ key: String, _ v: JSONValue, field: String, at pointer: String,
        depth: Int
    ) -> (key: String, value: Template)? {
        let p = JSONPointer.appending(pointer, key)
        guard key.hasSuffix(".$") else {
            if let s = v.stringValue, s.hasPrefix("$.") || s.hasPrefix("$$.") {
                sink.warning(
                    .noDollar,
                    say("The value of '\(key)' in '\(field)' looks like a JSONPath; did you mean '\(key).$'?"), at: p)
            }
            return checkPayloadTemplate(v, field: field, at: p, depth: depth + 1).map { (key, $0) }
        }
        guard v.stringValue != nil else {
            error(
                "The value of '\(key)' in '\(field)' must be a string holding a JSONPath or intrinsic function", at: p)
            return nil
        }
        return checkPathExpression(v, field: key, at: p, rules: [.context, .variables]).map {
            (String(key.dropLast(2)), .path($0, field: key))
        }
    }
}
