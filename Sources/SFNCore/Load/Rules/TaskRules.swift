import SFNJSON

/// Task states: a Resource, and a heartbeat shorter than the timeout.
enum TaskRules {
    static func check(_ ctx: StateContext, fields: CompiledFields) -> TaskState? {
        guard case .value(.string(let resource))? = fields["Resource"] else {
            if ctx.object["Resource"] == nil {
                ctx.error("A Task state must have the field 'Resource'", at: ctx.pointer)
            }
            return nil
        }
        let timeout = fields.number("TimeoutSeconds")
        let heartbeat = fields.number("HeartbeatSeconds")
        if case .literal(let tv)? = timeout, case .literal(let hv)? = heartbeat,
            let t = tv.intValue, let h = hv.intValue, h >= t
        {
            ctx.error(
                "'HeartbeatSeconds' (\(h)) must be smaller than 'TimeoutSeconds' (\(t))", at: ctx.at("HeartbeatSeconds")
            )
        }
        return TaskState(
            resource: resource, timeoutSeconds: timeout, heartbeatSeconds: heartbeat,
            credentials: fields.value("Credentials"))
    }
}

/// Wait states: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath (the field table
/// refuses two of them).
enum WaitRules {
    static func check(_ ctx: StateContext, fields: CompiledFields) -> WaitState? {
        if let n = fields.number("Seconds") {
            switch n {
            case .literal(let v): return v.intValue.map { WaitState(duration: .seconds($0)) }
            case .path(let p): return WaitState(duration: .secondsPath(p))
            case .jsonata(let e): return WaitState(duration: .jsonataSeconds(e))
            }
        }
        switch fields["Timestamp"] {
        case .jsonata(let e)?: return WaitState(duration: .jsonataTimestamp(e))
        case .value(.string(let s))?:
            guard let millis = Timestamp.parse(s) else {
                ctx.error(
                    "The field 'Timestamp' must be an ISO-8601 date-time such as \"2016-03-14T01:59:00Z\"",
                    at: ctx.at("Timestamp"))
                return nil
            }
            return WaitState(duration: .timestamp(s, millis: millis))
        default: break
        }
        if case .path(let p)? = fields["TimestampPath"] { return WaitState(duration: .timestampPath(p)) }
        if !["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].contains(where: { ctx.object[$0] != nil }) {
            ctx.error(
                "A Wait state must have one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'",
                at: ctx.pointer)
        }
        return nil
    }
}
