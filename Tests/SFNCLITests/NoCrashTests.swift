import Foundation
import SFNJSON
import Testing

/// `sfn run` must end with 0, 1 or 2 (never a signal) on every definition of the corpora, and
/// on truncated or garbled JSON.
@Suite(.serialized)
struct NoCrashTests {
    static let timeout: TimeInterval = 20

    func check(_ args: [String], stdin: Data? = nil, what: String) async throws {
        let r = try await CLI.run(args, stdin: stdin, timeout: Self.timeout)
        #expect(!r.timedOut, "\(what): did not finish within \(Self.timeout) s")
        #expect(
            !r.timedOut && !r.signaled && [0, 1, 2].contains(r.status),
            "\(what): exit \(r.status) signaled=\(r.signaled): \(r.stderr.prefix(400))")
    }

    /// Every case of ../shared/conformance: definition and input as recorded.
    @Test(.enabled(if: CLI.shared != nil, "../shared is absent: the conformance definitions are not run"))
    func conformanceDefinitions() async throws {
        let shared = try #require(CLI.shared)
        let root = shared.appendingPathComponent("conformance/aws").path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        for rel in files {
            let text = try String(contentsOfFile: root + "/" + rel, encoding: .utf8)
            let c = try JSONParser.parse(text)
            guard let def = c["definition"] else { continue }
            let defPath = try CLI.temporaryFile(JSONPrinter.compact(def), name: "def.json")
            let inPath = try CLI.temporaryFile(JSONPrinter.compact(c["input"] ?? [:]), name: "in.json")
            try await check(["run", defPath, "--input", inPath, "--no-wait"], what: rel)
        }
    }

    /// Every definition of ../shared/validate-corpus, valid or not, with input {}.
    @Test(.enabled(if: CLI.shared != nil, "../shared is absent: the validate-corpus definitions are not run"))
    func validateCorpusDefinitions() async throws {
        let shared = try #require(CLI.shared)
        let root = shared.appendingPathComponent("validate-corpus").path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") && ($0.contains("/valid/") || $0.contains("/invalid/")) }.sorted()
        #expect(!files.isEmpty)
        for rel in files {
            try await check(["run", root + "/" + rel, "--no-wait"], stdin: Data("{}".utf8), what: rel)
        }
    }

    /// Truncations and byte flips of a definition and of an input.
    @Test func truncatedAndGarbledJSON() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"States.Format('{}', $.x)"},"Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEquals":"1","Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}"#
        let bytes = Array(def.utf8)
        var variants: [[UInt8]] = []
        for cut in stride(from: 0, to: bytes.count, by: 7) { variants.append(Array(bytes[..<cut])) }
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<40 {
            var v = bytes
            for _ in 0..<3 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let i = Int(seed >> 33) % v.count
                v[i] = UInt8(truncatingIfNeeded: seed >> 13)
            }
            variants.append(v)
        }
        variants.append([0xFF, 0xFE, 0x00, 0x7B])
        variants.append(Array(String(repeating: "[", count: 100_000).utf8))
        for (i, v) in variants.enumerated() {
            let path = try CLI.temporaryFile(String(decoding: v, as: UTF8.self), name: "garbled.json")
            try await check(["run", path, "--no-wait"], stdin: Data(#"{"x":1}"#.utf8), what: "definition variant \(i)")
        }
        let good = try CLI.temporaryFile(def, name: "good.json")
        for input in [#"{"x":"#, "[[[[", "\u{0}", String(repeating: "{\"a\":", count: 50_000), "nul", "{\"x\":1}}"] {
            try await check(["run", good, "--no-wait"], stdin: Data(input.utf8), what: "input \(input.prefix(20))")
        }
    }
}
