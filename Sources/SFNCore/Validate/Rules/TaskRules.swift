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
