import SFNCore
import SFNJSON
import Synchronization
import Testing

struct FailWaitTests {
    @Test func failWithErrorAndCause() async throws {
        let r = try await execute(single(#"{"Type":"Fail","Error":"E","Cause":"C"}"#))
        #expect(r.status == .failed)
        #expect(r.error == "E" && r.cause == "C")
    }

    @Test func failWithPaths() async throws {
        let r = try await execute(
            single(#"{"Type":"Fail","ErrorPath":"$.e","CausePath":"$$.State.Name"}"#), input: ["e": "Boom"])
        #expect(r.error == "Boom" && r.cause == "S")
    }

    @Test func skippedWaitAdvancesTheClock() async throws {
        let def =
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":90,"Next":"P"},"P":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}"#
        let r = try await execute(def)
        // The fixed clock says 1_700_000_000_000 ms; the wait adds 90 s.
        #expect(r.output == ["t": "2023-11-14T22:14:50.000Z"])
    }

    @Test func realWaitCallsSleep() async throws {
        let slept = Mutex<[Double]>([])
        var options = testOptions(skipWaits: false)
        options.sleep = { millis in slept.withLock { $0.append(millis) } }
        _ = try await execute(
            single(#"{"Type":"Wait","SecondsPath":"$.s","End":true}"#), input: ["s": 2], options: options)
        #expect(slept.withLock { $0 } == [2000])
    }

    @Test(arguments: [
        (JSONValue.int(-1), "The SecondsPath parameter references a negative value: $.s == -1"),
        (JSONValue.double(1.5), "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"),
        (JSONValue.string("x"), "The SecondsPath parameter cannot be parsed as a long value: $.s == x"),
    ])
    func badSecondsPath(value: JSONValue, message: String) async throws {
        let r = try await execute(single(#"{"Type":"Wait","SecondsPath":"$.s","End":true}"#), input: ["s": value])
        #expect(r.error == "States.Runtime")
        #expect(r.cause == "An error occurred while executing the state 'S' (entered at the event id #2). " + message)
    }

    @Test func badTimestampPath() async throws {
        let r = try await execute(
            single(#"{"Type":"Wait","TimestampPath":"$.t","End":true}"#), input: ["t": "2016-13-05T21:29:29Z"])
        #expect(
            r.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-13-05T21:29:29Z"
        )
    }
}

struct ExecutionTimeoutTests {
    @Test func waitPastTimeoutSecondsTimesOut() async throws {
        let def = #"{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#
        let r = try await execute(def, options: testOptions(recordHistory: true))
        #expect(r.status == .timedOut)
        #expect(r.error == "States.Timeout")
        #expect(r.history?.last?.type == .executionTimedOut)
    }

    @Test func waitWithinTimeoutSucceeds() async throws {
        let def = #"{"TimeoutSeconds":120,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#
        #expect(try await execute(def).status == .succeeded)
    }
}

struct PayloadLimitTests {
    @Test func outputOverQuotaFailsOnlyWithAWSLimits() async throws {
        let big = String(repeating: "x", count: 262_200)
        let def = single(#"{"Type":"Pass","Result":""# + big + #"","End":true}"#)
        var options = testOptions()
        #expect(try await execute(def, options: options).status == .succeeded)
        options.awsLimits = true
        let r = try await execute(def, options: options)
        #expect(r.error == "States.DataLimitExceeded")
        #expect(
            r.cause
                == "The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit."
        )
    }
}

struct ExecutionHandleTests {
    @Test func stoppedExecutionIsAborted() async throws {
        let machine = try StateMachine(definitionText: single(#"{"Type":"Wait","Seconds":3600,"End":true}"#))
        var options = testOptions(skipWaits: false, recordHistory: true)
        options.sleep = ExecutionOptions.systemSleep
        let execution = machine.start(input: [:], options: options)
        try await Task.sleep(nanoseconds: 50_000_000)
        execution.stop()
        let r = await execution.result
        #expect(r.status == .aborted)
        #expect(r.history?.last?.type == .executionAborted)
    }

    @Test func startedExecutionRunsToItsEnd() async throws {
        let machine = try StateMachine(definitionText: single(#"{"Type":"Pass","Result":7,"End":true}"#))
        let r = await machine.start(input: [:], options: testOptions()).result
        #expect(r.output == 7)
    }
}
