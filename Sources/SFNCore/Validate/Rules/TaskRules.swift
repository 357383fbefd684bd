import SFNJSON

/// Task states: a Resource, and a heartbeat shorter than the timeout.
enum TaskRules {
    static func check(_ ctx: StateContext) {
        if ctx.object["Resource"] == nil {
            ctx.error("A Task state must have the field 'Resource'", at: ctx.pointer)
        }
        if let t = ctx.object["TimeoutSeconds"]?.intValue, let h = ctx.object["HeartbeatSeconds"]?.intValue,
           ctx.object["TimeoutSeconds"]?.isNumber == true, ctx.object["HeartbeatSeconds"]?.isNumber == true, h >= t {
            ctx.error("'HeartbeatSeconds' (\(h)) must be smaller than 'TimeoutSeconds' (\(t))", at: ctx.at("HeartbeatSeconds"))
        }
    }
}

/// Parallel states: a non-empty list of branches, each a state machine of its own.
enum ParallelRules {
    static func check(_ ctx: StateContext) {
        guard let branches = ctx.object["Branches"] else {
            ctx.error("A Parallel state must have the field 'Branches'", at: ctx.pointer)
            return
        }
        guard case .array(let list) = branches, !list.isEmpty else {
            ctx.error("The field 'Branches' must be a non-empty array of state machines", at: ctx.at("Branches"))
            return
        }
        for (i, b) in list.enumerated() {
            MachineValidator.validate(b, pointer: JSONPointer.appending(ctx.at("Branches"), i), kind: .branch,
                                      language: ctx.language, scope: VariableScope(parent: ctx.scope),
                                      depth: ctx.machineDepth + 1, walk: ctx.walk)
        }
    }
}
