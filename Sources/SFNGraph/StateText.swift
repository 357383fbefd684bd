import SFNCore
import SFNJSON

/// The short texts a picture shows: a Choice rule as an expression, a Task's resource by its short
/// name, a Wait's duration, a Map's items and concurrency.
enum StateText {
    static let labelLimit = 40

    /// A Choice rule in short form (`$.total > 100`, `{% $x = 1 %}`), an ellipsis past 40
    /// characters.
    static func rule(_ condition: ChoiceCondition) -> String {
        TextMetrics.shortened(expression(condition, nested: false), limit: labelLimit)
    }

    static func expression(_ condition: ChoiceCondition, nested: Bool) -> String {
        let text: String
        switch condition {
        case .and(let all):
            text = all.map { expression($0, nested: true) }.joined(separator: " && ")
            return nested && all.count > 1 ? "(\(text))" : text
        case .or(let any):
            text = any.map { expression($0, nested: true) }.joined(separator: " || ")
            return nested && any.count > 1 ? "(\(text))" : text
        case .not(let inner):
            return "!" + expression(inner, nested: true).parenthesised
        case .compare(let variable, let test):
            return comparison(variable.text, test)
        case .jsonata(let expression):
            return "{% \(expression.text) %}"
        case .constant(let value):
            return value ? "true" : "false"
        }
    }

    private static func comparison(_ variable: String, _ test: ChoiceTest) -> String {
        switch test {
        case .string(let relation, let operand), .numeric(let relation, let operand),
            .timestamp(let relation, let operand):
            return "\(variable) \(symbol(relation)) \(operandText(operand))"
        case .boolean(let operand):
            return "\(variable) == \(operandText(operand))"
        case .stringMatches(let pattern):
            return "\(variable) like \(JSONPrinter.compact(.string(pattern.text)))"
        case .isNull(let yes): return "\(variable) is\(yes ? "" : " not") null"
        case .isPresent(let yes): return "\(variable) is \(yes ? "present" : "absent")"
        case .isNumeric(let yes): return "\(variable) is\(yes ? "" : " not") numeric"
        case .isString(let yes): return "\(variable) is\(yes ? "" : " not") string"
        case .isBoolean(let yes): return "\(variable) is\(yes ? "" : " not") boolean"
        case .isTimestamp(let yes): return "\(variable) is\(yes ? "" : " not") timestamp"
        }
    }

    private static func symbol(_ relation: ChoiceTest.Relation) -> String {
        switch relation {
        case .equals: return "=="
        case .lessThan: return "<"
        case .greaterThan: return ">"
        case .lessThanEquals: return "<="
        case .greaterThanEquals: return ">="
        }
    }

    private static func operandText(_ operand: ChoiceTest.Operand) -> String {
        switch operand {
        case .literal(let value): return JSONPrinter.compact(value)
        case .path(let path): return path.text
        }
    }

    /// The Catch label: its error names.
    static func catchLabel(_ catcher: Catcher) -> String {
        TextMetrics.shortened("catch " + catcher.errorEquals.joined(separator: ", "), limit: labelLimit)
    }

    /// The line under a state's name: its type and what it does.
    static func detail(_ state: StateNode) -> String {
        let text: String
        switch state.kind {
        case .task(let task): text = "Task · " + resource(task.resource)
        case .wait(let wait): text = "Wait · " + duration(wait.duration)
        case .fail(let fail):
            if case .literal(let error)? = fail.error { text = "Fail · " + error } else { text = "Fail" }
        case .parallel(let parallel):
            text = "Parallel · \(parallel.branches.count) branch\(parallel.branches.count == 1 ? "" : "es")"
        case .map(let map): text = "Map · " + map.processorMode.lowercased()
        default: text = state.kind.typeName
        }
        return TextMetrics.shortened(text, limit: labelLimit)
    }

    /// `lambda:invoke`, `dynamodb:putItem`, `lambda: QuoteOrder`, `shell: ./build.sh`.
    static func resource(_ resource: String) -> String {
        if resource.hasPrefix("shell:") { return "shell: " + resource.dropFirst(6).drop(while: { $0 == " " }) }
        if resource.hasPrefix("arn:"), !resource.contains(":states:::") {
            let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 7, parts[2] == "lambda" { return "lambda: " + parts[6] }
            if parts.count >= 7, parts[2] == "states", parts[5] == "activity" { return "activity: " + parts[6] }
            return parts.count > 2 ? parts[2] + ": " + (parts.last ?? "") : resource
        }
        let split = TaskResource(arn: resource)
        var type = split.resourceType
        if type.hasPrefix("aws-sdk:") { type = String(type.dropFirst(8)) }
        return split.resource.isEmpty ? type : type + ":" + split.resource
    }

    static func duration(_ duration: WaitState.Duration) -> String {
        switch duration {
        case .seconds(let s): return seconds(s)
        case .timestamp(let text, _): return "until " + text
        case .secondsPath(let path): return "SecondsPath " + path.text
        case .timestampPath(let path): return "TimestampPath " + path.text
        case .jsonataSeconds(let e): return "Seconds {% \(e.text) %}"
        case .jsonataTimestamp(let e): return "Timestamp {% \(e.text) %}"
        }
    }

    static func seconds(_ s: Int) -> String {
        if s >= 3600 && s % 3600 == 0 { return "\(s / 3600)h" }
        if s >= 60 && s % 60 == 0 { return "\(s / 60)m" }
        if s >= 60 { return "\(s / 60)m \(s % 60)s" }
        return "\(s)s"
    }

    /// The Map frame's caption: where the items come from and how many run at once.
    static func mapCaption(_ map: MapState) -> String {
        var parts: [String] = []
        if let path = map.itemsPath {
            parts.append("ItemsPath " + path.text)
        } else if let items = map.items {
            parts.append("Items " + template(items))
        } else if map.itemReader != nil {
            parts.append("ItemReader")
        }
        switch map.maxConcurrency {
        case .literal(let v)?:
            parts.append("MaxConcurrency " + (v.intValue == 0 ? "unlimited" : JSONPrinter.compact(v)))
        case .path(let p)?: parts.append("MaxConcurrencyPath " + p.text)
        case .jsonata(let e)?: parts.append("MaxConcurrency {% \(e.text) %}")
        case nil: parts.append("MaxConcurrency unlimited")
        }
        return TextMetrics.shortened(parts.joined(separator: " · "), limit: 64)
    }

    private static func template(_ t: Template) -> String {
        switch t {
        case .literal(let v): return JSONPrinter.compact(v)
        case .jsonata(let e, _): return "{% \(e.text) %}"
        case .path(let p, _): return p.text
        default: return "{…}"
        }
    }

    /// The Retry badge: `↻ 3×`, the largest MaxAttempts of the state's retriers.
    static func retryBadge(_ state: StateNode) -> String? {
        guard let most = state.retriers.map(\.maxAttempts).max() else { return nil }
        return "↻ \(most)×"
    }
}

extension String {
    fileprivate var parenthesised: String { hasPrefix("(") ? self : "(\(self))" }
}
