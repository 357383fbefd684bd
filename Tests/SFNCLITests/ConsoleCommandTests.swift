import Foundation
import Testing

/// `sfn console`: `sfn serve` on a free loopback port with the console's address printed; with
/// `--no-open` it opens nothing; bad usage exits 2 with its own name.
struct ConsoleCommandTests {
    @Test func itServesTheConsoleOnAFreePort() async throws {
        let binary = try #require(CLI.binary)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-console-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["console", "--no-open", "--store", dir.appendingPathComponent("sfn.db").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var text = ""
        while text.components(separatedBy: "\n").count < 3 {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            text += String(decoding: byte, as: UTF8.self)
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("sfn console: listening on http://127.0.0.1:") == true, "\(text)")
        let address = try #require(lines.dropFirst().first, "\(text)")
        #expect(address.hasPrefix("sfn console: console at http://127.0.0.1:") && address.hasSuffix("/"))
        let port = try #require(Int(address.split(separator: ":").last?.dropLast() ?? ""))
        #expect(port != 8083 && port > 0)
        let page = try RawHTTP(port: port).send("GET", "/")
        #expect(page.status == 200 && page.body.contains("sfn console"))
    }

    @Test func badUsage() async throws {
        let unknown = try await CLI.run(["console", "--bogus"])
        #expect(unknown.status == 2 && unknown.stderr.contains("sfn console: unknown option '--bogus'"))
        let positional = try await CLI.run(["console", "extra"])
        #expect(positional.status == 2 && positional.stderr.contains("sfn console: unexpected argument 'extra'"))
        let help = try await CLI.run(["console", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--no-open") && help.stdout.contains("SSH tunnel"))
    }
}
