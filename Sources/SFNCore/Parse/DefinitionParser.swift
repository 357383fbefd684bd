import SFNJSON
import SFNJSONPath
import SFNJSONata

/// Turns a definition (parsed JSON) into the typed model, compiling every path, intrinsic call and
/// JSONata expression once. Collects every problem it finds as a `Diagnostic` instead of stopping
/// at the first, so a user sees them all.
struct DefinitionParser {
    var diagnostics: [Diagnostic] = []
    let locations: SourceLocations?
    var usesContext = false
    /// Whether the state being parsed reads the context object.
    var stateUsesContext = false
    /// Parallel branches and Map processors nest; a definition deeper than this is refused.
    static let maxGraphDepth = 64
    var graphDepth = 0

    init(locations: SourceLocations?) { self.locations = locations }

    /// Parses a whole definition; throws every diagnostic found when it is unusable.
    static func parse(_ value: JSONValue, locations: SourceLocations?) throws(DefinitionError) -> MachineDefinition {
        var parser = DefinitionParser(locations: locations)
        let machine = parser.parseMachine(value)
        if let machine, parser.diagnostics.isEmpty { return machine }
        if parser.diagnostics.isEmpty {
            parser.report("", "The definition could not be loaded")
        }
        throw DefinitionError(diagnostics: parser.diagnostics)
    }

    mutating func report(_ pointer: String, _ message: String, code: String = "SCHEMA_VALIDATION_FAILED") {
        diagnostics.append(Diagnostic(code: code, message: message, pointer: pointer,
                                      location: locations?.location(of: pointer)))
    }

    mutating func parseMachine(_ value: JSONValue) -> MachineDefinition? {
        guard case .object(let root) = value else {
            report("", "The definition must be a JSON object")
            return nil
        }
        let ql = parseQueryLanguage(root, pointer: "", inherited: .jsonPath)
        var timeout: Int?
        if let t = root["TimeoutSeconds"] {
            if let i = t.intValue, i >= 0 { timeout = i } else { report("/TimeoutSeconds", "TimeoutSeconds must be a non-negative integer") }
        }
        let version = optionalString(root, "Version", pointer: "")
        guard let graph = parseGraph(root, pointer: "", inherited: ql) else { return nil }
        return MachineDefinition(graph: graph, timeoutSeconds: timeout, version: version, usesContext: usesContext)
    }

    mutating func parseQueryLanguage(_ obj: JSONObject, pointer: String, inherited: ExpressionLanguage) -> ExpressionLanguage {
        guard let v = obj["QueryLanguage"] else { return inherited }
        guard let s = v.stringValue, let ql = ExpressionLanguage(rawValue: s) else {
            report(JSONPointer.appending(pointer, "QueryLanguage"), "QueryLanguage must be \"JSONPath\" or \"JSONata\"")
            return inherited
        }
        if ql == .jsonPath && inherited == .jsonata && pointer.hasPrefix("/States") {
            report(JSONPointer.appending(pointer, "QueryLanguage"),
                   "A state cannot use JSONPath when the state machine uses JSONata")
        }
        return ql
    }

    /// Parses `StartAt` + `States` of a machine, branch or item processor.
    mutating func parseGraph(_ obj: JSONObject, pointer: String, inherited: ExpressionLanguage) -> StateGraph? {
        graphDepth += 1
        defer { graphDepth -= 1 }
        guard graphDepth <= Self.maxGraphDepth else {
            report(pointer, "Parallel branches and Map processors are nested too deeply")
            return nil
        }
        guard case .object(let statesObj)? = obj["States"] else {
            report(pointer, "Missing required field 'States' (an object)")
            return nil
        }
        guard let startAt = obj["StartAt"]?.stringValue else {
            report(pointer, "Missing required field 'StartAt' (a string)")
            return nil
        }
        var indexByName: [String: Int] = [:]
        for (i, name) in statesObj.keys.enumerated() { indexByName[name] = i }
        guard let start = indexByName[startAt] else {
            report(JSONPointer.appending(pointer, "StartAt"), "StartAt '\(startAt)' does not name a state",
                   code: "MISSING_TRANSITION_TARGET")
            return nil
        }
        let statesPointer = JSONPointer.appending(pointer, "States")
        var states: [StateNode] = []
        states.reserveCapacity(statesObj.count)
        for (name, value) in statesObj {
            let p = JSONPointer.appending(statesPointer, name)
            if let s = parseState(name: name, value: value, pointer: p, inherited: inherited, names: indexByName) {
                states.append(s)
            }
        }
        guard states.count == statesObj.count else { return nil }
        let comment = obj["Comment"]?.stringValue
        return StateGraph(states: states, startIndex: start, indexByName: indexByName,
                          queryLanguage: inherited, comment: comment)
    }

    // MARK: - Small field readers

    mutating func optionalString(_ obj: JSONObject, _ key: String, pointer: String) -> String? {
        guard let v = obj[key] else { return nil }
        guard let s = v.stringValue else {
            report(JSONPointer.appending(pointer, key), "Field '\(key)' must be a string")
            return nil
        }
        return s
    }

    mutating func target(_ obj: JSONObject, _ key: String, pointer: String, names: [String: Int]) -> Int? {
        guard let name = optionalString(obj, key, pointer: pointer) else { return nil }
        guard let i = names[name] else {
            report(JSONPointer.appending(pointer, key), "Missing 'Next' target: \(name)", code: "MISSING_TRANSITION_TARGET")
            return nil
        }
        return i
    }

    mutating func compileJSONPath(_ text: String, pointer: String, reference: Bool) -> JSONPath? {
        do {
            let path = try JSONPath(text)
            if reference && !path.isReferencePath {
                report(pointer, "The value '\(text)' is not a valid reference path", code: "INVALID_JSON_PATH")
                return nil
            }
            if path.root == .context { usesContext = true; stateUsesContext = true }
            return path
        } catch {
            report(pointer, "The value '\(text)' is not a valid JSONPath: \(error.message)", code: "INVALID_JSON_PATH")
            return nil
        }
    }

    mutating func compilePathExpression(_ text: String, pointer: String) -> PathExpression? {
        do {
            let e = try PathExpression.compile(text)
            if text.contains("$$") { usesContext = true; stateUsesContext = true }
            return e
        } catch {
            report(pointer, "The value '\(text)' is not a valid JSONPath or intrinsic function call: \(error.message)",
                   code: "INVALID_JSON_PATH")
            return nil
        }
    }

    /// The expression inside `{% ... %}`, or nil when the string is not wholly wrapped so.
    static func jsonataBody(_ s: String) -> Substring? {
        guard s.hasPrefix("{%"), s.hasSuffix("%}"), s.utf8.count >= 4 else { return nil }
        return s.dropFirst(2).dropLast(2)
    }

    mutating func compileJSONata(_ body: Substring, pointer: String) -> JSONataExpression? {
        let text = String(body).trimmingJSONataSpaces()
        do {
            let e = try JSONataExpression(text, options: JSONataOptions(awsFunctions: true))
            if text.contains("$states") { usesContext = true; stateUsesContext = true }
            return e
        } catch {
            report(pointer, "The JSONata expression '\(text)' is not valid: \(error)", code: "INVALID_JSONATA")
            return nil
        }
    }
}

extension String {
    /// Trims ASCII spaces, tabs and newlines at both ends (JSONata text inside `{% %}`).
    func trimmingJSONataSpaces() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
