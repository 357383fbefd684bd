import Foundation
import Testing

/// Every `sh` code block of README.md and docs/ runs: each `$ command` (a trailing backslash
/// continues it) runs with bash from the package root, after the block's earlier `$ cd ...`, and
/// prints exactly the lines shown below it (standard output and standard error together). A block
/// that cannot run here is marked ```` ```sh no-run ```` and counted. docs/testing.md has its own
/// test (TestingDocTests), which compares standard output alone.
struct DocsExamplesTests {
    struct Example: CustomStringConvertible, Sendable {
        var page: String
        var line: Int
        var directory: String
        var command: String
        var expected: String
        var description: String { "\(page):\(line): \(command)" }
    }

    struct Page: Sendable {
        var examples: [Example] = []
        var skipped = 0
        /// `sh` blocks with no `$ ` command to run and no no-run mark.
        var unmarked: [Int] = []
    }

    static let pages: [String] = {
        let docs =
            (try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("docs").path))
            ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") && $0 != "testing.md" }.sorted().map { "docs/" + $0 }
    }()

    static func read(_ page: String) -> Page {
        var out = Page()
        guard let text = try? String(contentsOf: CLI.packageRoot.appendingPathComponent(page), encoding: .utf8) else {
            return out
        }
        var inBlock = false
        var runs = false
        var blockStart = 0
        var blockHasCommand = false
        var directory = ""
        var current: Example?
        var continued = false
        var indent = 0
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                if inBlock {
                    if let c = current { out.examples.append(c) }
                    if runs && !blockHasCommand { out.unmarked.append(blockStart) }
                    current = nil
                    inBlock = false
                } else if trimmed.hasPrefix("```sh") {
                    inBlock = true
                    indent = line.count - trimmed.count
                    runs = !trimmed.contains("no-run")
                    if !runs { out.skipped += 1 }
                    blockStart = i + 1
                    blockHasCommand = false
                    directory = ""
                } else {
                    inBlock = true
                    runs = false
                }
                continue
            }
            guard inBlock && runs else { continue }
            let content = String(trimmed)
            if continued, var c = current {
                c.command += "\n" + content
                current = c
                continued = content.hasSuffix("\\")
                continue
            }
            if content.hasPrefix("$ ") {
                if let c = current { out.examples.append(c) }
                blockHasCommand = true
                let command = String(content.dropFirst(2))
                if command.hasPrefix("cd ") {
                    directory += command + " && "
                    current = nil
                    continue
                }
                current = Example(page: page, line: i + 1, directory: directory, command: command, expected: "")
                continued = command.hasSuffix("\\")
            } else {
                // Output keeps its own indentation, less the fence's.
                current?.expected += String(line.dropFirst(min(indent, line.count - trimmed.count))) + "\n"
            }
        }
        return out
    }

    static let examples: [Example] = pages.flatMap { read($0).examples }

    @Test func everyShellBlockRunsOrIsMarked() {
        var skipped = 0
        for page in Self.pages {
            let p = Self.read(page)
            #expect(p.unmarked.isEmpty, "\(page): sh blocks at lines \(p.unmarked) have no $ command; mark them no-run")
            skipped += p.skipped
        }
        #expect(Self.examples.count >= 8)
        // Counted so that a block quietly turned no-run shows: install lines, AWS, illustrations.
        print("docs examples: \(Self.examples.count) run, \(skipped) no-run blocks skipped")
    }

    @Test(arguments: DocsExamplesTests.examples)
    func example(_ example: Example) async throws {
        let binary = try #require(CLI.binary)
        let script = """
            cd '\(CLI.packageRoot.path)' && \(example.directory)PATH='\(binary.deletingLastPathComponent().path)':"$PATH" \
            && { \(example.command)
            } 2>&1
            """
        let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script], timeout: 60)
        #expect(r.stdout == example.expected, "\(example)\nprinted:\n\(r.stdout)\(r.stderr)")
    }
}
