import SFNCore
import SFNJSON
import Testing

struct DefinitionLoadingTests {
    @Test(arguments: [
        #"[]"#,
        #"{"States":{}}"#,
        #"{"StartAt":"X","States":{"A":{"Type":"Pass","End":true}}}"#,
        #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}"#,
        #"{"StartAt":"A","States":{"A":{"Type":"Teleport","End":true}}}"#,
        #"{"StartAt":"A","States":{"A":{"Type":"Wait","End":true}}}"#,
        #"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[]}}}"#,
        #"{"StartAt":"A","States":{"A":{"Type":"Pass"}}}"#,
    ])
    func refusesBrokenDefinitions(text: String) {
        #expect(throws: DefinitionError.self) { try StateMachine(definitionText: text) }
    }

    @Test func reportsLineAndColumn() {
        let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}\n  }\n}"
        do {
            _ = try StateMachine(definitionText: text)
            Issue.record("expected a DefinitionError")
        } catch {
            // Every problem is reported (the missing end state too); the bad Next is one of them.
            let d = error.diagnostics.first { $0.code == .missingTransitionTarget }
            #expect(d?.pointer == "/States/A/Next")
            #expect(d?.location?.line == 4)
        }
    }

    @Test func invalidJSONNamesThePosition() {
        do {
            _ = try StateMachine(definitionText: "{\n  \"StartAt\": ")
            Issue.record("expected a DefinitionError")
        } catch {
            #expect(error.diagnostics.first?.code == "INVALID_JSON_DESCRIPTION")
            #expect(error.diagnostics.first?.location?.line == 2)
        }
    }

    @Test func loadsEveryStateType() throws {
        let text = """
            {"StartAt":"P","States":{
              "P":{"Type":"Pass","Next":"T"},
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"Next":"Par"},
              "Par":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"Next":"M"},
              "M":{"Type":"Map","ItemProcessor":{"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}},"Next":"W"},
              "W":{"Type":"Wait","Seconds":1,"Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"S"}],"Default":"F"},
              "S":{"Type":"Succeed"},
              "F":{"Type":"Fail"}}}
            """
        let m = try StateMachine(definitionText: text)
        #expect(m.stateNames == ["P", "T", "Par", "M", "W", "C", "S", "F"])
    }
}
