import Foundation
import Testing

@testable import SFNCore

/// The bytes of a spawn request, as a reaper reads them: `execve`'s arrays pointing into them.
struct SpawnRequestTests {
    /// Decodes `bytes` and hands the request to `body`.
    static func decode<T>(_ bytes: [UInt8], _ body: (SpawnRequest?) -> T) -> T {
        var bytes = bytes
        return bytes.withUnsafeMutableBufferPointer { buffer in
            let request = SpawnRequest(buffer)
            defer { request?.release() }
            return body(request)
        }
    }

    @Test func everyFieldComesBackAsWritten() {
        let bytes = SpawnRequest.encode(
            argv: ["sh", "-c", "", "é ü"], searchPath: true, environment: ["A=1", "PATH=/bin"],
            workingDirectory: "/tmp/x y", heartbeat: true)
        Self.decode(bytes) { request in
            #expect(request?.arguments == ["sh", "-c", "", "é ü"])
            #expect(request?.argv[4] == nil, "argv ends in nil")
            #expect(request?.environment == ["A=1", "PATH=/bin"])
            #expect(request?.envp?[2] == nil, "envp ends in nil")
            #expect(request?.directory == "/tmp/x y")
            #expect(request?.searchPath == true)
            #expect(request?.heartbeat == true)
        }
    }

    @Test func noEnvironmentAndNoDirectoryAreNil() {
        let bytes = SpawnRequest.encode(
            argv: ["/bin/cat"], searchPath: false, environment: nil, workingDirectory: nil, heartbeat: false)
        Self.decode(bytes) { request in
            #expect(request?.arguments == ["/bin/cat"])
            #expect(request?.envp == nil)
            #expect(request?.environment == nil)
            #expect(request?.workingDirectory == nil)
            #expect(request?.searchPath == false)
            #expect(request?.heartbeat == false)
        }
        // An empty environment is not the reaper's own.
        let empty = SpawnRequest.encode(
            argv: ["true"], searchPath: true, environment: [], workingDirectory: nil, heartbeat: false)
        Self.decode(empty) { request in
            #expect(request?.environment == [])
            #expect(request?.envp?[0] == nil)
        }
    }

    /// A string with a NUL inside ends there, as a C string does, and moves no other string.
    @Test func aNulInsideAStringEndsItThere() {
        let bytes = SpawnRequest.encode(
            argv: ["echo", "a\u{0}b", "c"], searchPath: true, environment: ["A=1\u{0}x", "B=2"],
            workingDirectory: "/tmp\u{0}/x", heartbeat: false)
        Self.decode(bytes) { request in
            #expect(request?.arguments == ["echo", "a", "c"])
            #expect(request?.environment == ["A=1", "B=2"])
            #expect(request?.directory == "/tmp")
        }
    }

    @Test func bytesThatAreNotARequestAreRefused() {
        let good = SpawnRequest.encode(
            argv: ["echo", "hi"], searchPath: true, environment: ["A=1"], workingDirectory: "/", heartbeat: false)
        // Cut anywhere, the last string loses its NUL, or a counted string is missing.
        for length in 0..<good.count {
            Self.decode(Array(good.prefix(length))) { #expect($0 == nil, "cut to \(length) bytes") }
        }
        Self.decode(good) { #expect($0 != nil) }
        // No arguments, and counts far beyond the bytes.
        Self.decode([0, 0, 0, 0, 0, 0, 0, 0, 0]) { #expect($0 == nil) }
        Self.decode([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]) { #expect($0 == nil) }
    }
}
