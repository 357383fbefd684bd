import SFNCore
import SFNJSON
import Testing

/// Pass and Choice states run in the run loop's synchronous part (they have no Retry or Catch),
/// with their templates and rules compiled per state (Executor+Hot, StatePlan): outputs, history,
/// quota and errors are the general loop's.
struct HotPathTests {
    /// A counting loop whose Choice has an InputPath, an OutputPath and Assigns of its own and of
    /// its rule, and whose Pass reads `$`, a variable, the context object and intrinsic calls.
    static let loop = #"""
        {"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Parameters":{"i":0,"n.$":"$.n","w":{"in":true}},"Assign":{"seen":0},"Next":"Check"},
          "Check":{"Type":"Choice","InputPath":"$","OutputPath":"$","Assign":{"last.$":"$.i"},
            "Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Step","Assign":{"seen.$":"$.i"}}],
            "Default":"Done"},
          "Step":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n","seen.$":"$seen",
            "name.$":"$$.State.Name","sum.$":"States.MathAdd($seen, $.n)","w.$":"$.w","all.$":"$.w[*]"},
            "ResultPath":"$","OutputPath":"$","Next":"Check"},
          "Done":{"Type":"Pass","InputPath":"$.i","ResultPath":"$.final","Next":"End"},
          "End":{"Type":"Succeed"}}}
        """#

    func run(_ definition: String, input: JSONValue, limit: Int = 0) async throws -> ExecutionResult {
        var options = testOptions(recordHistory: true)
        options.maxHistoryEvents = limit
        return try await execute(definition, input: input, options: options)
    }

    @Test func loopGivesItsOutputAndAnEventPerStep() async throws {
        let r = try await run(Self.loop, input: ["n": 5])
        #expect(r.status == .succeeded)
        // The last Step ran after the Choice saw i = 4 (and assigned seen = 4); Done's Assign is
        // the state's own (`last`), the rules' (`seen`) only when a rule matched.
        let expected: JSONValue = [
            "i": 5, "n": 5, "seen": 4, "name": "Step", "sum": 9, "w": ["in": true], "all": [true], "final": 5,
        ]
        #expect(r.output == expected)
        let history = try #require(r.history)
        // Started, Init, 6 Checks, 5 Steps, Done, End (entered and exited each), Succeeded.
        #expect(history.count == 30)
        for (i, event) in history.enumerated() {
            #expect(event.id == i + 1)
            // The first state's entered event names no previous event.
            if i >= 2 { #expect(event.previousEventId == i) }
        }
        #expect(history[4].type == .choiceStateExited)
        let checkOutput: JSONValue = ["i": 0, "n": 5, "w": ["in": true]]
        let assigned: JSONValue = ["seen": 0]
        #expect(history[4].details == .stateExited(name: "Check", output: checkOutput, assignedVariables: assigned))
    }

    @Test func historyQuotaEndsTheLoopAtItsLastEvent() async throws {
        for limit in [9, 10, 11, 20] {
            let r = try await run(Self.loop, input: ["n": 50], limit: limit)
            #expect(r.status == .failed)
            #expect(r.error == "States.Runtime")
            #expect(r.cause == "The execution reached the maximum number of history events (\(limit)).")
            let last = try #require(r.history?.last)
            #expect(last.type == .executionFailed)
            #expect(last.id == limit)
            #expect(last.previousEventId == limit - 1)
        }
    }

    @Test func errorsKeepTheirNamesAndCauses() async throws {
        let missing = try await execute(
            single(#"{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}"#), input: ["a": 1])
        #expect(missing.error == "States.Runtime")
        #expect(
            missing.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'"
        )
        let overflow = try await execute(
            single(#"{"Type":"Pass","Parameters":{"x.$":"States.MathAdd($.a, 1)"},"End":true}"#),
            input: ["a": .int(Int.max)])
        #expect(overflow.error == "States.IntrinsicFailure")
        #expect(overflow.cause?.contains("out of range") == true)
        let notANumber = try await execute(
            single(#"{"Type":"Pass","Parameters":{"x.$":"States.MathAdd($.a, 1)"},"End":true}"#), input: ["a": "1"])
        #expect(notANumber.error == "States.IntrinsicFailure")
        let noMatch = try await execute(
            #"{"StartAt":"S","States":{"S":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":2,"#
                + #""Next":"E"}]},"E":{"Type":"Succeed"}}}"#, input: ["a": 1])
        #expect(noMatch.error == "States.NoChoiceMatched")
        #expect(
            noMatch.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). No Choice Rule matched and no Default was given"
        )
        let badVariable = try await execute(
            #"{"StartAt":"S","States":{"S":{"Type":"Choice","Choices":[{"Variable":"$.b","NumericEquals":2,"#
                + #""Next":"E"}],"Default":"E"},"E":{"Type":"Succeed"}}}"#, input: ["a": 1])
        #expect(badVariable.error == "States.Runtime")
        #expect(badVariable.cause?.hasSuffix("Invalid path '$.b' : No results for path: $['b']") == true)
    }

    @Test func choiceMovesItsInputOnAsItsOutput() async throws {
        // OutputPath `$` and no Assign: the Choice's output is its input, moved rather than copied.
        let def =
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"P"}]},"#
            + #""P":{"Type":"Pass","Parameters":{"again.$":"$.a","keep.$":"$"},"End":true}}}"#
        let r = try await execute(def, input: ["a": [1, 2]])
        #expect(r.output == ["again": [1, 2], "keep": ["a": [1, 2]]])
    }
}
