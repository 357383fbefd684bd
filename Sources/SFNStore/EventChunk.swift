import SFNCore
import SFNJSON

/// A batch of history events as one row of `event_chunks` stores them: a compact binary record
/// per event, so that recording a two-million-transition loop writes tens of megabytes, not
/// hundreds. Each record is
///
///     type (1 byte; 255 then the type's name for a type this table lacks)
///     zigzag varints: id - (previous record's id + 1), id - previousEventId,
///                     timestamp - previous record's timestamp (milliseconds)
///     details kind (1 byte, `Kind`) and its fields in order
///
/// Strings (state names, resources, errors) go through a table: a varint index, and the first
/// time, the text inline. Payloads (input, output, parameters, assigned variables) are compact
/// JSON, stored once: a payload equal to one of the last few is a varint reference (a state's
/// output is usually the next state's input). `sfn history --json` turns a chunk back into
/// GetExecutionHistory's JSON.
///
/// The bytes go into a `ByteBuffer` (a class: a copy of a chunk shares them; a chunk is filled by
/// one owner, then only read), and payloads through `PayloadPrinter`, the history file's printer.
struct EventChunk {
    let buffer: ByteBuffer
    private var printer = PayloadPrinter(escaped: false)
    private(set) var count = 0
    private(set) var firstId = 0
    private(set) var lastId = 0
    private var lastMillis = 0
    private var strings: [String: Int] = [:]
    /// The last strings written, checked before the table: a few state names repeat.
    private var recentStrings: [(text: String, index: Int)] = []
    private var payloadCount = 0
    /// The last payloads written or referenced, with their indexes, newest last.
    private var recent: [(value: JSONValue, index: Int)] = []

    /// Details kinds, in the order of `HistoryEventDetails`' cases.
    enum Kind: UInt8 {
        case none, executionStarted, executionSucceeded, executionEnded, stateEntered, stateExited
        case evaluationFailed, taskScheduled, taskStarted, taskOutput, taskFailed, lambdaFunctionScheduled
        case lambdaFunctionSucceeded, lambdaFunctionFailed, mapStateStarted, mapIteration, mapRunStarted
        case mapRunFailed, executionRedriven
    }

