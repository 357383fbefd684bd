import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Distributed Map's items read from an object a chunk at a time (CSV and JSONL): memory is
/// the chunk and the rows in flight, not the file. Other inputs (a JSON array, a manifest, a
/// listing) arrive whole and are handed out from their array.
struct ItemStream {
    private enum Kind {
        case csv(header: [String]?)
        case jsonl(line: Int)
        case array([JSONValue], next: Int)
    }

    private var kind: Kind
    private var file: ChunkedFile?
    private let config: ReaderConfig
    private let key: String
    /// Items handed out so far (MaxItems counts them).
    private(set) var served = 0

    /// Streams `path` (the file standing in for `s3://bucket/key`) when the config reads it line by line.
    init(path: String, bucket: String, key: String, config: ReaderConfig) throws(LocalS3Error) {
        self.config = config
        self.key = key
        switch config.inputType {
        case .csv: kind = .csv(header: config.headersGiven ? config.headers : nil)
        case .jsonl: kind = .jsonl(line: 0)
        default: throw LocalS3Error("\(key): only CSV and JSONL objects are streamed")
        }
        file = try ChunkedFile(path: path, object: "s3://\(bucket)/\(key)")
    }

    /// Items already read (MaxItems applied).
    init(items: [JSONValue]) {
        self.config = ReaderConfig()
        self.key = ""
        kind = .array(items, next: 0)
    }

    static func streams(_ config: ReaderConfig) -> Bool { config.inputType == .csv || config.inputType == .jsonl }

    private var limitReached: Bool {
        if let maxItems = config.maxItems, maxItems > 0, served >= maxItems { return true }
        return false
    }

    /// The next item, or nil at the end (or at MaxItems).
    mutating func next() throws(LocalS3Error) -> JSONValue? {
        if limitReached { return nil }
        switch kind {
        case .array(let items, let i):
            guard i < items.count else { return nil }
            kind = .array(items, next: i + 1)
            served += 1
            return items[i]
        case .csv(var header):
            while let row = try file!.csvRow(delimiter: config.delimiter, collect: true) {
                guard let names = header else {
                    header = row
                    kind = .csv(header: row)
                    continue
                }
                var values: [JSONValue] = []
                values.reserveCapacity(names.count)
                for i in names.indices { values.append(.string(i < row.count ? row[i] : "")) }
                served += 1
                return .object(JSONObject(uncheckedKeys: names, values: values))
            }
            return nil
        case .jsonl(var line):
            while let bytes = try file!.line() {
                line += 1
                kind = .jsonl(line: line)
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                do {
                    let value = try JSONParser.parse(bytes: Array(bytes))
                    served += 1
                    return value
                } catch {
                    throw LocalS3Error("\(key):\(line): not a JSON value: \(error.message)")
                }
            }
            return nil
        }
    }

    /// How many items a fresh stream of this object gives (MapStateStarted's length, and the total
    /// the tolerated failure percentage is taken of): one pass that builds no values.
    static func count(path: String, bucket: String, key: String, config: ReaderConfig) throws(LocalS3Error) -> Int {
        var file = try ChunkedFile(path: path, object: "s3://\(bucket)/\(key)")
        var n = 0
        let limit = config.maxItems.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
        if config.inputType == .csv {
            var header = config.headersGiven
            while n < limit, try file.csvRow(delimiter: config.delimiter, collect: false) != nil {
                if header { n += 1 } else { header = true }
            }
        } else {
            while n < limit, let bytes = try file.line() {
                if !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { n += 1 }
            }
        }
        return n
    }
}

/// A file read a chunk at a time, with the unread rest of the last chunk kept in front of the next.
struct ChunkedFile {
    static let chunkSize = 1 << 20
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    /// Where `read` puts a chunk before it joins `buffer`.
    private var scratch: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private let object: String

    /// Closes the descriptor when the last copy of the stream goes.
    private final class FileDescriptor {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    init(path: String, object: String) throws(LocalS3Error) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LocalS3Error("The specified key does not exist. (\(object), looked for the file \(path))")
        }
        self.fd = FileDescriptor(fd)
        self.object = object
    }

    /// Reads the next chunk behind what is left; false at the end of the file.
    private mutating func refill() throws(LocalS3Error) -> Bool {
        if atEnd { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let old = buffer.count
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: Self.chunkSize) }
        var n = 0
        repeat {
            n = scratch.withUnsafeMutableBytes { read(fd.fd, $0.baseAddress!, Self.chunkSize) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else {
            throw LocalS3Error("\(object): cannot read the object: \(String(cString: strerror(errno)))")
        }
        scratch.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
        if n == 0 { atEnd = true }
        if old == 0 && buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        return n > 0
    }

    /// The next line's bytes (without its line end), or nil at the end.
    mutating func line() throws(LocalS3Error) -> ArraySlice<UInt8>? {
        while true {
            if let end = buffer[position...].firstIndex(of: 0x0A) {
                defer { position = end + 1 }
                return buffer[position..<end]
            }
            if try !refill() {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return buffer[position...]
            }
        }
    }

    /// The next CSV row (RFC 4180, blank lines skipped), its fields when `collect`, or nil at the end.
    mutating func csvRow(delimiter: UInt8, collect: Bool) throws(LocalS3Error) -> [String]? {
        while true {
            if let (row, next) = Self.parseRow(
                buffer, from: position, delimiter: delimiter, final: atEnd, collect: collect)
            {
                position = next
                return row
            }
            if try !refill() {
                guard
                    let (row, next) = Self.parseRow(
                        buffer, from: position, delimiter: delimiter, final: true, collect: collect)
                else { return nil }
                position = next
                return row
            }
        }
    }

    /// One row from `start`; nil when there is none, or when it may go on past the buffer's end
    /// (unless `final`).
    static func parseRow(_ bytes: [UInt8], from start: Int, delimiter: UInt8, final: Bool, collect: Bool)
        -> ([String], Int)?
    {
        var i = start
        while i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count else { return nil }
        var row: [String] = []
        var field: [UInt8] = []
        // Nothing of the field read yet: only there does a quote open a quoted field.
        var fresh = true
        var quoted = false
        var ended = false
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == 0x22 {
                    if i < bytes.count, bytes[i] == 0x22 {
                        if collect { field.append(0x22) }
                        i += 1
                    } else if i == bytes.count && !final {
                        return nil
                    } else {
                        quoted = false
                    }
                } else if collect {
                    field.append(c)
                }
            } else if c == 0x22 && fresh {
                quoted = true
                fresh = false
            } else if c == delimiter {
                if collect { row.append(String(decoding: field, as: UTF8.self)) }
                field.removeAll(keepingCapacity: true)
                fresh = true
            } else if c == 0x0A || c == 0x0D {
                ended = true
                break
            } else {
                fresh = false
                if collect { field.append(c) }
            }
        }
        if !ended && !final { return nil }
        if collect { row.append(String(decoding: field, as: UTF8.self)) }
        return (row, i)
    }
}
