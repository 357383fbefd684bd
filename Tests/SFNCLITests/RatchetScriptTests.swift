import Foundation
import Testing

/// `make conformance` and `make validate-corpus` run scripts/ratchet.sh: exit 0 while the ratchet
/// holds, naming the known misses that remain.
@Suite struct RatchetScriptTests {
    static let script = CLI.packageRoot.appendingPathComponent("scripts/ratchet.sh")

    @Test(.enabled(if: CLI.shared != nil, "../shared is absent: the corpus ratchets are not run"))
    func conformanceRatchetHoldsAndListsTheMisses() async throws {
        let sfn = try #require(CLI.binary)
        let r = try await CLI.runProcess(
            Self.script, ["conformance", sfn.path, CLI.shared!.path], timeout: 300)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("conformance: the ratchet holds"))
        let count = r.stdout.split(separator: "\n").first { $0.hasPrefix("known misses that remain: ") }
        let listed = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  FAIL ") }.count
        #expect(count == "known misses that remain: \(listed)"[...])
    }

    @Test(.enabled(if: CLI.shared != nil, "../shared is absent: the corpus ratchets are not run"))
    func validateCorpusHolds() async throws {
        let sfn = try #require(CLI.binary)
        let r = try await CLI.runProcess(
            Self.script, ["validate-corpus", sfn.path, CLI.shared!.path], timeout: 600)
        #expect(r.status == 0, "\(r.stdout.suffix(2000))")
        #expect(r.stdout.contains(" 0 missed, "))
    }

    @Test func aWrongCommandIsBadUsage() async throws {
        let r = try await CLI.runProcess(Self.script, ["frobnicate", "sfn", "."], timeout: 30)
        #expect(r.status == 2 && r.stderr.contains("usage: scripts/ratchet.sh"))
    }
}
