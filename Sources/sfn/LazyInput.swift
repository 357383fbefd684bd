import SFNCore
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file given as `--input` read as bytes into a lazily parsed value
/// (`JSONParser.parseLazily`): no text copy of it, and only what the run reads gets parsed.
enum LazyInput {
    /// The file's JSON; nil when it is not a readable regular file or not valid JSON, for the
    /// ordinary path (InputArgument) to read it again and say what is wrong.
    /// `eager`: parse it whole whatever its size (`readsWhole` of the machine that runs it).
    static func value(ofFile path: String, eager: Bool = false) -> JSONValue? {
        guard let bytes = regularFileBytes(path) else { return nil }
        // A small input costs as little parsed whole, and its objects then need no first parse.
        if eager || bytes.count < minimumSize { return try? JSONParser.parse(bytes: bytes) }
        return try? JSONParser.parseLazily(bytes: bytes)
    }

    static let minimumSize = 1 << 16

    /// The size of the regular file that `--input VALUE` names; nil for anything else.
    static func fileSize(_ value: String?) -> Int? {
        guard let value, case .file(let path) = InputArgument.source(value) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether the machine's first state, in JSONata, runs an expression over each item of an
    /// array in its input (`$states.input.orders[price > 50]`, `$sort($states.input.orders, ...)`:
    /// `JSONataExpression.iteratesInputItems`). It then reads every item's members, and an object
    /// parsed lazily and then read costs about twice what it costs parsed with the rest (a
    /// validating scan, then its own parse: 730M instructions against about 400M for the
    /// benchmark's 100,000 orders). An input that is passed on, or read a member or two at a
    /// time, stays lazy: printing an untouched object copies its text.
    static func readsWhole(_ machine: StateMachine) -> Bool {
        let start = machine.definition.graph.start
        guard start.queryLanguage == .jsonata else { return false }
        var templates = [start.arguments, start.output, start.assign].compactMap { $0 }
        if case .map(let map) = start.kind, let items = map.items { templates.append(items) }
        while let t = templates.popLast() {
            switch t {
            case .jsonata(let expression, _): if expression.iteratesInputItems { return true }
            case .object(_, let values): templates += values
            case .array(let values): templates += values
            case .literal, .path: break
            }
        }
        return false
    }

    /// The whole of a regular file, read into an array of its size; nil for anything else (a
    /// pipe or FIFO can be read only once, by the ordinary path).
    static func regularFileBytes(_ path: String) -> [UInt8]? {
        // Asked of the path before opening it: opening a FIFO would take the writer's data with it
        // when closed again, leaving the ordinary path waiting for a writer that has gone.
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            populate(buffer.baseAddress!, size)
            while count < size {
                let n = read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failed = n < 0
                    return
                }
                count += n
            }
        }
        // A file that grew while read is read again by the ordinary path, to its end.
        if failed || bytes.count != size { return nil }
        var more: UInt8 = 0
        if read(fd, &more, 1) != 0 { return nil }
        return bytes
    }

    /// Maps the pages of a large buffer about to be read into in one call: `read` would otherwise
    /// take a page fault for each fresh page it copies into (6,700 for the 27 MB payload input, a
    /// few microseconds each on this virtual machine). Linux 5.14 and later; elsewhere a no-op.
    private static func populate(_ base: UnsafeMutablePointer<UInt8>, _ size: Int) {
        #if os(Linux)
        guard size >= 1 << 20 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + size) & ~(page - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // MADV_POPULATE_WRITE (23), not in Glibc's headers here.
        _ = madvise(p, end - start, 23)
        #endif
    }
}
