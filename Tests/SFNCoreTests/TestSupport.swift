import SFNCore
import SFNJSON

/// Deterministic options: a fixed clock, fixed randomness, no real sleeping.
func testOptions(skipWaits: Bool = true, recordHistory: Bool = false) -> ExecutionOptions {
    ExecutionOptions(now: { 1_700_000_000_000 }, sleep: { _ in }, skipWaits: skipWaits,
                     random: { 0x0123_4567_89AB_CDEF }, recordHistory: recordHistory,
                     executionName: "exec-1", stateMachineName: "Machine")
}

/// Loads `definition` (JSON text) and runs it once.
func execute(_ definition: String, input: JSONValue = [:], options: ExecutionOptions = testOptions()) async throws -> ExecutionResult {
    let machine = try StateMachine(definitionText: definition)
    return await machine.run(input: input, options: options)
}

/// A one-state machine around the given state body.
func single(_ stateBody: String) -> String {
    #"{"StartAt":"S","States":{"S":"# + stateBody + "}}"
}
