import SFNJSON

/// Parallel states: a non-empty list of branches, each a state machine of its own.
enum ParallelRules {
    static func check(_ ctx: StateContext) -> ParallelState? {
        guard let branches = ctx.object["Branches"] else {
            ctx.error("A Parallel state must have the field 'Branches'", at: ctx.pointer)
            return nil
        }
        guard case .array(let list) = branches, !list.isEmpty else {
            ctx.error("The field 'Branches' must be a non-empty array of state machines", at: ctx.at("Branches"))
            return nil
        }
        let graphs = list.enumerated().compactMap { i, b in
            MachineLoader.load(b, pointer: JSONPointer.appending(ctx.at("Branches"), i), kind: .branch,
                               language: ctx.machineLanguage, scope: VariableScope(parent: ctx.scope),
                               depth: ctx.machineDepth + 1, walk: ctx.walk)
        }
        return graphs.count == list.count ? ParallelState(branches: graphs) : nil
    }
}
