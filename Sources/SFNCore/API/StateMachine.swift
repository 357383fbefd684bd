import SFNJSON

/// A loaded state machine: every path, intrinsic call and JSONata expression compiled, every
/// transition resolved. Load once, run many times, from any task.
public final class StateMachine: Sendable {
    let definition: MachineDefinition

    /// Parses and compiles a definition given as JSON text. Problems are reported with line and
    /// column.
    public init(definitionText: String) throws(DefinitionError) {
        let parsed: (value: JSONValue, locations: SourceLocations)
        do {
            parsed = try JSONParser.parseWithLocations(definitionText)
        } catch {
            throw DefinitionError(diagnostics: [Diagnostic(
                code: "INVALID_JSON", message: "The definition is not valid JSON: \(error.message)", pointer: "",
                location: SourceLocation(line: error.line, column: error.column))])
        }
        definition = try DefinitionParser.parse(parsed.value, locations: parsed.locations)
    }

    /// Compiles a definition that is already parsed.
    public init(definition: JSONValue) throws(DefinitionError) {
        self.definition = try DefinitionParser.parse(definition, locations: nil)
    }

    /// The names of the top-level states, in definition order.
    public var stateNames: [String] { definition.graph.states.map(\.name) }

    /// Runs one execution to its end.
    public func run(input: JSONValue, options: ExecutionOptions = ExecutionOptions()) async -> ExecutionResult {
        await Self.execute(definition, input: input, options: options)
    }
}
