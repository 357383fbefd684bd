import Foundation
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal and file helpers for the CLI.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a JSON document and a newline to standard output as it is printed, 64 KiB at a time.
    static func outJSON(_ value: JSONValue, pretty: Bool) {
        JSONPrinter.write(value, indent: pretty ? 2 : nil) { writeOut($0) }
        [UInt8(ascii: "\n")].withUnsafeBufferPointer { writeOut($0) }
    }

    private static func writeOut(_ buf: UnsafeBufferPointer<UInt8>) { writeAll(STDOUT_FILENO, buf) }

    /// Writes all of `buf` to `fd`, again after a signal interrupts it; stops at an error (a
    /// closed pipe), which the caller's next write or exit status reports.
    static func writeAll(_ fd: Int32, _ buf: UnsafeBufferPointer<UInt8>) {
        guard let base = buf.baseAddress else { return }
        var offset = 0
        while offset < buf.count {
            let n = write(fd, base + offset, buf.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    /// The whole of a file as UTF-8 text; nil with a message when it cannot be read.
    static func readFile(_ path: String) -> Result<String, CLIFailure> {
        // read(2) to the end, not FileManager, so that FIFOs, pipes and process substitution
        // (/dev/fd/N), whose size is unknown until they end, read like files.
        guard let data = readToEnd(path) else {
            // Say why: the usual reasons are a wrong path, a folder, or permissions.
            var isDirectory: ObjCBool = false
            let why: String
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                why = "no such file"
            } else if isDirectory.boolValue {
                why = "it is a directory"
            } else {
                why = "permission denied or unreadable"
            }
            return .failure(CLIFailure("cannot read '\(path)': \(why)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(CLIFailure("\(path): not valid UTF-8"))
        }
        return .success(text)
    }

    /// The bytes of `path` read until its end; nil when it cannot be opened or read.
    static func readToEnd(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    static func readStandardInput() -> Result<String, CLIFailure> {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(CLIFailure("<stdin>: not valid UTF-8"))
        }
        return .success(text)
    }
}

/// A CLI problem with its message.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
