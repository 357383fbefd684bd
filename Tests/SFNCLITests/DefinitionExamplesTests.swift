import Foundation
import SFNJSON
import Testing

/// Runs every definitions/NAME.asl.json with NAME.input.json through the binary and checks the
/// result against NAME.expected.json ({"status": ..., "output" | "error", "cause"}). Examples
/// whose expected file has no "status" need a program of their own (handler-demo registers a
/// Swift handler in Examples/handler-demo) and are checked there.
struct DefinitionExamplesTests {
    static let directory = CLI.packageRoot.appendingPathComponent("definitions")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".asl.json") }.map { String($0.dropLast(".asl.json".count)) }.sorted()
            .filter { name in
                let url = directory.appendingPathComponent(name + ".expected.json")
                guard let text = try? String(contentsOf: url, encoding: .utf8),
                    let value = try? JSONParser.parse(text)
                else { return false }
                return value["status"] != nil
            }
    }

    @Test func examplesExist() {
        #expect(Self.names.count >= 5)
    }

    @Test(arguments: DefinitionExamplesTests.names)
    func example(name: String) async throws {
        let def = Self.directory.appendingPathComponent(name + ".asl.json").path
        let input = Self.directory.appendingPathComponent(name + ".input.json").path
        let expectedText = try String(
            contentsOf: Self.directory.appendingPathComponent(name + ".expected.json"), encoding: .utf8)
        let expected = try JSONParser.parse(expectedText)
        let r = try await CLI.run(["run", def, "--input", input, "--no-wait"])
        if expected["status"] == "SUCCEEDED" {
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(try JSONParser.parse(r.stdout) == expected["output"])
        } else {
            #expect(r.status == 1, "\(name): \(r.stdout)")
            // The last line of standard error is the JSON; the lines before name the state and path.
            let err = try JSONParser.parse(String(try #require(r.stderr.split(separator: "\n").last)))
            #expect(r.stderr.contains("sfn: the execution failed in state '"), "\(name)")
            #expect(err["error"] == expected["error"])
            #expect(err["cause"] == expected["cause"])
        }
    }
}
