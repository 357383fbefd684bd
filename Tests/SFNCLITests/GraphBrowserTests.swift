import Foundation
import Testing

/// The html page of `sfn graph` in a real headless Chromium: it loads without one message in
/// the browser's console (script errors, refused requests, overflowing text, which the page's
/// own check reports there), it screenshots, and a click target chosen by the URL opens the
/// side panel with the state's definition and run.
struct GraphBrowserTests {
    static let chromium: URL? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .map { URL(fileURLWithPath: $0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }

    static func browse(_ page: String, _ mode: [String]) async throws -> CLIRun {
        let chromium = try #require(Self.chromium)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        // --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start.
        let args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--window-size=1280,900",
            ] + mode + [page]
        return try await CLI.runProcess(chromium, args, timeout: 120)
    }

    /// Console lines Chromium writes to standard error with --enable-logging: every level,
    /// every source (uncaught exceptions, console.error, refused loads).
    static func consoleLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
    }

    @Test(
        .enabled(if: chromium != nil, "needs Chromium (.ci/run installs Debian's chromium)"),
        arguments: ["order-fulfilment", "jsonata-orders"])
    func thePageLoadsCleanly(_ name: String) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-graph-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("\(name).html").path
        var args = ["graph", CLI.packageRoot.appendingPathComponent("definitions/\(name).asl.json").path, "-o", html]
        if name == "order-fulfilment" {
            args += [
                "--history", CLI.packageRoot.appendingPathComponent("docs/graph/\(name).failed.history.json").path,
            ]
        }
        let made = try await CLI.run(args)
        #expect(made.status == 0, "\(made.stderr)")

        let png = dir.appendingPathComponent("shot.png").path
        let shot = try await Self.browse("file://\(html)", ["--screenshot=\(png)"])
        #expect(!shot.timedOut)
        #expect(Self.consoleLines(shot.stderr).isEmpty, "\(Self.consoleLines(shot.stderr))")
        let image = try #require(FileManager.default.contents(atPath: png), "no screenshot")
        #expect(image.count > 10_000 && image.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        let state = name == "order-fulfilment" ? "PackItems" : "PriceLines"
        let dom = try await Self.browse("file://\(html)#state=\(state)", ["--dump-dom"])
        #expect(Self.consoleLines(dom.stderr).isEmpty, "\(Self.consoleLines(dom.stderr))")
        #expect(dom.stdout.contains("data-check=\"ok\""), "the page's own check: \(dom.stdout.prefix(300))")
        #expect(dom.stdout.contains("<aside id=\"panel\"><h2>\(state)</h2>"))
        #expect(dom.stdout.contains("\"Type\": \"Map\""))
        if name == "order-fulfilment" {
            #expect(dom.stdout.contains("<dt>iterations</dt><dd>2 (1 failed)</dd>"))
            #expect(dom.stdout.contains("<dt>status</dt><dd>failed</dd>"))
        }
    }

    @Test(.enabled(if: chromium != nil, "needs Chromium (.ci/run installs Debian's chromium)"))
    func aBrokenPageIsNoticed() async throws {
        // The same check on a page with a script error: the console line must show up, or the
        // test above could never fail.
        let page = try CLI.temporaryFile(
            "<!DOCTYPE html><link rel=\"icon\" href=\"data:,\"><script>undefinedFunction()</script>",
            name: "broken.html")
        let r = try await Self.browse("file://\(page)", ["--dump-dom"])
        #expect(Self.consoleLines(r.stderr).contains { $0.contains("undefinedFunction is not defined") })
    }
}
