import SFNCore
import SFNJSON
import Testing

struct JSONataModeTests {
    @Test func outputTemplateWithExpressions() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"sum":"{% $states.input.a + $states.input.b %}","name":"{% $states.context.State.Name %}","lit":"x"},"End":true}}}"#
        let r = try await execute(def, input: ["a": 1, "b": 2])
        #expect(r.output == ["sum": 3, "name": "P", "lit": "x"])
    }

    @Test func assignedVariablesAreVisibleInLaterStates() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":"{% $states.input.v * 2 %}"},"Next":"B"},"B":{"Type":"Pass","Output":"{% $x %}","End":true}}}"#
        let r = try await execute(def, input: ["v": 21])
        #expect(r.output == 42)
    }

    @Test func assignSeesOldValuesWithinOneState() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},"B":{"Type":"Pass","Assign":{"x":2,"y":"{% $x %}"},"Output":"{% $x %}","Next":"C"},"C":{"Type":"Pass","Output":{"x":"{% $x %}","y":"{% $y %}"},"End":true}}}"#
        let r = try await execute(def)
        #expect(r.output == ["x": 2, "y": 1])
    }

    @Test func choiceConditions() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n > 5 %}","Next":"Big","Output":{"kind":"big"}}],"Default":"Small"},"Big":{"Type":"Succeed"},"Small":{"Type":"Pass","Output":"small","End":true}}}"#
        #expect(try await execute(def, input: ["n": 9]).output == ["kind": "big"])
        #expect(try await execute(def, input: ["n": 1]).output == "small")
    }

    @Test func undefinedResultFailsWithQueryEvaluationError() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"r":"{% $states.input.nope %}"},"End":true}}}"#
        let r = try await execute(def, options: testOptions(recordHistory: true))
        #expect(r.error == "States.QueryEvaluationError")
        #expect(
            r.cause
                == "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.nope' specified for the field 'Output/r' returned nothing (undefined)."
        )
        #expect(r.history?.map(\.type) == [.executionStarted, .passStateEntered, .evaluationFailed, .executionFailed])
    }

    @Test func failWithExpressions() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"F","States":{"F":{"Type":"Fail","Error":"{% 'E' & $states.input.code %}","Cause":"plain"}}}"#
        let r = try await execute(def, input: ["code": "42"])
        #expect(r.error == "E42" && r.cause == "plain")
    }

    @Test func waitSecondsExpression() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% $states.input.s %}","Next":"P"},"P":{"Type":"Pass","Output":"{% $states.context.State.EnteredTime %}","End":true}}}"#
        let r = try await execute(def, input: ["s": 10])
        #expect(r.output == "2023-11-14T22:13:30.000Z")
    }

    @Test func jsonPathStateInsideJSONataMachineIsRefused() {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"#
        #expect(throws: DefinitionError.self) { try StateMachine(definitionText: def) }
    }

    @Test func mixedLanguagesPerState() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$.x"},"Next":"B"},"B":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.v & '!' %}","End":true}}}"#
        let r = try await execute(def, input: ["x": "hi"])
        #expect(r.output == "hi!")
    }
}
