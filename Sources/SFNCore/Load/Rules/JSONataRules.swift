import SFNJSON
import SFNJSONata

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

    /// Checks and compiles one JSONata expression body found in `field`.
    @discardableResult
    func checkExpression(_ body: String, field: String, at pointer: String, access: StatesAccess) -> JSONataExpression?
    {
        let compiled: JSONataExpression
        switch ExpressionChecker.jsonata(body) {
        case .failure(let p):
            error(
                "Invalid JSONata expression '\(body.trimmingSpaces())' in '\(field)': \(p.reason)", at: pointer,
                code: .invalidJSONata)
            return nil
        case .success(let (info, expression)):
            compiled = expression
            for v in info.freeVariables where v != "states" { walk.read(v, at: pointer, in: scope) }
            if info.readsRoot {
                error(
                    "Reference to '$$' is not supported (in '\(field)'; read data from $states.input or a variable)",
                    at: pointer, code: .unsupportedJSONata)
            }
            for name in info.topLevelReferences {
                error(
                    "Reference to '\(name)' at the top level is not supported (in '\(field)'; read data from "
                        + "$states.input or a variable)",
                    at: pointer, code: .unsupportedJSONata)
            }
        }
        if compiled.text.contains("$states") { walk.readsContext() }
        if !access.contains(.result), mentions(body, "$states.result") {
            error(
                "The field '\(field)' uses $states.result, which is only available in the Output and Assign of "
                    + "Task, Map, Parallel and Pass states",
                at: pointer)
        }
        if !access.contains(.errorOutput), mentions(body, "$states.errorOutput") {
            error(
                "The field '\(field)' uses $states.errorOutput, which is only available in the Output and "
                    + "Assign of a Catcher",
                at: pointer)
        }
        return compiled
    }

    @discardableResult
    /// Checks and compiles any JSON value whose `{% %}` strings are expressions. `awsField` names
    /// the position as AWS's error causes do ("Output/result"); it defaults to `field`.
    func checkJSONataValue(
        _ value: JSONValue, field: String, awsField: String? = nil, at pointer: String,
        access: StatesAccess, depth: Int = 0
    ) -> Template? {
        guard depth < LoadWalk.maxValueDepth else {
            error("The field '\(field)' is nested too deeply", at: pointer, code: .tooDeeplyNested)
            return nil
        }
        let here = awsField ?? field
        switch value {
        case .string(let s):
            guard let body = ValueChecks.jsonataBody(s) else { return .literal(value) }
            return checkExpression(body, field: field, at: pointer, access: access).map { .jsonata($0, field: here) }
        case .array(let a):
            var items: [Template] = []
            for (i, v) in a.enumerated() {
                let p = JSONPointer.appending(pointer, i)
                let t = checkJSONataValue(
                    v, field: field, awsField: here + "/" + String(i), at: p, access: access,
                    depth: depth + 1)
                if let t { items.append(t) }
            }
            return Template.assemble(items)
        case .object(let o):
            var members: [(key: String, value: Template)] = []
            for (k, v) in o {
                let p = JSONPointer.appending(pointer, k)
                let t = checkJSONataValue(
                    v, field: field, awsField: here + "/" + k, at: p, access: access,
                    depth: depth + 1)
                if let t { members.append((k, t)) }
            }
            return Template.assemble(members)
        default:
            return .literal(value)
        }
    }

    /// Assign: an object of variable names; values are payload templates (JSONPath) or JSONata values.
    func checkAssign(_ value: JSONValue, at pointer: String, access: StatesAccess) -> Template? {
        guard case .object(let o) = value else {
            error("The field 'Assign' must be a JSON object of variable names", at: pointer)
            return nil
        }
        var members: [(key: String, value: Template)] = []
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
            let member: (key: String, value: Template)?
            if language == .jsonata {
                member = checkJSONataValue(v, field: "Assign", awsField: "Assign/" + key, at: p, access: access)
                    .map { (key, $0) }
            } else if key.hasSuffix(".$") {
                member = templateMember(key, v, field: "Assign", at: pointer, depth: 0)
            } else {
                member = checkPayloadTemplate(v, field: "Assign", at: p).map { (key, $0) }
            }
            if let member { members.append(member) }
        }
        return Template.assemble(members)
    }

    /// True when `name` occurs in `body` and is not the start of a longer name.
    private func mentions(_ body: String, _ name: String) -> Bool {
        let b = Array(body.utf8)
        let n = Array(name.utf8)
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
