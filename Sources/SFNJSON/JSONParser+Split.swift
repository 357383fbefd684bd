import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When a large document is parsed whole, the second half of its largest array is read on a
/// second thread while the parser reads the first.
///
/// Where an element starts cannot be known without reading everything before it, so the second
/// thread guesses: from the middle of what is left it looks for a `}`, a comma and a `{` (between
/// two objects of an array; inside a string the guess is wrong) followed by the same first key as
/// the array's first element (so that an object of an array inside the elements is not taken for
/// one of them), and reads elements from that `{` to the array's `]`. Its work is used only if the parser itself then arrives at that very byte
/// as the start of an element, at the depth the guess was made for: from there the parser would
/// have read exactly the same elements with the same code. Otherwise, or if the second thread met
/// anything it could not read, its work is dropped and the parser reads on as if it had never
/// been, so every error is the parser's own, with the same message, line and column.
struct SplitPolicy: Sendable {
    /// Bytes of one array the parser reads before it looks for a split.
    var trigger: Int
    /// Documents smaller than this, and arrays with less left than `minimumRest`, are not split.
    var minimumDocument: Int
    var minimumRest: Int

    static let standard = SplitPolicy(trigger: 64 << 10, minimumDocument: 1 << 20, minimumRest: 512 << 10)

    /// Whether a second thread could run beside this one at all.
    static let hasSecondCore: Bool = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
}

/// The second thread's reading of a guessed stretch of array elements.
final class SplitParse: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the first guessed element starts (its `{`).
    let start: Int
    /// The depth of the array the guess is for, as the parser counts it.
    let depth: Int
    let maxDepth: Int
    private let stopped = Atomic<Bool>(false)
    /// Written by the second thread only, read after `join`.
    private(set) var values: [JSONValue] = []
    /// After the array's `]`, or -1 when the guess could not be read to it.
    private(set) var end = -1
    private var thread = pthread_t()
    private var running = false

    private init(bytes: UnsafeBufferPointer<UInt8>, start: Int, depth: Int, maxDepth: Int) {
        self.bytes = bytes
        self.start = start
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// Starts reading from a guessed element start between `from` and the end, or returns nil
    /// when there is none close to the middle or no thread could be made.
    static func start(
        bytes: UnsafeBufferPointer<UInt8>, from: Int, depth: Int, maxDepth: Int, first: Range<Int>
    ) -> SplitParse? {
        guard let at = guess(bytes, from: from + (bytes.count - from) / 2, first: first) else { return nil }
        let split = SplitParse(bytes: bytes, start: at, depth: depth, maxDepth: maxDepth)
        let context = Unmanaged.passRetained(split).toOpaque()
        #if canImport(Glibc)
        let created = pthread_create(
            &split.thread, nil,
            { arg in
                Unmanaged<SplitParse>.fromOpaque(arg!).takeRetainedValue().read()
                return nil
            }, context)
        #else
        let created = pthread_create(
            &split.thread, nil,
            { arg in
                Unmanaged<SplitParse>.fromOpaque(arg).takeRetainedValue().read()
                return nil
            }, context)
        #endif
        guard created == 0 else {
            Unmanaged<SplitParse>.fromOpaque(context).release()
            return nil
        }
        split.running = true
        return split
    }

    /// The first `{` at or after `from` (within 64 KiB) whose previous bytes, past whitespace,
    /// are a comma and then a `}`, and whose text begins as the bytes `first` do.
    static func guess(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, first: Range<Int>) -> Int? {
        let limit = Swift.min(bytes.count, from + (64 << 10))
        var k = Swift.max(from, 1)
        while k < limit {
            defer { k += 1 }
            guard bytes[k] == UInt8(ascii: ",") else { continue }
            var before = k - 1
            while before > 0 && isSpace(bytes[before]) { before -= 1 }
            guard bytes[before] == UInt8(ascii: "}") else { continue }
            var after = k + 1
            while after < bytes.count && isSpace(bytes[after]) { after += 1 }
            if after + first.count <= bytes.count
                && UnsafeBufferPointer(rebasing: bytes[after..<(after + first.count)])
                    .elementsEqual(UnsafeBufferPointer(rebasing: bytes[first]))
            {
                return after
            }
        }
        return nil
    }

    /// The text of an object element up to the end of its first key (`{"id"`), or nil when the
    /// element at `start` is not an object with a key.
    static func firstKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        var k = start + 1
        while k < bytes.count && isSpace(bytes[k]) { k += 1 }
        guard k < bytes.count, bytes[k] == UInt8(ascii: "\"") else { return nil }
        k += 1
        let limit = Swift.min(bytes.count, k + 64)
        while k < limit {
            if bytes[k] == UInt8(ascii: "\"") { return start..<(k + 1) }
            if bytes[k] == UInt8(ascii: "\\") { return nil }
            k += 1
        }
        return nil
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// On the second thread: elements and commas up to the array's `]`, as `Parser.parseArray`
    /// reads them, stopping at the first thing it cannot read or when told to stop.
    private func read() {
        var parser = Parser(bytes: bytes, maxDepth: maxDepth, locations: nil, at: start)
        parser.depth = depth
        var read: [JSONValue] = []
        do throws(JSONParseError) {
            while !stopped.load(ordering: .relaxed) {
                parser.skipWhitespace()
                read.append(try parser.parseValue())
                parser.skipWhitespace()
                guard parser.i < bytes.count else { return }
                if bytes[parser.i] == UInt8(ascii: ",") {
                    parser.i += 1
                    continue
                }
                guard bytes[parser.i] == UInt8(ascii: "]") else { return }
                values = read
                end = parser.i + 1
                return
            }
        } catch {
            return
        }
    }

    /// Waits for the second thread; afterwards `end` and `values` say what it read.
    func join() {
        guard running else { return }
        running = false
        pthread_join(thread, nil)
    }

    /// Tells the second thread its work is not wanted, and waits for it.
    func cancel() {
        stopped.store(true, ordering: .relaxed)
        join()
        values = []
        end = -1
    }
}

extension Parser {
    /// In an array's loop, after a comma: once the array has grown past the policy's trigger,
    /// starts the one split of this document.
    @inline(__always) mutating func considerSplit(arrayStart: Int) {
        guard let policy = splitPolicy, i - arrayStart >= policy.trigger else { return }
        splitPolicy = nil
        guard bytes.count - i >= policy.minimumRest else { return }
        var first = arrayStart + 1
        while first < bytes.count && SplitParse.isSpace(bytes[first]) { first += 1 }
        guard let key = SplitParse.firstKey(bytes, at: first) else { return }
        split = SplitParse.start(bytes: bytes, from: i, depth: depth, maxDepth: maxDepth, first: key)
    }

    /// At an element start at or past the split's start: takes its elements when this is the
    /// very element and depth it guessed (true: `i` is then past the array's `]`), or drops it.
    mutating func takeSplit(_ split: SplitParse, into array: inout [JSONValue]) -> Bool {
        self.split = nil
        guard i == split.start, depth == split.depth else {
            split.cancel()
            return false
        }
        split.join()
        guard split.end >= 0 else { return false }
        array.append(contentsOf: split.values)
        i = split.end
        splitTaken = true
        return true
    }
}
