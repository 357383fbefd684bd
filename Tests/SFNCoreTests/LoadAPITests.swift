import SFNCore
import Testing

/// The load pass as a library call, and the public model a tool walks from outside SFNCore.
struct LoadAPITests {
    static let walked = """
        {
          "Comment": "walked from outside",
          "StartAt": "Check",
          "States": {
            "Check": {
              "Type": "Choice",
              "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Work"}],
              "Default": "Fan"
            },
            "Work": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
              "Next": "Fan"
            },
            "Fan": {
              "Type": "Parallel",
              "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
              "Next": "Each"
            },
            "Each": {
              "Type": "Map",
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
              "End": true
            },
            "Failed": {"Type": "Fail", "Error": "Oops"}
          }
        }
        """

    @Test func walksThePublicModel() throws {
        let machine = try StateMachine.load(Self.walked).machine
        let graph = machine.definition.graph
        #expect(machine.definition.comment == "walked from outside")
        #expect(graph.states.map(\.name) == ["Check", "Work", "Fan", "Each", "Failed"])
        #expect(graph.states.map(\.kind.typeName) == ["Choice", "Task", "Parallel", "Map", "Fail"])
        #expect(graph.start.name == "Check")
        #expect(graph.states.allSatisfy { $0.queryLanguage == .jsonPath })

        let check = try #require(graph.state(named: "Check"))
        guard case .choice(let choice) = check.kind else { Issue.record("Check is not a Choice"); return }
        #expect(choice.choices.map { graph.states[$0.next].name } == ["Work"])
        #expect(choice.defaultIndex.map { graph.states[$0].name } == "Fan")
        #expect(check.pointer == "/States/Check")
        #expect(check.location?.line == 5)
        #expect(check.location?.column == 5)

        let work = try #require(graph.state(named: "Work"))
        guard case .task(let task) = work.kind else { Issue.record("Work is not a Task"); return }
        #expect(task.resource == "arn:aws:states:::lambda:invoke")
        #expect(work.retriers.map(\.errorEquals) == [["States.Timeout"]])
        #expect(work.retriers.first?.maxAttempts == 5)
        #expect(work.catchers.map(\.errorEquals) == [["States.ALL"]])
        #expect(work.catchers.map { graph.states[$0.next].name } == ["Failed"])
        guard case .next(let after) = work.transition else { Issue.record("Work does not go on"); return }
        #expect(graph.states[after].name == "Fan")

        let fan = try #require(graph.state(named: "Fan"))
        guard case .parallel(let parallel) = fan.kind else { Issue.record("Fan is not a Parallel"); return }
        #expect(parallel.branches.map { $0.states.map(\.name) } == [["B"]])
        #expect(parallel.branches.first?.pointer == "/States/Fan/Branches/0")
        #expect(parallel.branches.first?.start.location?.line == 19)

        let each = try #require(graph.state(named: "Each"))
        guard case .map(let map) = each.kind else { Issue.record("Each is not a Map"); return }
        #expect(map.processor.states.map(\.name) == ["I"])
        #expect(map.processor.start.kind.typeName == "Succeed")
        guard case .end = each.transition else { Issue.record("Each does not end"); return }
    }

    @Test func edgesListEveryTransition() throws {
        let graph = try StateMachine.load(Self.walked).machine.definition.graph
        func edges(_ name: String) throws -> [String] {
            try #require(graph.state(named: name)).edges.map { edge in
                let target = graph.states[edge.target].name
                switch edge.kind {
                case .next: return "next " + target
                case .choice(let i): return "choice \(i) " + target
                case .default: return "default " + target
                case .catch(let i): return "catch \(i) " + target
                }
            }
        }
        #expect(try edges("Check") == ["choice 0 Work", "default Fan"])
        #expect(try edges("Work") == ["next Fan", "catch 0 Failed"])
        #expect(try edges("Each").isEmpty)
        #expect(try edges("Failed").isEmpty)
    }

    @Test func compiledExpressionsKeepTheirSource() throws {
        let text =
            #"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.in","Parameters":{"x.$":"States.Format('{}', $.a)"},"End":true}}}"#
        let state = try StateMachine.load(text).machine.definition.graph.start
        guard case .path(let input) = state.io.inputPath else { Issue.record("no InputPath"); return }
        #expect(input.text == "$.in")
        guard case .object(let keys, let values)? = state.io.parameters, case .path(let e, let field) = values.first
        else { Issue.record("no dynamic Parameters"); return }
        #expect(keys == ["x"])
        #expect(field == "x.$")
        #expect(e.text == "States.Format('{}', $.a)")
    }

    @Test func loadingReturnsWarnings() throws {
        let text = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x":"$.a"},"End":true}}}"#
        let loaded = try StateMachine.load(text)
        #expect(loaded.warnings.map(\.code) == [.noDollar])
        #expect(loaded.warnings.first?.pointer == "/States/P/Parameters/x")
        #expect(loaded.overridden.isEmpty)
    }

    static let duplicateNames =
        #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":["#
        + #"{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"#
        + #"{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}],"End":true}}}"#

    @Test func duplicateNamesAcrossBranchesRunButAreNotValid() async throws {
        #expect(!DefinitionValidator.validate(text: Self.duplicateNames).isValid)
        let loaded = try StateMachine.load(Self.duplicateNames)
        #expect(loaded.overridden.map(\.code) == [.duplicateStateName])
        #expect(loaded.overridden.first?.severity == .warning)
        #expect(loaded.warnings.map(\.code) == [.duplicateStateName])
        let result = await loaded.machine.run(input: ["v": 1])
        #expect(result.output == [["v": 1], ["v": 1]])
    }

    @Test func strictLoadingRefusesWhatAWSRefuses() {
        #expect {
            try StateMachine.load(Self.duplicateNames, options: .strict)
        } throws: { error in
            (error as? DefinitionError)?.diagnostics.map(\.code) == [.duplicateStateName]
        }
    }

    @Test func definitionTextInitReportsEveryError() {
        let text =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Nxt":"B","Result":1},"B":{"Type":"Wait","End":true}}}"#
        do {
            _ = try StateMachine(definitionText: text)
            Issue.record("expected a DefinitionError")
        } catch {
            let codes = Set(error.diagnostics.map(\.code))
            #expect(codes == [.schema, .missingTransitionTarget], "\(error.diagnostics)")
            #expect(error.diagnostics.count == 4, "\(error.diagnostics)")
            #expect(error.diagnostics.contains { $0.pointer == "/States/A/Nxt" })
            #expect(error.diagnostics.contains { $0.message.contains("Wait state must have one of") })
            #expect(error.diagnostics.allSatisfy { $0.severity == .error && $0.location != nil })
        }
    }

    @Test func typedCodesKeepAWSStrings() {
        #expect(DiagnosticCode.duplicateStateName.rawValue == "DUPLICATE_STATE_NAME")
        #expect(DiagnosticCode(rawValue: "SCHEMA_VALIDATION_FAILED") == .schema)
        #expect(DefinitionValidator.validate(text: "[]").diagnostics.map(\.code) == [.schema])
    }
}
