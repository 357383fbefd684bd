import Foundation
import Testing

/// The console in a real browser: Tests/Clients/console_selenium.py drives Debian's chromium
/// through chromium-driver and Selenium against `sfn serve` on loopback, as a user would (start
/// with typed input, watch the graph change live, read the failed state's panel, redrive, filter
/// the list, the HTML-named state as text), and fails on any message in the browser's console or
/// any request to another origin. With SFN_SCREENSHOT=PATH it also writes the execution's page
/// (docs/console/execution.png is made so).
struct ConsoleBrowserTests {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/Clients/console_selenium.py").path
    static let definition = CLI.packageRoot.appendingPathComponent("definitions/console-demo/console-demo.asl.json")
        .path

    /// python3 with Selenium, chromium and chromium-driver (.ci/run installs all three).
    static let hasBrowser: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            GraphBrowserTests.chromium != nil
        else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import selenium"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(
        .enabled(
            if: hasBrowser,
            "needs python3 with selenium (pip install selenium), chromium and chromium-driver (apt-get install)"))
    func aUserDebugsAnExecutionInTheConsole() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var args = [Self.script, String(server.port), work.path, Self.definition]
        if let shot = ProcessInfo.processInfo.environment["SFN_SCREENSHOT"], !shot.isEmpty { args.append(shot) }
        let run = try await CLI.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + args, timeout: 240)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr.suffix(2000))")
        for check in [
            "the editor refuses unfinished JSON", "while the Wait holds it, Hold shows running",
            "the graph changed live, without a reload",
            "the failed state's panel shows its error", "the state with the HTML name is shown as text",
            "redrive ran the failed state again and the execution succeeded", "the executions list filters",
            "no message in the browser's console", "no request to another origin",
        ] {
            #expect(run.stdout.contains("ok: \(check)"), "not passed: \(check)\n\(run.stdout)")
        }
    }
}
