/// An error type that knows which Step Functions error it stands for.
public protocol TaskErrorConvertible: Error {
    var statesError: StatesError { get }
}

extension StatesError {
    /// Error name reported when a task was stopped because its Swift task was cancelled (a failed
    /// Parallel branch cancels its siblings). The interpreter discards such results; the name is
    /// deliberately outside the `States.` namespace so no Retry or Catch can match it by accident
    /// except `States.ALL`, which the interpreter must not apply to a cancelled branch.
    public static let cancelledName = StatesErrorName.cancelled.rawValue

    /// The error for a cancelled task.
    public static var cancelled: StatesError { StatesError(.cancelled, "The task was cancelled.") }

    /// Maps whatever a handler threw to the error Retry and Catch see: a `StatesError` as is, a
    /// `TaskErrorConvertible` through its conversion, cancellation to `cancelled`, and anything
    /// else to an error named after its type (as Lambda names an exception after its class) with
    /// its description as the cause.
    public init(wrapping error: any Error) {
        switch error {
        case let e as StatesError: self = e
        case let e as TaskErrorConvertible: self = e.statesError
        case is CancellationError: self = .cancelled
        default: self.init(String(describing: type(of: error)), String(describing: error))
        }
    }
}
