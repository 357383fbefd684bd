import Dispatch
import SFNCore
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--history FILE`: the events as GetExecutionHistory returns them, `{"events": [...]}`, one
/// event a line. Streamed as they happen (a long run does not keep its history in memory), into
/// a temporary file that becomes FILE when the run ends.
///
/// The run's thread only hands events over, in batches; a writer thread of its own formats them
/// into a byte buffer and writes the file, on the other core: formatting cost about two thirds
/// of a run that writes its history. At most `maxBatches` batches wait at a time (the run waits
/// for the writer beyond that), so a writer slower than the run does not fill memory.
final class HistoryFileObserver: ExecutionObserver, @unchecked Sendable {
    // What the run's thread and the writer share, under `lock()`: the batch being filled, full
    // batches waiting for the writer, emptied batches the writer hands back (so that batches are
    // not allocated per batch), and whether the document has ended.
    @exclusivity(unchecked) private var batch = HistoryFileBatch()
    @exclusivity(unchecked) private var ready: [HistoryFileBatch] = []
    @exclusivity(unchecked) private var spare: [HistoryFileBatch] = []
    @exclusivity(unchecked) private var closed = false
    /// A spin lock: taken for an append by the run's thread and for a swap of arrays by the
    /// writer, never for long. A `Mutex` cost the run's thread about 50 instructions an event.
    private let busy = Atomic<Bool>(false)

    /// Signalled per batch handed over, and when the document ends.
    private let wake = DispatchSemaphore(value: 0)
    /// Batches that may be handed over before the writer takes them.
    private let slots = DispatchSemaphore(value: HistoryFileObserver.maxBatches)
    private let writerDone = DispatchSemaphore(value: 0)
    private static let maxBatches = 8

    // The writer's own: used by the writer thread, then by `finish` once that thread is done.
    private let sink: OutputSink
    @exclusivity(unchecked) private var writer = HistoryEventWriter()
    @exclusivity(unchecked) private var count = 0
    /// Events formatted since the sink last got a block. No line of the document ends an event
    /// (each starts with the comma and newline after the one before), so the sink would only
    /// pass them on in blocks of its own anyway; handing it blocks spares a copy per event.
    private let block = ByteBuffer(capacity: HistoryFileObserver.blockSize + 4096)
    private static let blockSize = 1 << 16
    private static let opening = Array("{\"events\": [\n".utf8)

    init(_ sink: OutputSink) {
        self.sink = sink
        DispatchQueue(label: "sfn.history-writer").async { [self] in writeUntilClosed() }
    }

    func receive(_ event: HistoryEvent) { take(event) }

    /// The event moves into the batch: no retain and release of its payload.
    func take(_ event: consuming HistoryEvent) {
        // A full batch joins the queue under the same lock that ordered its events: branches
        // on several threads hand events over in id order, and batches must stay in it.
        lock()
        if closed { return unlock() }
        batch.append(event)
        if !batch.isFull { return unlock() }
        ready.append(batch)
        batch = spare.popLast() ?? HistoryFileBatch()
        unlock()
        wake.signal()
        // Past `maxBatches` waiting, the run waits for the writer.
        slots.wait()
    }

    @inline(__always) private func lock() {
        while !busy.weakCompareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            sched_yield()
        }
    }

    @inline(__always) private func unlock() { busy.store(false, ordering: .releasing) }

    /// The writer thread: formats batches as they come until the document ends.
    private func writeUntilClosed() {
        while true {
            wake.wait()
            lock()
            let (batches, ended) = (ready, closed)
            ready.removeAll(keepingCapacity: true)
            unlock()
            for full in batches {
                full.drain { format($0) }
                lock()
                spare.append(full)
                unlock()
                slots.signal()
            }
            if ended { break }
        }
        writerDone.signal()
    }

    private func format(_ event: HistoryEvent) {
        if count == 0 {
            block.append(Self.opening)
        } else {
            block.append(44)
            block.append(10)
        }
        writer.write(event, to: block)
        count += 1
        if block.count >= Self.blockSize {
            sink.write(block.bytes)
            block.removeAll()
        }
    }

    /// Ends the document and puts the file in place; returns a problem, if any.
    func finish() -> String? {
        lock()
        let first = !closed
        if first {
            closed = true
            if !batch.isEmpty {
                ready.append(batch)
                batch = HistoryFileBatch()
            }
        }
        unlock()
        guard first else { return nil }
        wake.signal()
        writerDone.wait()
        sink.write(block.bytes)
        block.removeAll()
        sink.write(count == 0 ? "{\"events\": []}\n" : "\n]}\n")
        return sink.close()
    }
}

/// `--log-level`: execution events as Step Functions sends them to CloudWatch Logs, one JSON
/// object a line: `id`, `type`, `details`, `previous_event_id`, `event_timestamp` (ids and
/// milliseconds as strings, as AWS writes them) and `execution_arn`.
final class CloudWatchLogObserver: ExecutionObserver {
    enum Level: String, CaseIterable {
        case all = "ALL"
        case error = "ERROR"
        case fatal = "FATAL"
        case off = "OFF"
    }

    /// What ERROR logs, as AWS's log-level table lists it (types we never produce included, so
    /// the table reads as AWS's).
    static let errorTypes: Set<String> = [
        "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut", "FailStateEntered", "LambdaFunctionFailed",
        "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut", "MapStateAborted",
        "MapStateFailed", "MapIterationAborted", "MapIterationFailed", "MapRunAborted", "MapRunFailed",
        "ParallelStateAborted", "ParallelStateFailed", "TaskFailed", "TaskStartFailed", "TaskStateAborted",
        "TaskSubmitFailed", "TaskTimedOut", "WaitStateAborted",
    ]
    /// What FATAL logs: how an execution ends when it does not succeed.
    static let fatalTypes: Set<String> = ["ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut"]

    /// The members of `details` that carry execution data, left out without
    /// `--include-execution-data` (with their `...Details`).
    static let dataMembers: Set<String> = [
        "input", "inputDetails", "output", "outputDetails", "parameters", "assignedVariables",
        "assignedVariablesDetails",
    ]

    private let level: Level
    private let includeData: Bool
    private let executionArn: String
    private let sink: Mutex<OutputSink>

    init(level: Level, includeExecutionData: Bool, executionArn: String, sink: OutputSink) {
        self.level = level
        self.includeData = includeExecutionData
        self.executionArn = executionArn
        self.sink = Mutex(sink)
    }

    static func logs(_ type: HistoryEventType, at level: Level) -> Bool {
        switch level {
        case .all: return true
        case .off: return false
        case .error: return errorTypes.contains(type.rawValue)
        case .fatal: return fatalTypes.contains(type.rawValue)
        }
    }

    /// The log record of one event.
    func record(_ event: HistoryEvent) -> JSONValue {
        var o = JSONObject(minimumCapacity: 6)
        o.append("id", .string(String(event.id)))
        o.append("type", .string(event.type.rawValue))
        var details = JSONObject()
        if let key = event.type.detailsKey, case .object(let body)? = event.json[key] {
            for (k, v) in body where includeData || !Self.dataMembers.contains(k) { details.append(k, v) }
        }
        o.append("details", .object(details))
        o.append("previous_event_id", .string(String(event.previousEventId)))
        o.append("event_timestamp", .string(String(Int64(event.timestamp))))
        o.append("execution_arn", .string(executionArn))
        return .object(o)
    }

    func receive(_ event: HistoryEvent) {
        guard Self.logs(event.type, at: level) else { return }
        var bytes: [UInt8] = []
        JSONPrinter.write(record(event), into: &bytes, indent: nil)
        bytes.append(UInt8(ascii: "\n"))
        sink.withLock { $0.write(bytes) }
    }

    func finish() -> String? { sink.withLock { $0.close() } }
}
