import SFNJSON

/// Parallel states: a non-empty list of branches, each a state machine of its own.
enum ParallelRules {
    static func check(_ ctx: StateContext) -> ParallelState? {
        guard let list = ctx.requiredList("Branches", of: "state machines") else { return nil }
        let graphs = list.enumerated().compactMap { i, b in
            MachineLoader.load(
                b, pointer: JSONPointer.appending(ctx.at("Branches"), i), kind: .branch,
                language: ctx.machineLanguage, scope: VariableScope(parent: ctx.scope),
                depth: ctx.machineDepth + 1, walk: ctx.walk)
        }
        return graphs.count == list.count ? ParallelState(branches: graphs) : nil
    }
}
