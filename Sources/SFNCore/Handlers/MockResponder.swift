import SFNJSON
import Synchronization

/// Answers Task invocations from one test case, counting invocations per state. Thread-safe: Map
/// iterations may call it concurrently (then which iteration gets which number depends on timing,
/// as in Step Functions Local; use MaxConcurrency 1 for a fixed order).
public final class MockResponder: Sendable {
    public let responses: [String: MockConfig.MockedResponse]
    private let counters = Mutex<[String: Int]>([:])

    public init(config: MockConfig, machine: String, testCase: String) throws(StatesError) {
        responses = try config.testCase(machine: machine, testCase)
    }

    /// A responder over already resolved responses, counting from 0.
    public init(responses: [String: MockConfig.MockedResponse]) {
        self.responses = responses
    }

    /// True when the test case mocks this state.
    public func mocks(state: String) -> Bool { responses[state] != nil }

    /// Consumes the next invocation number of `state` and returns its response; nil when the
    /// state is not mocked.
    public func respond(state: String) throws(StatesError) -> JSONValue? {
        guard let mocked = responses[state] else { return nil }
        let n = counters.withLock { c -> Int in
            let n = c[state, default: 0]
            c[state] = n + 1
            return n
        }
        switch mocked.response(forInvocation: n) {
        case .return(let v)?: return v
        case .throw(let e)?: throw e
        case nil:
            throw StatesError(
                "States.Runtime",
                "The mocked response '\(mocked.name)' for state '\(state)' has no entry for invocation \(n) (invocations count from 0; every retry and Map iteration is one)."
            )
        }
    }

    /// How many times each state has been invoked.
    public var invocationCounts: [String: Int] { counters.withLock { $0 } }

    /// Starts counting from 0 again, for a new execution.
    public func reset() { counters.withLock { $0.removeAll() } }
}
