import SFNCore
import SFNJSON
import Testing

struct MapStateTests {
    @Test func itemSelectorSeesTheMapItem() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","tag.$":"$.tag"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let r = try await execute(def, input: ["xs": ["a", "b"], "tag": "t"])
        #expect(r.output == [["i": 0, "v": "a", "tag": "t"], ["i": 1, "v": "b", "tag": "t"]])
    }

    @Test func inlineIterationsAreInTheHistory() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let r = try await execute(def, input: [1, 2], options: testOptions(recordHistory: true))
        #expect(r.output == [1, 2])
        #expect(
            r.history?.map(\.type) == [
                .executionStarted, .mapStateEntered, .mapStateStarted,
                .mapIterationStarted, .passStateEntered, .passStateExited, .mapIterationSucceeded,
                .mapIterationStarted, .passStateEntered, .passStateExited, .mapIterationSucceeded,
                .mapStateSucceeded, .mapStateExited, .executionSucceeded,
            ])
    }

    @Test func failingIterationFailsTheMap() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Bad","Cause":"item"}}},"End":true}}}"#
        let r = try await execute(def, input: [1])
        #expect(r.error == "Bad" && r.cause == "item")
    }

    @Test func nonArrayInputFails() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let r = try await execute(def, input: ["a": 1])
        #expect(r.error == "States.QueryEvaluationError")
        #expect(r.cause?.hasSuffix("Map state input must be an array but was: {\"a\":1}") == true)
    }

    @Test func badMaxConcurrencyPath() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrencyPath":"$.n","ItemsPath":"$.xs","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let r = try await execute(def, input: ["n": "many", "xs": []])
        #expect(
            r.cause
                == "An error occurred while executing the state 'M' (entered at the event id #2). The MaxConcurrencyPath field refers to value \"many\" which is not a valid integer: $.n"
        )
    }

    @Test func iterationVariablesStayInside() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":"outer"},"Next":"M"},"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"x":"inner"},"Parameters":{"seen.$":"$x"},"End":true}}},"Next":"Q"},"Q":{"Type":"Pass","Parameters":{"x.$":"$x","r.$":"$"},"End":true}}}"#
        let r = try await execute(def, input: [1, 2])
        // Every iteration starts from the outer variables; nothing leaks out.
        #expect(r.output == ["x": "outer", "r": [["seen": "outer"], ["seen": "outer"]]])
    }
}

struct ParallelStateTests {
    @Test func branchOutputsInOrder() async throws {
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Parameters":{"v.$":"$.v"},"ResultPath":"$.out","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}}}"#
        let r = try await execute(def, input: ["v": 1])
        #expect(r.output == ["v": 1, "out": ["a", ["v": 1]]])
    }
}

struct RetryCatchTests {
    func machine(_ fields: String) -> String {
        #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"c"}}},"#
            + fields + #","Next":"Done"},"Done":{"Type":"Succeed"},"Caught":{"Type":"Pass","End":true}}}"#
    }

    @Test func retriesThenFails() async throws {
        // The catcher matches nothing here; it only makes "Caught" reachable, as AWS requires.
        let fields =
            #""Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["Other"],"Next":"Caught"}]"#
        let r = try await execute(
            machine(fields), input: [1],
            options: testOptions(recordHistory: true))
        #expect(r.error == "Boom")
        #expect(r.history?.filter { $0.type == .mapStateStarted }.count == 3)
    }

    @Test func catchReplacesOutputWithErrorObject() async throws {
        let r = try await execute(machine(#""Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}]"#), input: [1])
        #expect(r.output == ["Error": "Boom", "Cause": "c"])
    }

    @Test func catchResultPathKeepsInput() async throws {
        let def = machine(
            #""ItemsPath":"$.xs","Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.err","Next":"Caught"}]"#)
        let r = try await execute(def, input: ["xs": [1]])
        #expect(r.output == ["xs": [1], "err": ["Error": "Boom", "Cause": "c"]])
    }

    @Test func statesRuntimeIsNeverCaught() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.missing","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},"C":{"Type":"Succeed"}}}"#
        let r = try await execute(def, input: ["a": 1])
        #expect(r.error == "States.Runtime")
    }

    @Test(arguments: [
        (["States.ALL"], "Custom", true),
        (["States.ALL"], "States.Runtime", false),
        // Caught, as AWS does in the recordings (error_handling/*_data_limit_exceeded_on_large_utf8_response).
        (["States.ALL"], "States.DataLimitExceeded", true),
        (["States.ALL"], "States.Timeout", true),
        (["States.TaskFailed"], "States.Timeout", false),
        (["States.TaskFailed"], "Lambda.Unknown", true),
        (["A", "B"], "B", true),
        (["State.ALL"], "X", false),
    ])
    func errorMatching(names: [String], error: String, matches: Bool) async throws {
        let list = names.map { "\"\($0)\"" }.joined(separator: ",")
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":""#
            + error + #""}}}],"Catch":[{"ErrorEquals":["# + list
            + #"],"Next":"C"}],"End":true},"C":{"Type":"Pass","Result":"caught","End":true}}}"#
        let r = try await execute(def)
        #expect((r.output == "caught") == matches)
    }
}
