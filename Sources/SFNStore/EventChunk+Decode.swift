import SFNCore
import SFNJSON

extension EventChunk {
    /// The events of a stored chunk (`firstId` is the row's first_id), typed again; throws with
    /// what is malformed.
    static func decode(_ bytes: [UInt8], firstId: Int) throws(ExecutionStoreError) -> [HistoryEvent] {
        var reader = ChunkReader(bytes: bytes)
        var out: [HistoryEvent] = []
        var lastId = firstId - 1
        var lastMillis = 0
        while !reader.atEnd {
            let code = try reader.byte()
            let type: HistoryEventType
            if code == 255 {
                let name = try reader.text()
                guard let t = HistoryEventType(rawValue: name) else { throw reader.malformed("unknown type \(name)") }
                type = t
            } else {
                guard Int(code) < types.count else { throw reader.malformed("unknown type code \(code)") }
                type = types[Int(code)]
            }
            let id = lastId + 1 + (try reader.signed())
            let previous = id - (try reader.signed())
            let millis = lastMillis &+ (try reader.signed())
            lastId = id
            lastMillis = millis
            let details = try reader.details()
            out.append(
                HistoryEvent(id: id, previousEventId: previous, timestamp: Double(millis), type: type, details: details)
            )
        }
        return out
    }
}

/// Reads what `EventChunk` wrote.
private struct ChunkReader {
    let bytes: [UInt8]
    var at = 0
    var strings: [String] = []
    var payloads: [JSONValue] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { at >= bytes.count }

    func malformed(_ what: String) -> ExecutionStoreError {
        ExecutionStoreError(.unavailable, "a stored event chunk is malformed at byte \(at): \(what)")
    }

    mutating func byte() throws(ExecutionStoreError) -> UInt8 {
        guard at < bytes.count else { throw malformed("it ends too early") }
        at += 1
        return bytes[at - 1]
    }

    mutating func unsigned() throws(ExecutionStoreError) -> UInt {
        var n: UInt = 0
        var shift: UInt = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw malformed("a number is too long") }
            n |= UInt(b & 0x7F) << shift
            if b < 0x80 { return n }
            shift += 7
        }
    }

    mutating func signed() throws(ExecutionStoreError) -> Int {
        let u = try unsigned()
        return Int(bitPattern: u >> 1) ^ -Int(bitPattern: u & 1)
    }

    mutating func text() throws(ExecutionStoreError) -> String {
        let n = Int(try unsigned())
        guard n <= bytes.count - at else { throw malformed("a string runs past the end") }
        defer { at += n }
        return String(decoding: bytes[at..<at + n], as: UTF8.self)
    }

    mutating func string() throws(ExecutionStoreError) -> String {
        let index = Int(try unsigned())
        if index < strings.count { return strings[index] }
        guard index == strings.count else { throw malformed("string \(index) comes before its text") }
        strings.append(try text())
        return strings[index]
    }

    mutating func optionalString() throws(ExecutionStoreError) -> String? {
        try byte() == 0 ? nil : try string()
    }

    mutating func optionalInt() throws(ExecutionStoreError) -> Int? {
        try byte() == 0 ? nil : try signed()
    }

    mutating func payload() throws(ExecutionStoreError) -> JSONValue {
        let index = Int(try unsigned())
        if index < payloads.count { return payloads[index] }
        guard index == payloads.count, bytes.count - at >= 4 else { throw malformed("payload \(index) is missing") }
        var length = 0
        for k in 0..<4 { length |= Int(bytes[at + k]) << (8 * k) }
        at += 4
        guard length <= bytes.count - at else { throw malformed("a payload runs past the end") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: Array(bytes[at..<at + length]), maxDepth: 100_000)
        } catch {
            throw malformed("a payload is not JSON: \(error.message)")
        }
        at += length
        payloads.append(value)
        return value
    }

    mutating func optionalPayload() throws(ExecutionStoreError) -> JSONValue? {
        // Not `nil` in a ternary: JSONValue takes nil literals, which would make `.null`.
        if try byte() == 0 { return Optional<JSONValue>.none }
        return try payload()
    }

    mutating func error() throws(ExecutionStoreError) -> StatesErrorName? {
        try optionalString().map { StatesErrorName(rawValue: $0) }
    }

    mutating func resource() throws(ExecutionStoreError) -> TaskResource {
        TaskResource(resourceType: try string(), resource: try string())
    }

    mutating func details() throws(ExecutionStoreError) -> HistoryEventDetails {
        let code = try byte()
        guard let kind = EventChunk.Kind(rawValue: code) else { throw malformed("unknown details kind \(code)") }
        switch kind {
        case .none: return .none
        case .executionStarted: return .executionStarted(input: try payload(), roleArn: try string())
        case .executionSucceeded: return .executionSucceeded(output: try payload())
        case .executionEnded: return .executionEnded(error: try error(), cause: try optionalString())
        case .stateEntered: return .stateEntered(name: try string(), input: try payload())
        case .stateExited:
            return .stateExited(name: try string(), output: try payload(), assignedVariables: try optionalPayload())
        case .evaluationFailed:
            return .evaluationFailed(
                error: try error() ?? "", cause: try optionalString(), location: try optionalString(),
                state: try string())
        case .taskScheduled:
            return .taskScheduled(
                try resource(), region: try string(), parameters: try payload(), timeoutInSeconds: try optionalInt(),
                heartbeatInSeconds: try optionalInt())
        case .taskStarted: return .taskStarted(try resource())
        case .taskOutput: return .taskOutput(try resource(), output: try optionalPayload())
        case .taskFailed: return .taskFailed(try resource(), error: try error() ?? "", cause: try optionalString())
        case .lambdaFunctionScheduled:
            return .lambdaFunctionScheduled(
                resource: try string(), input: try payload(), timeoutInSeconds: try optionalInt())
        case .lambdaFunctionSucceeded: return .lambdaFunctionSucceeded(output: try payload())
        case .lambdaFunctionFailed: return .lambdaFunctionFailed(error: try error() ?? "", cause: try optionalString())
        case .mapStateStarted: return .mapStateStarted(length: try signed())
        case .mapIteration: return .mapIteration(name: try string(), index: try signed())
        case .mapRunStarted: return .mapRunStarted(mapRunArn: try string())
        case .mapRunFailed: return .mapRunFailed(error: try error(), cause: try optionalString())
        case .executionRedriven: return .executionRedriven(redriveCount: try signed())
        }
    }
}
