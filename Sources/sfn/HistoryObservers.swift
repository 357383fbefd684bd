import SFNCore
import SFNJSON
import Synchronization

/// `--history FILE`: the events as GetExecutionHistory returns them, `{"events": [...]}`, one
/// event a line. Streamed as they happen (a long run does not keep its history in memory), into
/// a temporary file that becomes FILE when the run ends.
final class HistoryFileObserver: ExecutionObserver {
    private struct State {
        var sink: OutputSink
        var count = 0
        var writer = HistoryEventWriter()
        /// Events written since the sink last got a block. No line of the document ends an event
        /// (each starts with the comma and newline after the one before), so the sink would only
        /// pass them on in blocks of its own anyway; handing it blocks spares a copy per event.
        var block: [UInt8] = []
    }

    private let sink: Mutex<State>
    private static let blockSize = 1 << 16
    private static let opening = Array("{\"events\": [\n".utf8)

    init(_ sink: OutputSink) {
        var state = State(sink: sink)
        state.block.reserveCapacity(Self.blockSize + 4096)
        self.sink = Mutex(state)
    }

    func receive(_ event: HistoryEvent) {
        sink.withLock { s in
            if s.count == 0 {
                s.block.append(contentsOf: Self.opening)
            } else {
                s.block.append(44)
                s.block.append(10)
            }
            s.writer.write(event, into: &s.block)
            s.count += 1
            if s.block.count >= Self.blockSize {
                s.sink.write(s.block)
                s.block.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Ends the document and puts the file in place; returns a problem, if any.
    func finish() -> String? {
        sink.withLock { s in
            s.sink.write(s.block)
            s.block = []
            s.sink.write(s.count == 0 ? "{\"events\": []}\n" : "\n]}\n")
            return s.sink.close()
        }
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
