import Foundation
import SFNJSON
import Testing

/// Examples/handler-demo uses sfn as a library: it registers a Swift handler under a Lambda ARN and
/// runs definitions/handler-demo.asl.json. This builds it as a user would and checks its output.
struct ExamplePackageTests {
    @Test func handlerDemoBuildsAndRunsTheDefinition() throws {
        let root = CLI.packageRoot
        let package = root.appendingPathComponent("Examples/handler-demo").path
        // A build folder of its own inside .build: the outer `swift test` holds .build's lock.
        let scratch = root.appendingPathComponent(".build/examples-handler-demo").path
        let build = try Self.run("/usr/bin/env", ["swift", "build", "--package-path", package, "--scratch-path", scratch],
                                 timeout: 900)
        try #require(build.status == 0, "swift build of handler-demo failed:\n\(build.output.suffix(3000))")

        let demo = scratch + "/debug/handler-demo"
        let run = try Self.run(demo, [], timeout: 60)
        #expect(run.status == 0, "\(run.output)")
        let expected = try JSONParser.parse(String(contentsOfFile: root.appendingPathComponent("definitions/handler-demo.expected.json").path, encoding: .utf8))
        let lastLine = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(try JSONParser.parse(lastLine) == expected)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var output: String
    }

    /// Runs a program to its end (killing it after `timeout` seconds), capturing its output.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning {
            if Date() > deadline { p.terminate() }
            usleep(20_000)
        }
        p.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return Result(status: p.terminationStatus, stdout: stdout, output: stdout + stderr)
    }
}
