/// One line a task's command wrote to its standard error. Not an AWS history event (AWS keeps no
/// such thing): observers receive it beside the events (`ExecutionObserver.taskStderr`), the store
/// keeps it apart from them, and nothing AWS-shaped ever carries it.
public struct TaskStderrLine: Sendable, Hashable {
    /// The Task state whose command wrote it.
    public var stateName: String
    /// The id of the event the line follows: the attempt's TaskStarted (or LambdaFunctionStarted).
    /// Exact when events are observed; without event observers it is the count so far.
    public var eventId: Int
    /// The line without its newline (invalid UTF-8 replaced).
    public var text: String

    public init(stateName: String, eventId: Int, text: String) {
        self.stateName = stateName
        self.eventId = eventId
        self.text = text
    }
}

/// Splits a command's stderr into lines as it arrives, for `TaskRequest.stderrLine`. Fed by one
/// thread at a time (the process event loop); a last line without a newline comes out at the end.
final class StderrLineSplitter {
    private let deliver: @Sendable (String) -> Void
    private var partial: [UInt8] = []
    /// A line longer than this is cut into pieces (a command writing megabytes with no newline
    /// must not grow this buffer without bound).
    static let maxLineBytes = 16 << 10

    init(_ deliver: @escaping @Sendable (String) -> Void) { self.deliver = deliver }

    func feed(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes {
            if b == 0x0A {
                emit()
            } else {
                partial.append(b)
                if partial.count >= Self.maxLineBytes { emit() }
            }
        }
    }

    /// Delivers what is left once the pipe is closed.
    func finish() {
        if !partial.isEmpty { emit() }
    }

    private func emit() {
        if partial.last == 0x0D { partial.removeLast() }
        deliver(String(decoding: partial, as: UTF8.self))
        partial.removeAll(keepingCapacity: true)
    }
}
