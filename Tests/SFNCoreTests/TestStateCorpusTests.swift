import Foundation
import SFNCore
import SFNJSON
import Testing

/// TestState on every top-level state of every definition AWS ran in ../shared/conformance, with
/// the recorded input, at DEBUG, unmocked and with a mocked error: it always answers (never
/// traps), with a status that agrees with its fields.
struct TestStateCorpusTests {
    @Test(.enabled(if: SharedData.isPresent, "../shared is absent: the conformance definitions are not tested"))
    func everyStateOfTheCorpusAnswers() async throws {
        let root = SharedData.root.appendingPathComponent("conformance/aws")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var states = 0
        for rel in files {
            let text = try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)
            let c = try JSONParser.parse(text)
            guard let definition = c["definition"], let machine = try? StateMachine(definition: definition) else {
                continue
            }
            for name in machine.stateNames {
                for mock in [nil, TestStateMock.error(error: "Mocked.Error", cause: "mocked")] {
                    var tasks = TaskDispatcher()
                    tasks.allowsShell = false
                    var options = testOptions()
                    options.tasks = tasks
                    let request = TestStateRequest(
                        stateName: name, input: c["input"] ?? [:], mock: mock, inspectionLevel: .debug)
                    let r = try await machine.testState(request, options: options)
                    states += 1
                    switch r.status {
                    case .succeeded:
                        #expect(r.output != nil && r.error == nil, "\(rel) \(name)")
                    case .caughtError:
                        #expect(r.output != nil && r.error != nil && r.nextState != nil, "\(rel) \(name)")
                    case .failed, .retriable:
                        #expect(r.output == nil && r.error != nil, "\(rel) \(name)")
                    }
                    #expect(r.inspectionData?.input != nil, "\(rel) \(name)")
                }
            }
        }
        #expect(states > 2000, "only \(states) states were tested")
    }
}
