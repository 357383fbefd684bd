import SFNJSON

/// The execution-wide part of the context object (`$$.Execution`, `$$.StateMachine`), built once.
struct ExecutionInfo {
    let startMillis: Double
    let executionObject: JSONValue
    let stateMachineObject: JSONValue
    let executionArn: String
    let roleArn: String
    /// `arn:...:mapRun:` plus the machine's name: what a Map Run's ARN starts with.
    let mapRunPrefix: String
    let name: String
    /// Context members that replace the made-up ones (TestState's `context`); objects merge.
    var contextOverrides: JSONObject?

    /// A redriven execution keeps its recorded `startMillis` and counts its `redriveCount`.
    init(options: ExecutionOptions, input: JSONValue, startMillis: Double? = nil, redriveCount: Int = 0) {
        self.startMillis = startMillis ?? options.now()
        let name = options.executionName ?? ExecutionInfo.uuid(options.random)
        let prefix = "arn:\(options.partition):states:\(options.region):\(options.accountId):"
        let machineArn = prefix + "stateMachine:" + options.stateMachineName
        executionArn = prefix + "execution:" + options.stateMachineName + ":" + name
        let role =
            options.roleArn ?? "arn:\(options.partition):iam::\(options.accountId):role/StepFunctionsExecutionRole"
        roleArn = role
        self.name = name
        mapRunPrefix = prefix + "mapRun:" + options.stateMachineName + "/"
        var exec = JSONObject(minimumCapacity: 6)
        exec.append("Id", .string(executionArn))
        exec.append("Input", input)
        exec.append("Name", .string(name))
        exec.append("RoleArn", .string(role))
        exec.append("StartTime", .string(Timestamp.format(millis: self.startMillis)))
        exec.append("RedriveCount", .int(redriveCount))
        executionObject = .object(exec)
        var sm = JSONObject(minimumCapacity: 2)
        sm.append("Id", .string(machineArn))
        sm.append("Name", .string(options.stateMachineName))
        stateMachineObject = .object(sm)
    }

    /// The ARN of a Map Run, unique within the execution (no randomness drawn: observing an
    /// execution must not change what it computes).
    func mapRunArn(stateName: String, enteredEventId: Int) -> String {
        mapRunPrefix + stateName + ":" + name + "-" + String(enteredEventId)
    }

    /// The context object as a state sees it on entry.
    func context(
        stateName: String, enteredMillis: Double, retryCount: Int? = nil, mapItem: JSONValue? = nil,
        taskToken: String? = nil
    ) -> JSONValue {
        var state = JSONObject(minimumCapacity: 3)
        state.append("EnteredTime", .string(Timestamp.format(millis: enteredMillis)))
        state.append("Name", .string(stateName))
        if let retryCount { state.append("RetryCount", .int(retryCount)) }
        var ctx = JSONObject(minimumCapacity: 4)
        ctx.append("Execution", executionObject)
        ctx.append("State", .object(state))
        ctx.append("StateMachine", stateMachineObject)
        if let mapItem {
            var map = JSONObject(minimumCapacity: 1)
            map.append("Item", mapItem)
            ctx.append("Map", .object(map))
        }
        if let taskToken {
            var task = JSONObject(minimumCapacity: 1)
            task.append("Token", .string(taskToken))
            ctx.append("Task", .object(task))
        }
        if let overrides = contextOverrides { Self.merge(overrides, into: &ctx) }
        return .object(ctx)
    }

    static func merge(_ overrides: JSONObject, into ctx: inout JSONObject) {
        for (k, v) in overrides {
            if case .object(let given) = v, case .object(var made)? = ctx[k] {
                for (ik, iv) in given { made[ik] = iv }
                ctx[k] = .object(made)
            } else {
                ctx[k] = v
            }
        }
    }

    /// A callback task's token: 256 random bits in hex, drawn from the system's generator rather
    /// than the execution's, so that issuing one changes nothing the execution computes.
    static func taskToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            for k in 0..<16 { out.append(hex[Int((word >> UInt64(60 - 4 * k)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A random version-4 UUID in lowercase hex.
    static func uuid(_ random: () -> UInt64) -> String {
        var hi = random()
        var lo = random()
        hi = (hi & ~0xF000) | 0x4000
        lo = (lo & ~(0xC << 60)) | (0x8 << 60)
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, word) in [hi, lo].enumerated() {
            for k in 0..<16 {
                let pos = i * 16 + k
                if pos == 8 || pos == 12 || pos == 16 || pos == 20 { out.append(UInt8(ascii: "-")) }
                out.append(hex[Int((word >> UInt64(60 - 4 * k)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
