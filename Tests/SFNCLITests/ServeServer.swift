import Foundation
import Testing

/// A running `sfn serve` on a free port with a store of its own, for the tests; `stop` ends it.
final class ServeServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let store: String
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Whether Python's boto3 and the AWS CLI are installed (.ci/run installs them from PyPI).
    static let hasBoto3: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import boto3"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static let hasAWSCLI: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["aws", "--version"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// The environment a client runs in: dummy credentials, the region, no `sync-` host prefix.
    static var clientEnvironment: [String: String] {
        var env = CLI.environment
        env["AWS_ACCESS_KEY_ID"] = "test"
        env["AWS_SECRET_ACCESS_KEY"] = "test"
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        env["AWS_DISABLE_HOST_PREFIX_INJECTION"] = "true"
        env["AWS_PAGER"] = ""
        return env
    }

    /// Starts a server on a store of its own, or on `store` (a restart).
    init(extra: [String] = [], store given: String? = nil) throws {
        let binary = try #require(CLI.binary, "the sfn binary was not found; run `swift build` first")
        if let given {
            store = given
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            store = dir.appendingPathComponent("sfn.db").path
        }
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--store", store] + extra
        var env = CLI.environment
        env["AWS_DEFAULT_REGION"] = nil
        env["AWS_ACCOUNT_ID"] = nil
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the address with the port the system chose.
        var line = Data()
        while !line.contains(10) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        let portText = text.range(of: "127.0.0.1:").map { text[$0.upperBound...].prefix { $0.isNumber } } ?? ""
        guard let port = Int(portText) else {
            process.terminate()
            throw CLIFailureText("sfn serve did not print its address: '\(text)'")
        }
        self.port = port
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        // A server that ignored SIGTERM must not hang the suite: SIGKILL after 5 s.
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct CLIFailureText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
