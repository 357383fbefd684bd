import Foundation
import SFNConformance
import SFNJSON
import Testing

/// The harness in process, on cases written here: what passes, and how each kind of difference is
/// reported (the lines `sfn test` prints after FAIL).
struct ConformanceRunnerTests {
    static let pass: JSONValue = ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]]

    static func caseText(
        definition: JSONValue = pass, input: JSONValue = [:], expected: JSONValue,
        extra: [(String, JSONValue)] = []
    ) -> String {
        var o = JSONObject([("name", "c"), ("definition", definition), ("input", input), ("expected", expected)])
        for (k, v) in extra { o[k] = v }
        return JSONPrinter.compact(.object(o))
    }

    func run(_ text: String, history: Bool = false) async -> String? {
        await ConformanceRunner(checkHistory: history).run(caseText: text, file: "f.json")?.description
    }

    @Test func matchingOutputPasses() async {
        let text = Self.caseText(
            input: ["at": "2024-01-01T00:00:00Z"],
            expected: ["status": "SUCCEEDED", "output": ["at": "date"]])
        #expect(await run(text) == nil)
    }

    @Test func differencesNameTheCaseAndWhere() async {
        let output = Self.caseText(input: ["a": 1], expected: ["status": "SUCCEEDED", "output": ["a": 2]])
        #expect(await run(output) == "c: output differs at /a: expected 2, got 1")
        let status = Self.caseText(expected: ["status": "FAILED", "error": "E"])
        #expect(await run(status) == "c: expected status FAILED, got SUCCEEDED")
    }

    @Test func failuresCompareErrorAndCause() async {
        let fail: JSONValue = ["StartAt": "F", "States": ["F": ["Type": "Fail", "Error": "Oops", "Cause": "bad"]]]
        let same = Self.caseText(definition: fail, expected: ["status": "FAILED", "error": "Oops", "cause": "bad"])
        #expect(await run(same) == nil)
        let other = Self.caseText(definition: fail, expected: ["status": "FAILED", "error": "Oops", "cause": "good"])
        #expect(await run(other) == #"c: expected cause "good", got "bad""#)
    }

    @Test func historyIsComparedOnlyWhenAsked() async {
        let recorded: JSONValue = [["type": "ExecutionStarted"], ["type": "PassStateEntered", "name": "Other"]]
        let text = Self.caseText(expected: ["status": "SUCCEEDED"], extra: [("history", recorded)])
        #expect(await run(text) == nil)
        let problem = await run(text, history: true)
        #expect(problem?.hasPrefix("c: history differs: event #2: expected PassStateEntered Other") == true)
    }

    @Test func unusableFilesSayWhy() async {
        #expect(await run("{")?.hasPrefix("f.json: not JSON") == true)
        #expect(await run(#"{"definition": {}}"#) == "f.json: not a case file (no 'expected.status')")
        let refused = Self.caseText(
            definition: ["StartAt": "Nowhere", "States": [:]],
            expected: ["status": "SUCCEEDED"])
        #expect(await run(refused)?.hasPrefix("c: the definition was refused") == true)
    }

    @Test func caseFilesAreFoundSorted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cases-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for name in ["b.json", "a.json", "sub/c.json", "notes.txt"] {
            try Data("{}".utf8).write(to: dir.appendingPathComponent(name))
        }
        let found = try #require(ConformanceRunner.caseFiles(dir.path))
        #expect(found == ["a.json", "b.json", "sub/c.json"].map { dir.path + "/" + $0 })
        #expect(ConformanceRunner.caseFiles(found[0]) == [found[0]])
        #expect(ConformanceRunner.caseFiles(dir.path + "/missing") == nil)
    }
}
