/// A definition that cannot be loaded: not JSON, or not a state machine this engine can compile.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    /// At least one diagnostic, with pointer and (when parsed from text) line and column.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        diagnostics.map { d in
            let at = d.location.map { "\($0.line):\($0.column): " } ?? ""
            return "\(at)\(d.code): \(d.message)"
        }.joined(separator: "\n")
    }
}