    /// Event types by code; a type missing here is written by name.
    static let types: [HistoryEventType] = [
        .executionStarted, .executionSucceeded, .executionFailed, .executionTimedOut, .executionAborted,
        .evaluationFailed, .passStateEntered, .passStateExited, .taskStateEntered, .taskStateExited,
        .choiceStateEntered, .choiceStateExited, .waitStateEntered, .waitStateExited, .succeedStateEntered,
        .succeedStateExited, .failStateEntered, .parallelStateEntered, .parallelStateExited, .parallelStateStarted,
        .parallelStateSucceeded, .parallelStateFailed, .mapStateEntered, .mapStateExited, .mapStateStarted,
        .mapStateSucceeded, .mapStateFailed, .mapIterationStarted, .mapIterationSucceeded, .mapIterationFailed,
        .mapIterationAborted, .mapRunStarted, .mapRunSucceeded, .mapRunFailed, .taskScheduled, .taskStarted,
        .taskSubmitted, .taskSucceeded, .taskFailed, .taskTimedOut, .lambdaFunctionScheduled,
        .lambdaFunctionStarted, .lambdaFunctionSucceeded, .lambdaFunctionFailed, .executionRedriven,
    ]
    /// Codes by the enum's in-memory tag (a byte for a payload-free enum), so that encoding an
    /// event hashes nothing. Built from valid values only; a tag outside it is written by name.
    static let codeByTag: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        guard MemoryLayout<HistoryEventType>.size == 1 else { return table }
        for (code, type) in types.enumerated() { table[Int(unsafeBitCast(type, to: UInt8.self))] = UInt8(code) }
        return table
    }()

    @inline(__always)
    static func code(_ type: HistoryEventType) -> UInt8 {
        guard MemoryLayout<HistoryEventType>.size == 1 else { return types.firstIndex(of: type).map(UInt8.init) ?? 255 }
        return codeByTag[Int(unsafeBitCast(type, to: UInt8.self))]
    }

    init() { buffer = ByteBuffer(capacity: 1 << 16) }

    /// A chunk for a few events (a short execution's): no 64 KB reserved up front.
    init(capacity: Int) { buffer = ByteBuffer(capacity: capacity) }

    /// The chunk's bytes (valid while the chunk is).
    var bytes: UnsafeBufferPointer<UInt8> { buffer.bytes }

    /// `events` in chunks of at most `limit`, in order.
    static func encode(_ events: [HistoryEvent], limit: Int) -> [EventChunk] {
        var chunks: [EventChunk] = []
        var chunk = EventChunk()
        // Through a pointer, not `for in` or the array's subscript: either copies each event out
        // (a retain and a release of every payload it holds).
        events.withUnsafeBufferPointer { events in
            for i in events.indices {
                chunk.append(events.baseAddress! + i)
                if chunk.count == limit {
                    chunks.append(chunk)
                    chunk = EventChunk()
                }
            }
        }
        if chunk.count > 0 { chunks.append(chunk) }
        return chunks
    }

    mutating func append(_ event: HistoryEvent) {
        withUnsafePointer(to: event) { append($0) }
    }

    /// The event where it lies: read field by field, not copied whole (a retain and a release of
    /// every payload it holds).
    mutating func append(_ event: UnsafePointer<HistoryEvent>) {
        if count == 0 {
            firstId = event.pointee.id
            lastId = event.pointee.id - 1
            lastMillis = 0
        }
        count += 1
        let code = Self.code(event.pointee.type)
        if code != 255 {
            buffer.append(code)
        } else {
            buffer.append(255)
            text(event.pointee.type.rawValue)
        }
        signed(event.pointee.id - (lastId + 1))
        signed(event.pointee.id - event.pointee.previousEventId)
        let millis = Int(event.pointee.timestamp.rounded())
        signed(millis &- lastMillis)
        lastId = event.pointee.id
        lastMillis = millis
        details(event.pointee.details)
    }

    private mutating func details(_ details: borrowing HistoryEventDetails) {
        switch details {
        case .none:
            kind(.none)
        case .executionStarted(let input, let roleArn):
            kind(.executionStarted)
            payload(input)
            string(roleArn)
        case .executionSucceeded(let output):
            kind(.executionSucceeded)
            payload(output)
        case .executionEnded(let error, let cause):
            kind(.executionEnded)
            failure(error, cause)
        case .stateEntered(let name, let input):
            kind(.stateEntered)
            string(name)
            payload(input)
        case .stateExited(let name, let output, let assigned):
            kind(.stateExited)
            string(name)
            payload(output)
            optionalPayload(assigned)
        case .evaluationFailed(let error, let cause, let location, let state):
            kind(.evaluationFailed)
            failure(error, cause)
            optionalString(location)
            string(state)
        case .taskScheduled(let task, let region, let parameters, let timeout, let heartbeat):
            kind(.taskScheduled)
            resource(task)
            string(region)
            payload(parameters)
            optionalInt(timeout)
            optionalInt(heartbeat)
        case .taskStarted(let task):
            kind(.taskStarted)
            resource(task)
        case .taskOutput(let task, let output):
            kind(.taskOutput)
            resource(task)
            optionalPayload(output)
        case .taskFailed(let task, let error, let cause):
            kind(.taskFailed)
            resource(task)
            failure(error, cause)
        case .lambdaFunctionScheduled(let resource, let input, let timeout):
            kind(.lambdaFunctionScheduled)
            string(resource)
            payload(input)
            optionalInt(timeout)
        case .lambdaFunctionSucceeded(let output):
            kind(.lambdaFunctionSucceeded)
            payload(output)
        case .lambdaFunctionFailed(let error, let cause):
            kind(.lambdaFunctionFailed)
            failure(error, cause)
        case .mapStateStarted(let length):
            kind(.mapStateStarted)
            signed(length)
        case .mapIteration(let name, let index):
            kind(.mapIteration)
            string(name)
            signed(index)
        case .mapRunStarted(let arn):
            kind(.mapRunStarted)
            string(arn)
        case .mapRunFailed(let error, let cause):
            kind(.mapRunFailed)
            failure(error, cause)
        case .executionRedriven(let count):
            kind(.executionRedriven)
            signed(count)
        }
    }

    private mutating func kind(_ k: Kind) { buffer.append(k.rawValue) }

    private mutating func failure(_ error: StatesErrorName?, _ cause: String?) {
        optionalString(error?.rawValue)
        optionalString(cause)
    }

    private mutating func resource(_ task: TaskResource) {
        string(task.resourceType)
        string(task.resource)
    }

    /// A string through the table: its index, and its text the first time.
    private mutating func string(_ s: String) {
        for entry in recentStrings where entry.text == s {
            unsigned(UInt(entry.index))
            return
        }
        if let index = strings[s] {
            remember(s, index)
            unsigned(UInt(index))
            return
        }
        let index = strings.count
        strings[s] = index
        remember(s, index)
        unsigned(UInt(index))
        text(s)
    }

    private mutating func remember(_ s: String, _ index: Int) {
        if recentStrings.count == 8 { recentStrings.removeFirst() }
        recentStrings.append((s, index))
    }

    /// 0 for nil, else 1 and the string.
    private mutating func optionalString(_ s: String?) {
        guard let s else { return buffer.append(0) }
        buffer.append(1)
        string(s)
    }

    private mutating func optionalInt(_ n: Int?) {
        guard let n else { return buffer.append(0) }
        buffer.append(1)
        signed(n)
    }

    private mutating func optionalPayload(_ value: JSONValue?) {
        guard let value else { return buffer.append(0) }
        buffer.append(1)
        payload(value)
    }

    /// A payload: the index of an equal recent one, else a new index and the compact JSON.
    private mutating func payload(_ value: JSONValue) {
        // Newest first, by index: iterating `reversed()` copies each entry (retaining its value).
        var k = recent.count
        while k > 0 {
            k -= 1
            // Identical first: the same object as the last payload (a state's output becoming the
            // next state's input) needs no walk of its members. Identical implies alike, so the
            // entry found is the one `printsAlike` alone finds.
            if recent[k].value.isIdentical(to: value) || Self.printsAlike(recent[k].value, value) {
                return unsigned(UInt(recent[k].index))
            }
        }
        let index = payloadCount
        payloadCount += 1
        unsigned(UInt(index))
        let lengthAt = buffer.count
        for _ in 0..<4 { buffer.append(0) }
        printer.write(value, to: buffer)
        let length = UInt32(buffer.count - lengthAt - 4)
        for k in 0..<4 { buffer.set(UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))), at: lengthAt + k) }
        if recent.count == 3 { recent.removeFirst() }
        recent.append((value, index))
    }

    /// Whether two payloads print to the same bytes, so one may stand for the other. Stricter
    /// than `==`, which finds `1` and `1.0`, objects in another key order, and canonically
    /// equivalent strings (a precomposed and a decomposed "é") equal: the history must give
    /// back each payload's own text.
    static func printsAlike(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.bigInt(let x), .bigInt(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !printsAlike(x[i], y[i]) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for ((kx, vx), (ky, vy)) in zip(x, y) {
                guard kx.utf8.elementsEqual(ky.utf8), printsAlike(vx, vy) else { return false }
            }
            return true
        default: return false
        }
    }

    private mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt(utf8.count))
            buffer.append(utf8)
        }
    }

    private mutating func signed(_ n: Int) {
        unsigned(UInt(bitPattern: (n << 1) ^ (n >> (Int.bitWidth - 1))))
    }

    private mutating func unsigned(_ n: UInt) {
        var n = n
        while n >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        buffer.append(UInt8(n))
    }
}
