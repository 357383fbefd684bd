import SFNJSON

/// `--max-payload` where a state produces a value in bulk: a task's result and the collected
/// results of a Map or Parallel are measured once, when the state hands them to its data flow.
/// (Intrinsic functions and JSONata measure what they build themselves; a value passed along
/// unchanged is never measured again, so ordinary transitions pay nothing.)
extension Executor {
    /// `bound`: the result's `JSONSize.upperBound`, when it is known already (an unobserved
    /// Map's workers add up their outputs' as they write them: walking 100,000 results again
    /// here, on one thread, cost about 650 instructions an item).
    func checkPayloadLimit(_ result: JSONValue, bound: Int? = nil, _ run: inout StateRun) throws(StatesError) {
        let cap = options.maxPayloadBytes
        guard cap < Int.max, (bound ?? JSONSize.upperBound(result, cap: cap)) > cap else { return }
        let size = JSONSize.exact(result, cap: cap)
        guard size > cap else { return }
        let what: String
        switch run.state.kind {
        case .task: what = "The task's result"
        case .map:
            what = "The Map's results"
            run.failedEvent = .mapStateFailed
        case .parallel:
            what = "The Parallel's results"
            run.failedEvent = .parallelStateFailed
        default: what = "The state's result"
        }
        throw Self.payloadLimitError(run.prefix + what, size: size, cap: cap)
    }

    /// States.DataLimitExceeded for `subject` (which names the state and the field).
    static func payloadLimitError(_ subject: String, size: Int, cap: Int) -> StatesError {
        StatesError(
            .dataLimitExceeded,
            "\(subject) is \(size) bytes or more as compact JSON, more than the payload limit of \(cap) bytes "
                + "(--max-payload)")
    }
}
