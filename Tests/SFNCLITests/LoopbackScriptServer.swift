import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server of the tests' own, written in Python, on a loopback port it chooses and writes to the
/// file named by its first argument (a line ending in a newline): the HTTP task's and Lambda's
/// stand-ins.
enum LoopbackScriptServer {
    /// Runs `body` with the server's base URL; the server is ended afterwards.
    static func with(
        script source: String, name: String, python: String, _ body: (String) async throws -> Void
    ) async throws {
        let script = try CLI.temporaryFile(source, name: name)
        let portFile = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent("port")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, portFile.path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer {
            // SIGKILL: the server may inherit a mask that blocks SIGTERM (the test process's).
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        // Waits by sleeping: a blocking read would hold one of the pool's few threads.
        var port = ""
        for _ in 0..<500 where port.isEmpty {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), text.hasSuffix("\n") {
                port = text.trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
        }
        #expect(Int(port) != nil, "the server wrote no port within 5 s")
        try await body("http://127.0.0.1:\(port)")
    }
}
