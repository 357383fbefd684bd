import Foundation

/// Writes a file whole or not at all: a hidden temporary file beside it, then a rename, so a
/// killed `sfn` never leaves half a file.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(CLIFailure) {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws(CLIFailure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CLIFailure("cannot write '\(path)'")
        }
        if rename(temporary, path) != 0 {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIFailure("cannot write '\(path)': \(why)")
        }
    }
}
