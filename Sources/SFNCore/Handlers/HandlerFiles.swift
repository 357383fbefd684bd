#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ResourceMap {
    /// Loads a `--resources FILE`; its commands run in the file's directory.
    public init(contentsOfFile path: String) throws(StatesError) {
        let text = try readHandlerFile(path, what: "resources map")
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        try self.init(parsing: text, baseDirectory: dir)
    }
}

extension MockConfig {
    /// Loads a `--mock-config FILE`.
    public init(contentsOfFile path: String) throws(StatesError) {
        try self.init(parsing: readHandlerFile(path, what: "mock config"))
    }
}

/// Reads a whole text file; failures name the file and the reason.
func readHandlerFile(_ path: String, what: String) throws(StatesError) -> String {
    guard let f = fopen(path, "rb") else {
        throw StatesError("States.Runtime", "Cannot read the \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
    defer { fclose(f) }
    // Read in place into room for the whole file (one byte more, to see its end), not through
    // a zero-filled 64 KiB buffer: every `sfn run` reads its definition here.
    var info = stat()
    let size = fstat(fileno(f), &info) == 0 && info.st_size > 0 ? Int(info.st_size) : 0
    var bytes = [UInt8](repeating: 0, count: size + 1)
    var count = 0
    while true {
        if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 12))) }
        let n = bytes.withUnsafeMutableBytes { fread($0.baseAddress! + count, 1, $0.count - count, f) }
        if n == 0 { break }
        count += n
    }
    bytes.removeLast(bytes.count - count)
    if ferror(f) != 0 {
        throw StatesError("States.Runtime", "Cannot read the \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
    return String(decoding: bytes, as: UTF8.self)
}
