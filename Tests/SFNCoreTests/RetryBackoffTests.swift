import SFNCore
import SFNJSON
import Synchronization
import Testing

/// Retry back-off as AWS computes it, seen through the injected sleep; and Map's MaxConcurrency
/// as an exact bound on iterations in flight.
struct RetryBackoffTests {
    /// Records what the executor asked to sleep, in milliseconds.
    final class SleepLog: Sendable {
        let millis = Mutex<[Double]>([])
        var recorded: [Double] { millis.withLock { $0 } }
    }

    /// Options whose sleeps are recorded (not slept) and a dispatcher whose `local:flaky` always fails.
    static func options(_ log: SleepLog, attempts: Counter) -> ExecutionOptions {
        var o = testOptions(skipWaits: false)
        o.sleep = { ms in log.millis.withLock { $0.append(ms) } }
        var tasks = TaskDispatcher()
        tasks.register(resource: "local:flaky") { _ in
            attempts.increment()
            throw StatesError("Flaky", "try again")
        }
        o.tasks = tasks
        return o
    }

    final class Counter: Sendable {
        let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    static func machine(retrier: String) -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:flaky","Retry":["# + retrier
            + #"],"End":true}}}"#
    }

    @Test(arguments: [
        // Defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.
        (#"{"ErrorEquals":["Flaky"]}"#, [1000.0, 2000, 4000]),
        (#"{"ErrorEquals":["Flaky"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":1.5}"#, [3000, 4500]),
        // MaxDelaySeconds caps every interval.
        (
            #"{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":5,"BackoffRate":3,"MaxDelaySeconds":10}"#,
            [1000, 3000, 9000, 10000, 10000]
        ),
        // MaxAttempts 0: never retried.
        (#"{"ErrorEquals":["Flaky"],"MaxAttempts":0}"#, []),
        // A retrier for other errors does not apply.
        (#"{"ErrorEquals":["Other"]}"#, []),
    ])
    func backoffIntervals(retrier: String, expected: [Double]) async throws {
        let log = SleepLog()
        let attempts = Counter()
        let r = try await execute(Self.machine(retrier: retrier), options: Self.options(log, attempts: attempts))
        #expect(r.status == .failed)
        #expect(r.error == "Flaky")
        #expect(log.recorded == expected)
        #expect(attempts.count == expected.count + 1)
    }

    @Test func fullJitterScalesEachIntervalByTheInjectedRandomness() async throws {
        let log = SleepLog()
        let attempts = Counter()
        let retrier = #"{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":3,"JitterStrategy":"FULL"}"#
        _ = try await execute(Self.machine(retrier: retrier), options: Self.options(log, attempts: attempts))
        // testOptions' random source returns 0x0123456789ABCDEF: a fraction of about 0.00445.
        let fraction = Double(UInt64(0x0123_4567_89AB_CDEF) >> 11) / Double(UInt64(1) << 53)
        let full: [Double] = [2000, 4000, 8000]
        #expect(log.recorded.count == 3)
        for (got, whole) in zip(log.recorded, full) {
            #expect(abs(got - whole * fraction) < 1e-6)
            #expect(got < whole)
        }
    }

    @Test func noWaitSkipsRetrySleepsButTheClockAdvances() async throws {
        let log = SleepLog()
        let attempts = Counter()
        var options = Self.options(log, attempts: attempts)
        options.skipWaits = true
        let def =
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:flaky","Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["Flaky"],"Next":"After"}],"End":true},"After":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}"#
        let r = try await execute(def, options: options)
        #expect(log.recorded.isEmpty)
        #expect(attempts.count == 3)
        // testOptions' clock stands at 2023-11-14T22:13:20Z; the skipped back-off is 1 s + 2 s.
        #expect(r.output == ["t": "2023-11-14T22:13:23.000Z"])
    }

    @Test(arguments: [1, 3, 5])
    func mapRunsAtMostMaxConcurrencyIterationsAtOnce(limit: Int) async throws {
        let inFlight = Mutex((now: 0, peak: 0))
        var tasks = TaskDispatcher()
        tasks.register(resource: "local:work") { request in
            inFlight.withLock {
                $0.now += 1; $0.peak = max($0.peak, $0.now)
            }
            try await Task.sleep(nanoseconds: 100_000_000)
            inFlight.withLock { $0.now -= 1 }
            return request.input
        }
        var options = testOptions()
        options.tasks = tasks
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":"# + String(limit)
            + #","ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"local:work","End":true}}},"End":true}}}"#
        let items = JSONValue.array((0..<12).map { .int($0) })
        let r = try await execute(def, input: items, options: options)
        #expect(r.output == items)
        // Never more than the limit; and the limit is reached, so iterations do run side by side.
        #expect(inFlight.withLock { $0.peak } == limit)
    }
}
