import Foundation

/// Writes a file whole or not at all: a hidden temporary file beside it, written and synced, then
/// renamed over the target, so a killed `sfn` or a crash never leaves half a file.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(CLIFailure) {
        try write(Array(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws(CLIFailure) {
        try write(Array(data), to: path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws(CLIFailure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CLIFailure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        var failed: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failed = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failed == nil && fsync(fd) != 0 { failed = String(cString: strerror(errno)) }
        close(fd)
        if failed == nil && rename(temporary, path) != 0 { failed = String(cString: strerror(errno)) }
        if let failed {
            unlink(temporary)
            throw CLIFailure("cannot write '\(path)': \(failed)")
        }
    }
}

/// write(2), named apart from `AtomicFile.write`, which would otherwise shadow it.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
