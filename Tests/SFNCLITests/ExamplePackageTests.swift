import Foundation
import SFNJSON
import Testing

/// Examples/handler-demo uses sfn as a library, built as a user builds it: `handler-demo` registers a
/// Swift handler under a Lambda ARN and runs definitions/handler-demo.asl.json; `embedding` is the
/// program that docs/embedding.md shows, block by block. Serialized: both tests build the one package.
@Suite(.serialized)
struct ExamplePackageTests {
    static let root = CLI.packageRoot
    static let docPath = root.appendingPathComponent("docs/embedding.md").path
    static let programPath = root.appendingPathComponent("Examples/handler-demo/Sources/embedding/main.swift").path
    static let header =
        "// Generated from docs/embedding.md by Tests/SFNCLITests/ExamplePackageTests.swift (SFN_RECORD=1): "
        + "edit the doc, not this file.\n"

    /// Builds the example package in a folder of its own inside .build (the outer `swift test` holds
    /// .build's lock) and returns the folder of its executables.
    static func build() async throws -> String {
        let package = root.appendingPathComponent("Examples/handler-demo").path
        let scratch = root.appendingPathComponent(".build/examples-handler-demo").path
        try forgetStaleBuild(scratch)
        let build = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swift", "build", "--package-path", package, "--scratch-path", scratch],
            timeout: 900)
        try #require(
            build.status == 0,
            "swift build of the example package failed:\n\(build.stdout.suffix(1500))\n\(build.stderr.suffix(1500))")
        return scratch + "/debug"
    }

    /// SwiftPM does not notice files added to or removed from a path dependency's targets in an
    /// existing build folder (the build then fails on names it cannot find): start afresh whenever
    /// the list of the package's source files changed since the last build.
    static func forgetStaleBuild(_ scratch: String) throws {
        let sources = root.appendingPathComponent("Sources").path
        let files = (FileManager.default.enumerator(atPath: sources)?.allObjects as? [String] ?? []).sorted()
        let listing = files.joined(separator: "\n")
        let stamp = scratch + "/sources.list"
        if (try? String(contentsOfFile: stamp, encoding: .utf8)) != listing {
            try? FileManager.default.removeItem(atPath: scratch)
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try listing.write(toFile: stamp, atomically: true, encoding: .utf8)
        }
    }

    @Test func handlerDemoBuildsAndRunsTheDefinition() async throws {
        let bin = try await Self.build()
        let run = try await CLI.runProcess(URL(fileURLWithPath: bin + "/handler-demo"), [], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let expected = try JSONParser.parse(
            String(
                contentsOfFile: Self.root.appendingPathComponent("definitions/handler-demo.expected.json").path,
                encoding: .utf8))
        let lastLine = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(try JSONParser.parse(lastLine) == expected)
    }

    /// The Swift blocks of docs/embedding.md, in order, as one program (blocks marked `no-run` left out).
    static func documentedProgram() throws -> String {
        let doc = try String(contentsOfFile: docPath, encoding: .utf8)
        return header + fencedBlocks(in: doc, info: "swift").joined(separator: "\n")
    }

    /// The contents of the fenced code blocks whose info string is exactly `info`.
    static func fencedBlocks(in text: String, info: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line == "```\(info)" { current = [] }
            } else if line == "```" {
                blocks.append(current!.map { $0 + "\n" }.joined())
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test func embeddingDocProgramIsTheExamplesProgram() throws {
        let documented = try Self.documentedProgram()
        if ProcessInfo.processInfo.environment["SFN_RECORD"] == "1" {
            try documented.write(toFile: Self.programPath, atomically: true, encoding: .utf8)
        }
        let program = try String(contentsOfFile: Self.programPath, encoding: .utf8)
        #expect(
            program == documented,
            """
            Examples/handler-demo/Sources/embedding/main.swift differs from docs/embedding.md's code; \
            rerun the tests with SFN_RECORD=1 to copy the doc's code over
            """)
    }

    @Test func embeddingDocProgramPrintsWhatTheDocShows() async throws {
        let bin = try await Self.build()
        let run = try await CLI.runProcess(URL(fileURLWithPath: bin + "/embedding"), [], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try String(contentsOfFile: Self.docPath, encoding: .utf8)
        let shown = try #require(Self.fencedBlocks(in: doc, info: "text").last, "docs/embedding.md shows no output")
        #expect(run.stdout == shown)
    }
}
