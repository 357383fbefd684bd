import SFNJSON

/// Where variables can be seen: a machine, and (through `parent`) the machines around it, since
/// Parallel branches and Map iterations read outer variables.
final class VariableScope {
    let parent: VariableScope?
    var assigned: Set<String> = []
    init(parent: VariableScope?) { self.parent = parent }

    func canSee(_ name: String) -> Bool {
        var s: VariableScope? = self
        while let scope = s {
            if scope.assigned.contains(name) { return true }
            s = scope.parent
        }
        return false
    }
}

/// State shared by every rule during the one load pass: the diagnostics, the state names seen in
/// the whole definition (names must be unique across nesting levels), the variable reads to check
/// once every Assign is known, and which expressions read the context object.
final class LoadWalk {
    let sink: DiagnosticSink
    var stateNames: [String: String] = [:]
    private var reads: [(name: String, pointer: String, scope: VariableScope)] = []
    /// Some expression of the definition reads the context object.
    var usesContext = false
    /// Some expression of the state being loaded reads the context object.
    var stateUsesContext = false

    /// Nested machines (Parallel in Map in ...) beyond this depth are refused.
    static let maxMachineDepth = 40
    /// Payload templates and JSONata values nested beyond this are refused rather than walked.
    static let maxValueDepth = 200

    init(sink: DiagnosticSink) { self.sink = sink }

    /// Notes that an expression reads `$$` or `$states`, so the run loop builds the context object.
    func readsContext() {
        usesContext = true
        stateUsesContext = true
    }

    func read(_ name: String, at pointer: String, in scope: VariableScope) {
        reads.append((name, pointer, scope))
    }

    /// Warns about each variable read that no Assign in its scope chain sets. AWS accepts these
    /// definitions; the read fails at run time.
    func finishVariables() {
        for r in reads where r.name != "states" && !r.scope.canSee(r.name) {
            sink.warning(
                DiagnosticCode.undefinedVariable,
                "The variable '$\(r.name)' is never assigned in a scope visible here", at: r.pointer)
        }
    }
}

/// What the rules know about the state being checked.
struct StateContext {
    let walk: LoadWalk
    let name: String
    let pointer: String
    let object: JSONObject
    let type: String
    let language: ExpressionLanguage
    /// The language the state's machine gives its states: the top-level one, since nested
    /// machines inherit the definition's QueryLanguage, not their Map's or Parallel's.
    let machineLanguage: ExpressionLanguage
    let scope: VariableScope
    let machineDepth: Int
    /// The states of the state's own machine, by name, to resolve transitions to indexes.
    let names: [String: Int]

    var sink: DiagnosticSink { walk.sink }

    func at(_ field: String) -> String { JSONPointer.appending(pointer, field) }

    /// Prefixes a message with the state's name, so each one says where it is.
    func say(_ message: String) -> String { "State '\(name)': \(message)" }

    func error(_ message: String, at pointer: String, code: DiagnosticCode = .schema) {
        sink.error(code, say(message), at: pointer)
    }

    func warning(_ code: DiagnosticCode, _ message: String, at pointer: String) {
        sink.warning(code, say(message), at: pointer)
    }

    /// A field that only the other query language takes.
    func wrongLanguage(_ field: String, needs required: ExpressionLanguage, at pointer: String) {
        error(
            "The QueryLanguage is set to '\(language.rawValue)', but field '\(field)' is only supported for the "
                + "'\(required.rawValue)' QueryLanguage", at: pointer)
    }

    /// A field the state type requires that holds a non-empty array (Choices, Branches).
    func requiredList(_ field: String, of what: String) -> [JSONValue]? {
        guard let value = object[field] else {
            error("A \(type) state must have the field '\(field)'", at: pointer)
            return nil
        }
        guard case .array(let list) = value, !list.isEmpty else {
            error("The field '\(field)' must be a non-empty array of \(what)", at: at(field))
            return nil
        }
        return list
    }
}
