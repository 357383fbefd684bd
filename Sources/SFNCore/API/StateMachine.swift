import SFNJSON

/// How `StateMachine.load` treats what it finds.
public struct LoadOptions: Sendable {
    /// Codes that AWS refuses but that do not stop a machine from loading to run here: each such
    /// error becomes a warning, its message saying that AWS refuses the definition.
    ///
    /// By default this is DUPLICATE_STATE_NAME alone. AWS wants state names unique across the whole
    /// definition, but every name is resolved within its own `States` object (a Parallel branch or
    /// a Map processor is a machine of its own), so nothing is ambiguous when the definition runs
    /// locally; ../shared/bench/parallel.json repeats names across branches and relies on this.
    public var runnableDespite: Set<DiagnosticCode>

    public init(runnableDespite: Set<DiagnosticCode> = [.duplicateStateName]) {
        self.runnableDespite = runnableDespite
    }

    /// Refuses everything AWS refuses.
    public static let strict = LoadOptions(runnableDespite: [])
}

/// A loaded machine with the warnings its definition gave.
public struct LoadResult: Sendable {
    public let machine: StateMachine
    /// Every warning: the definition's own, and the errors `LoadOptions.runnableDespite` let through.
    public let warnings: [Diagnostic]
    /// The errors AWS would refuse that `LoadOptions.runnableDespite` let through, as warnings:
    /// what a command that runs the machine tells its user.
    public let overridden: [Diagnostic]
}

/// A loaded state machine: every path, intrinsic call and JSONata expression compiled, every
/// transition resolved. Load once, run many times, from any task.
public final class StateMachine: Sendable {
    /// The immutable model: states, transitions, compiled expressions and source locations.
    public let definition: MachineDefinition

    private init(definition: MachineDefinition) { self.definition = definition }

    /// Loads a definition given as JSON text in one pass: checked as `sfn validate` checks it and
    /// compiled at once. Throws every error (with line and column) when the definition cannot run.
    public static func load(_ text: String, options: LoadOptions = LoadOptions()) throws(DefinitionError) -> LoadResult
    {
        try accept(DefinitionLoader.load(text: text), options: options)
    }

    /// Loads a definition that is already parsed (no line and column in diagnostics).
    public static func load(definition: JSONValue, options: LoadOptions = LoadOptions()) throws(DefinitionError)
        -> LoadResult
    {
        try accept(DefinitionLoader.load(definition, locations: nil), options: options)
    }

    /// Loads a parsed definition whose values `locations` places in a file (YAML, a template).
    public static func load(
        definition: JSONValue, locations: SourceLocations?, options: LoadOptions = LoadOptions()
    ) throws(DefinitionError) -> LoadResult {
        try accept(DefinitionLoader.load(definition, locations: locations), options: options)
    }

    private static func accept(
        _ loaded: (definition: MachineDefinition?, diagnostics: [Diagnostic]),
        options: LoadOptions
    ) throws(DefinitionError) -> LoadResult {
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var overridden: [Diagnostic] = []
        for d in loaded.diagnostics {
            if d.severity == .warning {
                warnings.append(d)
            } else if options.runnableDespite.contains(d.code) {
                var w = d
                w.severity = .warning
                w.message += " (AWS refuses this definition; sfn runs it anyway)"
                warnings.append(w)
                overridden.append(w)
            } else {
                errors.append(d)
            }
        }
        guard errors.isEmpty, let definition = loaded.definition else {
            if errors.isEmpty {
                errors.append(Diagnostic(code: .schema, message: "The definition could not be loaded", pointer: ""))
            }
            throw DefinitionError(diagnostics: errors)
        }
        return LoadResult(machine: StateMachine(definition: definition), warnings: warnings, overridden: overridden)
    }

    /// Loads a definition given as JSON text with the default options, dropping the warnings.
    public convenience init(definitionText: String) throws(DefinitionError) {
        self.init(definition: try Self.load(definitionText).machine.definition)
    }

    /// Loads a definition that is already parsed, with the default options.
    public convenience init(definition: JSONValue) throws(DefinitionError) {
        self.init(definition: try Self.load(definition: definition).machine.definition)
    }

    /// The names of the top-level states, in definition order.
    public var stateNames: [String] { definition.graph.states.map(\.name) }

    /// Runs one execution to its end.
    public func run(input: JSONValue, options: ExecutionOptions = ExecutionOptions()) async -> ExecutionResult {
        await Self.execute(definition, input: input, options: options)
    }
}
