import Foundation
import SFNJSON
import Testing

/// Examples/handler-demo uses sfn as a library: it registers a Swift handler under a Lambda ARN and
/// runs definitions/handler-demo.asl.json. This builds it as a user would and checks its output.
struct ExamplePackageTests {
    @Test func handlerDemoBuildsAndRunsTheDefinition() async throws {
        let root = CLI.packageRoot
        let package = root.appendingPathComponent("Examples/handler-demo").path
        // A build folder of its own inside .build: the outer `swift test` holds .build's lock.
        let scratch = root.appendingPathComponent(".build/examples-handler-demo").path
        let build = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swift", "build", "--package-path", package, "--scratch-path", scratch],
            timeout: 900)
        try #require(
            build.status == 0,
            "swift build of handler-demo failed:\n\(build.stdout.suffix(1500))\n\(build.stderr.suffix(1500))")

        let demo = scratch + "/debug/handler-demo"
        let run = try await CLI.runProcess(URL(fileURLWithPath: demo), [], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let expected = try JSONParser.parse(
            String(
                contentsOfFile: root.appendingPathComponent("definitions/handler-demo.expected.json").path,
                encoding: .utf8))
        let lastLine = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(try JSONParser.parse(lastLine) == expected)
    }
}
