import SFNCore
import SFNJSON
import Testing

/// Deterministic options: a fixed clock, fixed randomness, no real sleeping.
func testOptions(skipWaits: Bool = true, recordHistory: Bool = false) -> ExecutionOptions {
    ExecutionOptions(
        now: { 1_700_000_000_000 }, sleep: { _ in }, skipWaits: skipWaits,
        random: { 0x0123_4567_89AB_CDEF }, recordHistory: recordHistory,
        executionName: "exec-1", stateMachineName: "Machine")
}

/// Loads `definition` (JSON text) and runs it once.
func execute(_ definition: String, input: JSONValue = [:], options: ExecutionOptions = testOptions()) async throws
    -> ExecutionResult
{
    let machine = try StateMachine(definitionText: definition)
    return await machine.run(input: input, options: options)
}

/// A one-state machine around the given state body.
func single(_ stateBody: String) -> String {
    #"{"StartAt":"S","States":{"S":"# + stateBody + "}}"
}

/// The helpers' contract, which other suites rely on: a fixed execution name, start time and
/// randomness, so that expected outputs can be written out literally.
struct TestSupportTests {
    @Test func optionsAreDeterministic() async throws {
        let def = single(
            #"{"Type":"Pass","Parameters":{"name.$":"$$.Execution.Name","start.$":"$$.Execution.StartTime","id.$":"States.UUID()"},"End":true}"#
        )
        let first = try await execute(def)
        let second = try await execute(def)
        #expect(first.status == .succeeded)
        #expect(first.output?["name"] == "exec-1")
        #expect(first.output?["start"] == "2023-11-14T22:13:20.000Z")
        #expect(first.output?["id"] != nil && first.output == second.output)
    }

    @Test func singleWrapsOneStateAsTheWholeMachine() async throws {
        let r = try await execute(single(#"{"Type":"Pass","Result":7,"End":true}"#))
        #expect(r.output == 7)
    }
}
