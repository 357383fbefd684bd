import SFNCore
import SFNJSON

/// What a person reading `sfn validate`'s text needs beyond AWS's list: a missing transition
/// target gets "did you mean 'X'?" when a state of its scope is spelt nearly so, and the states
/// that the typo left unreachable are not reported again (one typo is one error, not a cascade).
/// The JSON format keeps AWS's own list.
enum DiagnosticRefinement {
    static func refine(_ diagnostics: [Diagnostic], definition: JSONValue?, source: String? = nil) -> [Diagnostic] {
        guard let definition else { return diagnostics }
        var out: [Diagnostic] = []
        // Unreachable-state pointers explained by a suggested target, to drop below.
        var explained: Set<String> = []
        for d in suggestNames(diagnostics, definition: definition, source: source) {
            guard d.code == .missingTransitionTarget, let target = missingTarget(d.message),
                let scope = statesScope(d.pointer), let states = object(at: scope, in: definition),
                let name = Suggestion.nearest(target, in: states.keys)
            else {
                out.append(d)
                continue
            }
            var refined = d
            refined.message += "; did you mean '\(name)'?"
            out.append(refined)
            for reached in reachable(from: name, in: states) {
                explained.insert(JSONPointer.appending(scope, reached))
            }
        }
        return out.filter { d in
            !(d.code == .missingTransitionTarget && d.message.hasSuffix(" is not reachable.")
                && explained.contains(d.pointer))
        }
    }

    /// "Chek" from "State 'Start': Missing 'Next' target: Chek (no such state in this ...)".
    private static func missingTarget(_ message: String) -> String? {
        guard let head = message.range(of: " target: "), let tail = message.range(of: " (no such state in this")
        else { return nil }
        guard head.upperBound <= tail.lowerBound else { return nil }
        return String(message[head.upperBound..<tail.lowerBound])
    }

    /// "/States" from "/States/Start/Next", "/States/P/Branches/0/States" from a state inside a
    /// branch: the pointer up to the last "States" token that is followed by a state name.
    private static func statesScope(_ pointer: String) -> String? {
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let i = tokens.lastIndex(of: "States"), i + 1 < tokens.count else { return nil }
        return tokens[...i].joined(separator: "/")
    }

    private static func object(at pointer: String, in root: JSONValue) -> JSONObject? {
        var value = root
        for token in pointer.split(separator: "/").map(String.init) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let o = value.objectValue, let v = o[key] {
                value = v
            } else if let a = value.arrayValue, let i = Int(key), a.indices.contains(i) {
                value = a[i]
            } else {
                return nil
            }
        }
        return value.objectValue
    }

    /// `start` and every state its transitions (Next, Default, Choices, Catch) lead to.
    private static func reachable(from start: String, in states: JSONObject) -> Set<String> {
        var seen: Set<String> = [start]
        var queue = [start]
        while let name = queue.popLast() {
            guard let state = states[name]?.objectValue else { continue }
            var targets = [state["Next"]?.stringValue, state["Default"]?.stringValue]
            for key in ["Choices", "Catch"] {
                for rule in state[key]?.arrayValue ?? [] { targets.append(rule.objectValue?["Next"]?.stringValue) }
            }
            for case let t? in targets where states[t] != nil && !seen.contains(t) {
                seen.insert(t)
                queue.append(t)
            }
        }
        return seen
    }
}
