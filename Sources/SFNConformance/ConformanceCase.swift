import SFNJSON

/// One case file of the conformance corpus (../shared/conformance/aws/<area>/<case>.json).
public struct ConformanceCase: Sendable {
    public var name: String
    public var definition: JSONValue
    public var input: JSONValue
    public var mockConfig: JSONValue?
    public var expectedStatus: String
    public var expectedOutput: JSONValue?
    public var expectedError: String?
    public var expectedCause: String?
    /// The recorded history as (event type, state name) pairs, when the case has one.
    public var history: [(type: String, name: String?)]?
    /// Bare words the notes declare to be wildcards ("start-time", "RandomNumberGenerated", ...).
    public var bareWildcards: Set<String>
    /// The mock config's test case that answers Task states (user case files); the recorded
    /// cases use "Recorded" of machine "Machine".
    public var testCase: String?
    /// The mock config's state machine holding `testCase` (the only one that has it by default).
    public var stateMachine: String?
    /// Where the execution's virtual clock starts (`startTime`); now by default.
    public var startTime: String?
    /// The file the case came from.
    public var file: String = ""

    /// Reads a parsed case file; `file` names the case when it has no `name`.
    public init(file: String, json: JSONValue) throws(CaseError) {
        guard case .object(let o) = json else { throw CaseError("not a case object") }
        name = o["name"]?.stringValue ?? file
        guard let def = o["definition"] else { throw CaseError("no 'definition'") }
        definition = def
        input = o["input"] ?? .object(JSONObject())
        mockConfig = o["mockConfig"]
        guard case .object(let expected)? = o["expected"], let status = expected["status"]?.stringValue else {
            throw CaseError("no 'expected.status'")
        }
        expectedStatus = status
        expectedOutput = expected["output"]
        expectedError = expected["error"]?.stringValue
        expectedCause = expected["cause"]?.stringValue
        bareWildcards = ConformanceCase.wildcards(inNotes: o["notes"]?.stringValue ?? "")
        testCase = o["testCase"]?.stringValue
        stateMachine = o["stateMachine"]?.stringValue
        startTime = o["startTime"]?.stringValue
        self.file = file
        if case .array(let events)? = o["history"] {
            history = events.compactMap { e in e["type"]?.stringValue.map { ($0, e["name"]?.stringValue) } }
        }
    }

    /// Finds every "The bare string 'X' ... is a wildcard" in the notes.
    public static func wildcards(inNotes notes: String) -> Set<String> {
        var out: Set<String> = []
        let marker = "The bare string '"
        var rest = notes[...]
        while let r = rest.range(of: marker) {
            let after = rest[r.upperBound...]
            guard let close = after.range(of: "' in ") ?? after.range(of: "'") else { break }
            out.insert(String(after[..<close.lowerBound]))
            rest = after[close.upperBound...]
        }
        return out
    }
}

/// Why a file is not a usable case.
public struct CaseError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
