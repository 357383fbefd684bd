import Foundation
import Testing

/// Runs the JSONata reference suite through the `jsonata-suite` executable and fails when fewer
/// cases pass than the count recorded in suite-ratchet.txt.
@Suite struct SuiteRatchetTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func executable() -> URL? {
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            candidates.append(
                URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("jsonata-suite"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("jsonata-suite"))
        for config in ["debug", "release"] {
            candidates.append(packageRoot.appendingPathComponent(".build/\(config)/jsonata-suite"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// ../shared/jsonata-suite next to the package (a worktree one level deeper finds it one level
    /// higher); nil when absent.
    static let suite: URL? = ["../shared/jsonata-suite", "../../shared/jsonata-suite"]
        .map { packageRoot.appendingPathComponent($0).standardized }
        .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("groups").path) }

    @Test(
        .enabled(
            if: SuiteRatchetTests.suite != nil,
            "../shared/jsonata-suite is absent: the suite ratchet is not run"))
    func suitePassCountDoesNotDrop() throws {
        let suite = try #require(Self.suite)
        let exe = try #require(Self.executable(), "build the jsonata-suite product first (swift build)")
        let ratchetText = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("Tests/SFNJSONataTests/suite-ratchet.txt"),
            encoding: .utf8)
        let ratchet = try #require(Int(ratchetText.trimmingCharacters(in: .whitespacesAndNewlines)))

        let process = Process()
        process.executableURL = exe
        process.arguments = [suite.path, "--exclude-newer"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        let last = try #require(output.split(separator: "\n").last.map(String.init))
        let parts = last.split(separator: " ")
        let passed = try #require(parts.first.flatMap { Int($0) }, "unexpected last line: \(last)")
        #expect(passed >= ratchet, "JSONata suite: \(last) (ratchet \(ratchet))")
    }
}
