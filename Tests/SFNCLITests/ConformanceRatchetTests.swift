import Foundation
import SFNJSON
import Testing

/// Runs `sfn test --history` over each area of ../shared/conformance/aws (results and the recorded
/// event sequence) and fails when fewer cases pass than conformance-ratchet.json records. Raise
/// the numbers as cases get fixed; never lower them.
struct ConformanceRatchetTests {
    static let ratchetFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("conformance-ratchet.json")

    static var areas: [String] {
        guard let text = try? String(contentsOf: ratchetFile, encoding: .utf8),
            case .object(let o)? = try? JSONParser.parse(text)
        else { return [] }
        return o.keys.sorted()
    }

    @Test func ratchetFileIsReadable() {
        #expect(!Self.areas.isEmpty)
    }

    @Test(
        .enabled(if: CLI.shared != nil, "../shared (the conformance corpus) is not next to the package"),
        arguments: ConformanceRatchetTests.areas)
    func area(_ name: String) async throws {
        let shared = try #require(CLI.shared)
        let text = try String(contentsOf: Self.ratchetFile, encoding: .utf8)
        let minimum = try JSONParser.parse(text)[name]?.intValue ?? 0
        let dir = shared.appendingPathComponent("conformance/aws").appendingPathComponent(name).path
        let r = try await CLI.run(["test", "--history", dir], timeout: 600)
        #expect(!r.signaled, "sfn test crashed on area \(name): \(r.stderr.prefix(500))")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let passed = Int(last.split(separator: " ").first ?? "") ?? 0
        #expect(
            passed >= minimum, "area \(name): \(passed) passed, the ratchet wants \(minimum)\n\(r.stdout.suffix(3000))")
    }
}
