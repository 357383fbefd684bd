import SFNCore
import SFNJSON
import Testing

struct PassStateTests {
    @Test func passesInputThroughByDefault() async throws {
        let r = try await execute(single(#"{"Type":"Pass","End":true}"#), input: ["a": 1])
        #expect(r.status == .succeeded)
        #expect(r.output == ["a": 1])
    }

    @Test func resultReplacesInput() async throws {
        let r = try await execute(single(#"{"Type":"Pass","Result":{"x":[1,2]},"End":true}"#), input: ["a": 1])
        #expect(r.output == ["x": [1, 2]])
    }

    @Test func parametersWithNestedPathKeys() async throws {
        let def = single(
            #"{"Type":"Pass","Parameters":{"lit":"v","one.$":"$.a","deep":{"two.$":"$.b.c","arr":[{"k.$":"$.a"}]}},"End":true}"#
        )
        let r = try await execute(def, input: ["a": 1, "b": ["c": "x"]])
        #expect(r.output == ["lit": "v", "one": 1, "deep": ["two": "x", "arr": [["k": 1]]]])
    }

    @Test func resultPathCreatesMissingObjects() async throws {
        let def = single(#"{"Type":"Pass","Result":"r","ResultPath":"$.x.y.z","End":true}"#)
        let r = try await execute(def, input: ["a": 1])
        #expect(r.output == ["a": 1, "x": ["y": ["z": "r"]]])
    }

    @Test func resultPathNullKeepsInput() async throws {
        let r = try await execute(
            single(#"{"Type":"Pass","Result":"r","ResultPath":null,"End":true}"#), input: ["a": 1])
        #expect(r.output == ["a": 1])
    }

    @Test func inputAndOutputPathNullGiveEmptyObjects() async throws {
        let a = try await execute(single(#"{"Type":"Pass","InputPath":null,"End":true}"#), input: ["a": 1])
        #expect(a.output == [:])
        let b = try await execute(single(#"{"Type":"Pass","OutputPath":null,"End":true}"#), input: ["a": 1])
        #expect(b.output == [:])
    }

    @Test func inputPathThenResultPathUsesRawInput() async throws {
        let def = single(#"{"Type":"Pass","InputPath":"$.a","ResultPath":"$.copy","OutputPath":"$.copy","End":true}"#)
        let r = try await execute(def, input: ["a": ["k": true], "b": 2])
        #expect(r.output == ["k": true])
    }

    @Test func missingParameterPathFailsWithAWSCause() async throws {
        let def = single(#"{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}"#)
        let r = try await execute(def, input: ["a": 1])
        #expect(r.status == .failed)
        #expect(r.error == "States.Runtime")
        #expect(
            r.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'"
        )
    }

    @Test func missingInputPathFailsWithInvalidPath() async throws {
        let r = try await execute(single(#"{"Type":"Pass","InputPath":"$.nope","End":true}"#), input: ["a": 1])
        #expect(r.error == "States.Runtime")
        #expect(
            r.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']"
        )
    }

    @Test func eventIdsCountEveryEarlierEvent() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","InputPath":"$.x","End":true}}}"#
        let r = try await execute(def, input: [:], options: testOptions(recordHistory: true))
        #expect(r.cause?.contains("(entered at the event id #6)") == true)
        #expect(
            r.history?.map(\.type.rawValue) == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited",
                "PassStateEntered", "PassStateExited", "PassStateEntered", "ExecutionFailed",
            ])
    }

    @Test func contextObjectIsAvailable() async throws {
        let def = single(
            #"{"Type":"Pass","Parameters":{"name.$":"$$.State.Name","exec.$":"$$.Execution.Name","in.$":"$$.Execution.Input"},"End":true}"#
        )
        let r = try await execute(def, input: ["q": 1])
        #expect(r.output == ["name": "S", "exec": "exec-1", "in": ["q": 1]])
    }
}
