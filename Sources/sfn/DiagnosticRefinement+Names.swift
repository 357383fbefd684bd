import SFNCore
import SFNJSON
import SFNJSONPath
import SFNJSONata

/// "Did you mean ...?" for misspelt field and function names. A field is matched against the
/// fields its place takes (the state's type, a Retrier, a Catcher, a Choice Rule, the machine);
/// when the suggested field is one the state must have, the "must have the field" error that the
/// same typo caused goes (one typo, one error). A misspelt function in an intrinsic call or a
/// JSONata expression gets the nearest function's name, with the caret moved onto the name.
extension DiagnosticRefinement {
    static func suggestNames(_ diagnostics: [Diagnostic], definition: JSONValue, source: String?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // "/States/B" and "Resource": required-field errors the suggestion explains.
        var explained: Set<[String]> = []
        for d in diagnostics {
            if let (field, candidates, statePointer) = unknownField(d, in: definition),
                let name = Suggestion.nearest(field, in: candidates)
            {
                var refined = d
                refined.message += "; did you mean '\(name)'?"
                out.append(refined)
                if let statePointer { explained.insert([statePointer, name]) }
            } else if let function = quoted(d.message, after: "calls the unknown intrinsic function '"),
                let name = Suggestion.nearest(function, in: IntrinsicNames.all)
            {
                var refined = d
                refined.message += "; did you mean '\(name)'?"
                refined.location = moved(d.location, to: function, in: source)
                out.append(refined)
            } else if d.code == .undefinedVariable, let variable = quoted(d.message, after: "The variable '"),
                let location = d.location, let source, called(variable, line: location.line, in: source),
                let name = Suggestion.nearest(
                    String(variable.dropFirst()), in: JSONataFunctionNames.all(aws: true))
            {
                var refined = d
                refined.message =
                    "'\(variable)' is called as a function, but JSONata has no function '\(variable)' and no "
                    + "variable of that name is assigned here; did you mean '$\(name)'?"
                refined.location = moved(d.location, to: variable, in: source)
                out.append(refined)
            } else {
                out.append(d)
            }
        }
        return out.filter { d in
            guard d.message.contains(" state must have the field '"),
                let field = quoted(d.message, after: " state must have the field '")
            else { return true }
            return !explained.contains([d.pointer, field])
        }
    }

    /// The unknown field a diagnostic names, the fields its place takes, and the state's pointer
    /// when it is a state's field.
    private static func unknownField(_ d: Diagnostic, in definition: JSONValue)
        -> (String, [String], String?)?
    {
        let field: String
        if let f = quoted(d.message, after: "Field '"), d.message.contains("' is not supported") {
            // "(state type 'Pass')": a field of another type, not a misspelling.
            guard !d.message.contains("(state type '") else { return nil }
            field = f
        } else if let f = quoted(d.message, after: "The field '"), d.message.contains("' is not supported in a") {
            field = f
        } else {
            return nil
        }
        let parent = parentPointer(d.pointer)
        if d.message.contains("in a Retrier") { return (field, ASLNames.retrierFields, nil) }
        if d.message.contains("in a Catcher") { return (field, ASLNames.catcherFields, nil) }
        if d.message.contains("in a Choice Rule") {
            return (field, ASLNames.choiceRuleFields + ASLNames.jsonataChoiceRuleFields, nil)
        }
        guard let object = value(at: parent, in: definition)?.objectValue else { return nil }
        if let type = object["Type"]?.stringValue, statesScope(parent) {
            return (field, ASLNames.stateFields(type: type), parent)
        }
        if parent.isEmpty { return (field, ASLNames.machineFields, nil) }
        if object["States"] != nil || object["StartAt"] != nil {
            return (field, ["StartAt", "States", "Comment", "ProcessorConfig"], nil)
        }
        return nil
    }

    /// Whether the pointer names a state: its parent is a "States" object.
    private static func statesScope(_ pointer: String) -> Bool {
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false)
        return tokens.count >= 3 && tokens[tokens.count - 2] == "States"
    }

    private static func parentPointer(_ pointer: String) -> String {
        guard let slash = pointer.lastIndex(of: "/") else { return "" }
        return String(pointer[..<slash])
    }

    private static func value(at pointer: String, in root: JSONValue) -> JSONValue? {
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
        return value
    }

    /// The text between `prefix` and the next `'`.
    static func quoted(_ message: String, after prefix: String) -> String? {
        guard let start = message.range(of: prefix) else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }

    /// The scalars of line `line` (1-based) of `source`.
    private static func line(_ line: Int, of source: String) -> [Unicode.Scalar]? {
        let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        return Array(lines[line - 1])
    }

    /// Whether `name` is followed by "(" on the line: a call, not a variable read.
    private static func called(_ name: String, line number: Int, in source: String) -> Bool {
        guard let text = line(number, of: source) else { return false }
        return String(String.UnicodeScalarView(text)).contains(name + "(")
    }

    /// The location of `name` on the diagnostic's line, at or after its column (the caret then
    /// sits under the name inside the string); the location as it was when the name is not there.
    private static func moved(_ location: SourceLocation?, to name: String, in source: String?) -> SourceLocation? {
        guard let location, let source, let text = line(location.line, of: source) else { return location }
        let target = Array(name.unicodeScalars)
        guard !target.isEmpty, text.count >= target.count else { return location }
        let from = max(0, location.column - 1)
        guard from <= text.count - target.count else { return location }
        for i in from...(text.count - target.count) where Array(text[i..<(i + target.count)]) == target {
            return SourceLocation(line: location.line, column: i + 1)
        }
        return location
    }
}
