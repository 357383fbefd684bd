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
    var bytes: [UInt8] = []
    let chunk = 1 << 16
    var buffer = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = fread(&buffer, 1, chunk, f)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if n < chunk { break }
    }
    if ferror(f) != 0 {
        throw StatesError("States.Runtime", "Cannot read the \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
    return String(decoding: bytes, as: UTF8.self)
}
