#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--max-payload`: the bound on values a state produces in bulk, so that a runaway definition
/// fails its state with States.DataLimitExceeded instead of growing until the machine kills it.
extension ExecutionOptions {
    /// A quarter of the machine's memory (MemTotal in /proc/meminfo); 1 GiB where that cannot
    /// be read. A value this large is also printed at least once, often several times (history,
    /// output, store), so a quarter leaves room for its copies.
    public static let defaultMaxPayloadBytes: Int = {
        if let total = memTotalBytes() { return max(total / 4, 1 << 20) }
        return 1 << 30
    }()

    /// MemTotal from /proc/meminfo, in bytes.
    static func memTotalBytes() -> Int? {
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("MemTotal:") else { continue }
            let digits = text.dropFirst(9).filter { $0.isNumber }
            guard let kib = Int(digits), kib > 0 else { return nil }
            return kib.multipliedReportingOverflow(by: 1024).overflow ? Int.max : kib * 1024
        }
        return nil
    }
}
