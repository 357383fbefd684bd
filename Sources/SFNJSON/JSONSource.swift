import Synchronization

/// The text of a document read by `JSONParser.parseLazily`, kept for the lazy objects over it,
/// with what the validating scan learnt about it (JSONParser+Scan.swift). Immutable once made.
@usableFromInline final class JSONSource: Sendable {
    let bytes: [UInt8]
    /// Offsets, ascending, of text that the printer would not write back as it stands: strings
    /// with escapes, numbers not in their printed form, keys that may repeat. An object whose text
    /// holds none of them prints as its text (less its whitespace).
    let dirty: [Int]
    /// Offsets, ascending, where whitespace between tokens starts; nil when there were too many to
    /// keep (then every copy is minified).
    let spaces: [Int]?
    /// A container of at least `Scan.bigContainer` bytes: finding its end, and the ends of the
    /// objects in it, is a lookup instead of a walk over their text.
    struct Container: Sendable {
        var start: Int
        var end: Int
        /// Where each object among its elements or member values ends, in order.
        var childEnds: [Int32]
    }

    /// By start.
    let containers: [Container]
    /// What the parses of this text's objects share (`ParseShare`): a few, so that threads
    /// parsing objects at the same time (the workers of a Map) each find one free.
    let shares = (0..<ParseShare.count).map { _ in ParseShare() }

    init(bytes: [UInt8], dirty: [Int], spaces: [Int]?, containers: [Container]) {
        self.bytes = bytes
        self.dirty = dirty
        self.spaces = spaces
        self.containers = containers.sorted { $0.start < $1.start }
    }

    /// The members of the object at `start`, its member objects lazy in turn. Any number of
    /// threads may parse this text's objects at once.
    func members(ofObjectAt start: Int) -> JSONObject {
        var share: ParseShare? = nil
        for candidate in shares where candidate.take() {
            share = candidate
            break
        }
        let members = bytes.withUnsafeBufferPointer { buf in
            var p = Parser(bytes: buf, maxDepth: Int.max, locations: nil, lazy: self, at: start)
            if let share {
                p.strings = share.strings
                p.shapes = share.shapes
                p.objectSizes = share.objectSizes
                p.arraySizes = share.arraySizes
            }
            let value = p.parseValidObject()
            if let share {
                share.objectSizes = p.objectSizes
                share.arraySizes = p.arraySizes
            }
            return value
        }
        share?.give()
        guard case .object(let o) = members else { preconditionFailure("not an object") }
        return o
    }

    /// The noted container at `start`, if it is large.
    func container(at start: Int) -> Container? {
        var lo = 0
        var hi = containers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if containers[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        return lo < containers.count && containers[lo].start == start ? containers[lo] : nil
    }

    /// One past the end of the object or array at `start`.
    func end(ofContainerAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        container(at: start)?.end ?? Scan.skipContainer(at: start, in: bytes)
    }

    /// Where the objects among the children of the container at `start` end, if it is large.
    func childEnds(ofContainerAt start: Int) -> [Int32]? {
        containers.isEmpty ? nil : container(at: start)?.childEnds
    }

    /// Whether any offset of `list` (ascending) lies in start..<end.
    static func any(of list: [Int], in start: Int, _ end: Int) -> Bool {
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < start { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo] < end
    }

    /// Appends the text start..<end as the printer writes it compactly, when it can be copied;
    /// false (nothing written) when it holds something the printer writes differently.
    func writeText(_ start: Int, _ end: Int, into out: inout [UInt8], flush: ((inout [UInt8]) -> Void)?) -> Bool {
        if Self.any(of: dirty, in: start, end) { return false }
        let minify = spaces.map { Self.any(of: $0, in: start, end) } ?? true
        bytes.withUnsafeBufferPointer { buf in
            var k = start
            while k < end {
                let stop = flush == nil ? end : min(end, k + JSONPrinter.chunkSize)
                if minify {
                    k = Scan.appendMinified(buf, from: k, to: stop, into: &out)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[k..<stop]))
                    k = stop
                }
                if let flush, out.count >= JSONPrinter.chunkSize { flush(&out) }
            }
        }
        return true
    }
}

/// What one parse of a lazy document's objects at a time takes from it: the short strings met,
/// the key arrays and sizes of the objects and arrays last read (`Parser.strings`,
/// `Parser.shapes`, `Parser.objectSizes`). A parse that finds every share taken does without.
final class ParseShare: @unchecked Sendable {
    static let count = 4
    let strings = StringTable()
    let shapes = KeyShapes()
    // Read and written only by the parse that holds this share (`take`, `give`).
    var objectSizes: UInt64 = 0
    var arraySizes: UInt64 = 0
    let inUse = Atomic<Bool>(false)

    func take() -> Bool {
        !inUse.load(ordering: .relaxed)
            && inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    func give() { inUse.store(false, ordering: .releasing) }
}
