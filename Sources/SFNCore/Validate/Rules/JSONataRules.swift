import SFNJSON

/// JSONata-mode value checks: `{% %}` expressions parse, and `$states.result` /
/// `$states.errorOutput` appear only where AWS provides them.
extension StateContext {
    struct StatesAccess: OptionSet {
        let rawValue: Int
        /// `$states.result`: Output and Assign of Task, Map, Parallel (and Pass) states.
        static let result = StatesAccess(rawValue: 1)
        /// `$states.errorOutput`: Output and Assign of a Catcher.
        static let errorOutput = StatesAccess(rawValue: 2)
    }

    /// Checks one JSONata expression body found in `field`.
    func checkExpression(_ body: String, field: String, at pointer: String, access: StatesAccess) {
        switch ExpressionChecker.jsonata(body) {
        case .failure(let p):
            error("Invalid JSONata expression '\(body.trimmingSpaces())' in '\(field)': \(p.reason)", at: pointer,
                  code: DiagnosticCode.invalidJSONata)
            return
        case .success(let info):
            for v in info.freeVariables where v != "states" { walk.read(v, at: pointer, in: scope) }
            if info.readsRoot {
                error("Reference to '$$' is not supported (in '\(field)'; read data from $states.input or a variable)",
                      at: pointer, code: DiagnosticCode.unsupportedJSONata)
            }
            for name in info.topLevelReferences {
                error("Reference to '\(name)' at the top level is not supported (in '\(field)'; read data from $states.input or a variable)",
                      at: pointer, code: DiagnosticCode.unsupportedJSONata)
            }
        }
        if !access.contains(.result), mentions(body, "$states.result") {
            error("The field '\(field)' uses $states.result, which is only available in the Output and Assign of Task, Map, Parallel and Pass states", at: pointer)
        }
        if !access.contains(.errorOutput), mentions(body, "$states.errorOutput") {
            error("The field '\(field)' uses $states.errorOutput, which is only available in the Output and Assign of a Catcher", at: pointer)
        }
    }

    /// Walks any JSON value and checks every `{% %}` string in it.
    func checkJSONataValue(_ value: JSONValue, field: String, at pointer: String, access: StatesAccess, depth: Int = 0) {
        guard depth < ValidationWalk.maxValueDepth else {
            error("The field '\(field)' is nested too deeply", at: pointer, code: DiagnosticCode.tooDeeplyNested)
            return
        }
        switch value {
        case .string(let s):
            if let body = ValueChecks.jsonataBody(s) { checkExpression(body, field: field, at: pointer, access: access) }
        case .array(let a):
            for (i, v) in a.enumerated() {
                checkJSONataValue(v, field: field, at: JSONPointer.appending(pointer, i), access: access, depth: depth + 1)
            }
        case .object(let o):
            for (k, v) in o {
                checkJSONataValue(v, field: field, at: JSONPointer.appending(pointer, k), access: access, depth: depth + 1)
            }
        default: break
        }
    }

    /// Assign: an object of variable names; values are payload templates (JSONPath) or JSONata values.
    func checkAssign(_ value: JSONValue, at pointer: String, access: StatesAccess) {
        guard case .object(let o) = value else {
            error("The field 'Assign' must be a JSON object of variable names", at: pointer)
            return
        }
        for (key, v) in o {
            let p = JSONPointer.appending(pointer, key)
            var name = key
            if language == .jsonPath, key.hasSuffix(".$") { name = String(key.dropLast(2)) }
            if name.isEmpty || name.unicodeScalars.count > 80 {
                error("The variable name '\(name)' in 'Assign' must be 1 to 80 characters long", at: p)
            } else if name == "states" {
                error("The variable name 'states' is reserved", at: p)
            }
            scope.assigned.insert(name)
            if language == .jsonata {
                checkJSONataValue(v, field: "Assign", at: p, access: access)
            } else if key.hasSuffix(".$") {
                let single: JSONValue = .object(JSONObject([(key, v)]))
                checkPayloadTemplate(single, field: "Assign", at: pointer)
            } else {
                checkPayloadTemplate(v, field: "Assign", at: p)
            }
        }
    }

    /// True when `name` occurs in `body` and is not the start of a longer name.
    private func mentions(_ body: String, _ name: String) -> Bool {
        let b = Array(body.utf8), n = Array(name.utf8)
        guard b.count >= n.count, !n.isEmpty else { return false }
        var i = 0
        while i + n.count <= b.count {
            if b[i] == n[0], Array(b[i..<(i + n.count)]) == n {
                let end = i + n.count
                if end == b.count || !PathSyntax.isIdentifierPart(b[end]) { return true }
            }
            i += 1
        }
        return false
    }
}
