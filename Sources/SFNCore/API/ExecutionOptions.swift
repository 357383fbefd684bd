import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything an execution takes from the outside world. Clock, sleeping, randomness and names are
/// injected so that tests are deterministic and `--no-wait` can skip sleeping while time advances.
public struct ExecutionOptions: Sendable {
    /// Wall-clock time in milliseconds since 1970.
    public var now: @Sendable () -> Double
    /// Sleeps for the given number of milliseconds (real waiting).
    public var sleep: @Sendable (Double) async -> Void
    /// When true, Wait states do not sleep; the execution's clock jumps ahead by the skipped time.
    public var skipWaits: Bool
    /// Uniformly random 64 bits (States.UUID, States.MathRandom, `$random`, ids).
    public var random: @Sendable () -> UInt64
    /// Keep every history event in `ExecutionResult.history` (costs memory): attaches a
    /// `HistoryRecorder` to the observers.
    public var recordHistory: Bool
    /// Receive every history event as it happens. With none attached (and no `recordHistory`),
    /// events are only counted and never built.
    public var observers: [any ExecutionObserver] = []
    /// Enforce AWS's payload quota: a state output over 256 KiB (UTF-8) fails the execution with
    /// States.DataLimitExceeded. Costs one serialisation per state, so it is off by default.
    public var awsLimits = false
    /// The largest value, in bytes of compact JSON, that a state may produce in bulk (a task's
    /// result, a Map's or Parallel's results, intrinsic and JSONata results): beyond it the
    /// state fails with States.DataLimitExceeded (`--max-payload`; see ExecutionOptions+Payload).
    public var maxPayloadBytes = ExecutionOptions.defaultMaxPayloadBytes
    /// The clock that `now` and `sleep` read when `useVirtualClock` set them; Parallel branches and
    /// Map workers tell it when they run so that it jumps only while all of them sleep.
    public private(set) var virtualClock: VirtualClock?

    /// AWS's hard quota on an execution's history: when the next event would be number
    /// `maxHistoryEvents` and is not ExecutionSucceeded, the execution fails with States.Runtime
    /// ("The execution reached the maximum number of history events (25000).") and that event is
    /// ExecutionFailed, as on AWS, so a runaway loop ends. 0 means no limit.
    public var maxHistoryEvents = ExecutionOptions.awsMaxHistoryEvents

    /// The quota AWS enforces (a hard limit there).
    public static let awsMaxHistoryEvents = 25_000

    /// Runs Task states: Swift handlers, a mock config, a resources map, `shell:` commands.
    /// One dispatcher per execution (mock invocation counts belong to it).
    public var tasks: TaskDispatcher

    public var executionName: String?
    public var stateMachineName: String
    public var region: String
    public var accountId: String
    public var partition: String
    public var roleArn: String?
    /// The folder standing in for Amazon S3 (`s3://bucket/key` is `s3Root/bucket/key`): what a
    /// Distributed Map's ItemReader reads and its ResultWriter writes.
    public var s3Root = ".sfn/s3"
    /// Records each Distributed Map's Map Run and child executions (the store's, from the CLI).
    public var mapRuns: (any MapRunRecorder)?

    public init(
        now: @escaping @Sendable () -> Double = ExecutionOptions.systemNowMillis,
        sleep: @escaping @Sendable (Double) async -> Void = ExecutionOptions.systemSleep,
        skipWaits: Bool = false,
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
        recordHistory: Bool = false, tasks: TaskDispatcher = TaskDispatcher(),
        executionName: String? = nil, stateMachineName: String = "StateMachine",
        region: String = "us-east-1", accountId: String = "123456789012",
        partition: String = "aws", roleArn: String? = nil
    ) {
        self.now = now
        self.sleep = sleep
        self.skipWaits = skipWaits
        self.random = random
        self.recordHistory = recordHistory
        self.tasks = tasks
        self.executionName = executionName
        self.stateMachineName = stateMachineName
        self.region = region
        self.accountId = accountId
        self.partition = partition
        self.roleArn = roleArn
    }

    /// Runs on `clock`: waits and retry back-offs cost no real time, time still advances.
    public mutating func useVirtualClock(_ clock: VirtualClock) {
        virtualClock = clock
        now = { clock.now() }
        sleep = { await clock.sleep($0) }
        skipWaits = false
    }

    /// The system clock in milliseconds since 1970.
    public static let systemNowMillis: @Sendable () -> Double = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec / 1_000_000)
    }

    /// Real sleeping, cancellable.
    public static let systemSleep: @Sendable (Double) async -> Void = { millis in
        guard millis > 0 else { return }
        let nanos = min(millis, 9.0e12) * 1_000_000
        try? await Task.sleep(nanoseconds: UInt64(nanos))
    }
}
