import SFNJSON

/// JSONPath-mode value checks: paths, reference paths, intrinsic calls and payload templates.
extension StateContext {
    struct PathRules: OptionSet {
        let rawValue: Int
        static let reference = PathRules(rawValue: 1)
        static let context = PathRules(rawValue: 2)
        static let variables = PathRules(rawValue: 4)
        static let null = PathRules(rawValue: 8)
        static let intrinsic = PathRules(rawValue: 16)
    }

    /// Checks a field that holds a path (and, with `.intrinsic`, possibly an intrinsic call).
    func checkPath(_ value: JSONValue, field: String, at pointer: String, rules: PathRules) {
        if value.isNull {
            if !rules.contains(.null) { error("The field '\(field)' may not be null", at: pointer) }
            return
        }
        guard let text = value.stringValue else {
            error("The field '\(field)' must be a string holding a JSONPath", at: pointer)
            return
        }
        if rules.contains(.intrinsic), IntrinsicSyntax.looksLikeCall(text) {
            checkIntrinsic(text, field: field, at: pointer)
            return
        }
        switch ExpressionChecker.path(text) {
        case .failure(let p):
            let why = IntrinsicSyntax.looksLikeCall(text) ? "an intrinsic function is not allowed here" : "'\(text)' \(p.reason)"
            error("Field '\(field)': Value must be a valid JSONPath (\(why))", at: pointer)
        case .success(let path):
            if rules.contains(.reference), !path.isReferencePath {
                error("Field '\(field)': Value is not a Reference Path ('\(text)' must name a single node)", at: pointer)
            }
            switch path.root {
            case .context where !rules.contains(.context):
                error("Field '\(field)': Value is not a Reference Path ('\(text)' reads the context object, which is not allowed here)", at: pointer)
            case .variable(let v):
                if rules.contains(.variables) { walk.read(v, at: pointer, in: scope) }
                else { error("The field '\(field)' may not refer to a variable ('\(text)')", at: pointer) }
            default: break
            }
        }
    }

    func checkIntrinsic(_ text: String, field: String, at pointer: String) {
        switch ExpressionChecker.intrinsic(text) {
        case .failure(let p): error("The field '\(field)' is not a valid intrinsic function call: '\(text)' \(p.reason)", at: pointer)
        case .success(let vars): for v in vars { walk.read(v, at: pointer, in: scope) }
        }
    }

    /// A payload template (Parameters, ResultSelector, ItemSelector, Credentials, JSONPath Assign):
    /// each `key.$` holds a path or intrinsic call, and no object has both `key` and `key.$`.
    func checkPayloadTemplate(_ value: JSONValue, field: String, at pointer: String, depth: Int = 0) {
        guard depth < ValidationWalk.maxValueDepth else {
            error("The field '\(field)' is nested too deeply", at: pointer, code: DiagnosticCode.tooDeeplyNested)
            return
        }
        switch value {
        case .object(let o):
            for (key, v) in o {
                let p = JSONPointer.appending(pointer, key)
                if key.hasSuffix(".$") {
                    let plain = String(key.dropLast(2))
                    if o[plain] != nil {
                        error("The field '\(field)' has both '\(plain)' and '\(key)'", at: p)
                    }
                    guard let text = v.stringValue else {
                        error("The value of '\(key)' in '\(field)' must be a string holding a JSONPath or intrinsic function", at: p)
                        continue
                    }
                    if IntrinsicSyntax.looksLikeCall(text) {
                        checkIntrinsic(text, field: key, at: p)
                    } else {
                        checkPath(v, field: key, at: p, rules: [.context, .variables])
                    }
                } else {
                    if let s = v.stringValue, s.hasPrefix("$.") || s.hasPrefix("$$.") {
                        sink.warning(DiagnosticCode.noDollar, say("The value of '\(key)' in '\(field)' looks like a JSONPath; did you mean '\(key).$'?"), at: p)
                    }
                    checkPayloadTemplate(v, field: field, at: p, depth: depth + 1)
                }
            }
        case .array(let a):
            for (i, v) in a.enumerated() {
                checkPayloadTemplate(v, field: field, at: JSONPointer.appending(pointer, i), depth: depth + 1)
            }
        default:
            break
        }
    }
}
