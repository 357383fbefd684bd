import Foundation
import SFNJSON
import Testing

/// `sfn test-state` on every state of every definition in definitions/ (with the definition's
/// input, at DEBUG), checked against Tests/Golden/test-state/NAME.json. Run with SFN_RECORD=1 to
/// write the golden files again, as swift-argument-parser's snapshot tests do; review the diff.
struct TestStateGoldenTests {
    static let definitions = CLI.packageRoot.appendingPathComponent("definitions")
    static let golden = CLI.packageRoot.appendingPathComponent("Tests/Golden/test-state")
    static let recording = ProcessInfo.processInfo.environment["SFN_RECORD"] == "1"

    /// Every definitions/NAME.asl.json (the invalid ones, which cannot load, live in a folder).
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: definitions.path)) ?? []
        return files.filter { $0.hasSuffix(".asl.json") }.map { String($0.dropLast(".asl.json".count)) }.sorted()
    }

    /// The state names of a definition, top level first, then inside Parallel and Map.
    static func stateNames(_ definition: JSONValue) -> [String] {
        guard case .object(let states)? = definition["States"] else { return [] }
        var out: [String] = []
        for (name, state) in states {
            out.append(name)
            if case .array(let branches)? = state["Branches"] {
                for b in branches { out += stateNames(b) }
            }
            if let processor = state["ItemProcessor"] ?? state["Iterator"] { out += stateNames(processor) }
        }
        return out
    }

    @Test(arguments: TestStateGoldenTests.names)
    func everyState(_ name: String) async throws {
        let file = Self.definitions.appendingPathComponent("\(name).asl.json").path
        let input = Self.definitions.appendingPathComponent("\(name).input.json").path
        let definition = try JSONParser.parse(try String(contentsOfFile: file, encoding: .utf8))
        var responses = JSONObject()
        for state in Self.stateNames(definition) {
            let r = try await CLI.run(
                ["test-state", file, "--state", state, "--input", input, "--inspection-level", "DEBUG", "--compact"])
            #expect(r.status == 0 || r.status == 1, "\(name) \(state): exit \(r.status): \(r.stderr)")
            let response = try JSONParser.parse(r.stdout)
            // The exit status follows the status, as decisions.md says.
            #expect((r.status == 1) == (response["status"]?.stringValue == "FAILED"), "\(name) \(state)")
            responses.append(state, response)
        }
        let goldenFile = Self.golden.appendingPathComponent("\(name).json")
        var printed: [UInt8] = []
        JSONPrinter.write(.object(responses), into: &printed, indent: 2)
        printed.append(UInt8(ascii: "\n"))
        if Self.recording {
            try Data(printed).write(to: goldenFile)
            return
        }
        let recorded = try #require(
            try? String(contentsOf: goldenFile, encoding: .utf8),
            "no golden file \(goldenFile.path): run with SFN_RECORD=1")
        #expect(
            try JSONParser.parse(recorded) == .object(responses),
            "sfn test-state differs from \(goldenFile.path) (SFN_RECORD=1 records it again):\n\(String(decoding: printed, as: UTF8.self))"
        )
    }
}
