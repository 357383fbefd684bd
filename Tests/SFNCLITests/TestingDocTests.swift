import Foundation
import Testing

/// Runs every `$ sfn ...` command of docs/testing.md's `sh` blocks (those not marked `no-run`)
/// from the package root and checks that it prints what the page shows below it.
struct TestingDocTests {
    static let page = CLI.packageRoot.appendingPathComponent("docs/testing.md")

    struct Example: CustomStringConvertible, Sendable {
        var command: String
        var expected: String
        var description: String { command }
    }

    /// The commands and their shown output; and how many blocks were left out as `no-run`.
    static func examples() -> (run: [Example], skipped: Int) {
        guard let text = try? String(contentsOf: page, encoding: .utf8) else { return ([], 0) }
        var out: [Example] = []
        var skipped = 0
        var inBlock = false
        var runs = false
        var current: Example?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if inBlock {
                    if let c = current { out.append(c) }
                    current = nil
                    inBlock = false
                } else {
                    inBlock = true
                    runs = line == "```sh"
                    if line.contains("no-run") { skipped += 1 }
                }
                continue
            }
            guard inBlock && runs else { continue }
            if line.hasPrefix("$ ") {
                if let c = current { out.append(c) }
                current = Example(command: String(line.dropFirst(2)), expected: "")
            } else {
                current?.expected += line + "\n"
            }
        }
        return (out, skipped)
    }

    @Test func pageHasRunnableExamples() {
        let (run, skipped) = Self.examples()
        #expect(run.count >= 8, "docs/testing.md should show its commands; found \(run.count)")
        // The no-run blocks: a case file excerpt, XML and CI configuration, Swift.
        #expect(skipped == 5, "no-run blocks changed: \(skipped)")
    }

    @Test(arguments: TestingDocTests.examples().run)
    func example(_ example: Example) async throws {
        let binary = try #require(CLI.binary)
        let script =
            "cd '\(CLI.packageRoot.path)' && PATH='\(binary.deletingLastPathComponent().path)':\"$PATH\" \(example.command)"
        let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
        #expect(r.stdout == example.expected, "\(example.command)\nprinted:\n\(r.stdout)\(r.stderr)")
    }
}
