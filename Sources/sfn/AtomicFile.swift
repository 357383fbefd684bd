import Foundation

/// Writes a file whole or not at all: a temporary file beside it, then a rename.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(CLIFailure) {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw CLIFailure("cannot write '\(path)'")
        }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw CLIFailure("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
