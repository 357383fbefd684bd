/// A runtime error as Step Functions models it: the name that Retry and Catch match on
/// (`States.Runtime`, `States.TaskFailed`, a handler's own name, ...) and an optional cause text.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: StatesErrorName
    public var cause: String?

    public init(_ error: StatesErrorName, _ cause: String? = nil) {
        self.error = error
        self.cause = cause
    }

    /// A custom error name given as text (a handler's, a mock's, a Fail state's).
    public init(_ error: String, _ cause: String? = nil) {
        self.init(StatesErrorName(rawValue: error), cause)
    }

    public var description: String { cause.map { "\(error): \($0)" } ?? error.rawValue }
}
