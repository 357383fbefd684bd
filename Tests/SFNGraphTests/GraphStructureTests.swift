import Foundation
import SFNCore
import SFNGraph
import SFNJSON
import Testing

/// Every definition in definitions/ and every loadable definition of the conformance corpus,
/// drawn and read back: one node per state, one edge per transition, nothing overlapping.
struct GraphStructureTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var exampleNames: [String] {
        let dir = packageRoot.appendingPathComponent("definitions")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".asl.json") }.sorted()
    }

    static func check(_ definition: MachineDefinition, source: JSONValue?) throws -> [String] {
        let svg = WorkflowGraph(definition, source: source).render(.svg)
        return PictureChecks.problems(try SVGPicture(svg), definition)
    }

    @Test func examplesAreThere() {
        #expect(Self.exampleNames.count >= 10)
    }

    @Test(arguments: GraphStructureTests.exampleNames)
    func example(_ file: String) throws {
        let url = Self.packageRoot.appendingPathComponent("definitions").appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let machine = try StateMachine.load(text).machine
        let problems = try Self.check(machine.definition, source: try JSONParser.parse(text))
        #expect(problems.isEmpty, "\(file): \(problems.joined(separator: "\n"))")
    }

    static let corpus: URL? = {
        var dir = packageRoot
        for _ in 0..<3 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/conformance/aws")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    @Test(.enabled(if: corpus != nil, "needs ../shared/conformance"))
    func conformanceCorpus() throws {
        let root = try #require(Self.corpus)
        let files =
            FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") }.sorted() ?? []
        var drawn = 0
        var failures: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path),
                let value = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
                let definition = value["definition"],
                let machine = try? StateMachine.load(definition: definition).machine
            else { continue }
            let problems = try Self.check(machine.definition, source: definition)
            if !problems.isEmpty { failures.append("\(file): " + problems.prefix(3).joined(separator: "; ")) }
            drawn += 1
        }
        #expect(drawn >= 50, "only \(drawn) corpus definitions drawn")
        #expect(failures.isEmpty, "\(failures.count) of \(drawn):\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Loops: a Choice that polls itself, a Task that catches into itself, a loop back through
    /// a Wait, a Choice rule and Default to one target, and a name shared by two branches.
    @Test func loopsAndRepeatedTargets() throws {
        let text = """
            {"StartAt": "Poll", "States": {
              "Poll": {"Type": "Choice", "Choices": [
                  {"Variable": "$.ready", "BooleanEquals": false, "Next": "Poll"},
                  {"Variable": "$.ready", "BooleanEquals": true, "Next": "Work"},
                  {"Variable": "$.skip", "IsPresent": true, "Next": "Work"}],
                "Default": "Work"},
              "Work": {"Type": "Task", "Resource": "shell:true",
                "Catch": [{"ErrorEquals": ["Again"], "Next": "Work"}, {"ErrorEquals": ["States.ALL"], "Next": "Pause"}],
                "Next": "Fan"},
              "Pause": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
              "Fan": {"Type": "Parallel", "Branches": [
                  {"StartAt": "Same", "States": {"Same": {"Type": "Pass", "End": true}}},
                  {"StartAt": "Same", "States": {"Same": {"Type": "Succeed"}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Poll"}], "End": true}}}
            """
        let machine = try StateMachine.load(text).machine
        let problems = try Self.check(machine.definition, source: nil)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let picture = try SVGPicture(WorkflowGraph(machine.definition).render(.svg))
        let selfLoops = picture.edges.filter { $0.isTransition && $0.from == $0.to }
        #expect(selfLoops.count == 2)
        #expect(picture.edges.filter { $0.from == "Poll" && $0.to == "Work" }.count == 3)
    }
}
