import Synchronization

/// Where a lazy object's text is, packed in one atomic word with whether its members are parsed:
/// bits 0-31 the start offset, 32-62 the end offset, 63 set once the members are in place. One
/// word keeps the storage of the many small objects of a large input at 56 bytes.
@usableFromInline enum LazySpan {
    static let ready: UInt64 = 1 << 63
    /// Inputs at least this large are parsed eagerly: their offsets do not fit the packing.
    static let limit = 1 << 31

    static func pack(start: Int, end: Int) -> UInt64 { UInt64(start) | UInt64(end) << 32 }
    static func start(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: bits & 0xFFFF_FFFF) }
    static func end(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: (bits >> 32) & 0x7FFF_FFFF) }
}

extension JSONObject {
    /// A lazy object over the text source[start..<end] (an object, already validated).
    init(source: JSONSource, start: Int, end: Int) {
        storage = Storage(source: source, start: start, end: end)
    }

    /// The text this object was read from, when it is lazy: printing an object whose members were
    /// never replaced can copy it (JSONPrinter+Text.swift).
    var sourceText: (source: JSONSource, start: Int, end: Int)? {
        guard let source = storage.source else { return nil }
        let bits = storage.span.load(ordering: .relaxed)
        return (source, LazySpan.start(bits), LazySpan.end(bits))
    }

    /// At least the compact size of a lazy object the printer would copy as it stands (minifying
    /// only shrinks its text), without parsing it; nil when it must be measured member by member.
    var sourceSizeBound: Int? {
        guard let text = sourceText, !JSONSource.any(of: text.source.dirty, in: text.start, text.end) else {
            return nil
        }
        return text.end - text.start
    }
}

extension JSONObject.Storage {
    /// One lock for every lazy object's first parse: parses are short, happen once per object, and
    /// seldom meet; a lock per object would cost every small object of a large input its size.
    static let parseLock = Mutex(())

    /// Parses the members of a lazy object once; concurrent readers wait for the one parse.
    @usableFromInline func loadLazyMembers() {
        if span.load(ordering: .acquiring) & LazySpan.ready != 0 { return }
        Self.parseLock.withLock { _ in
            let bits = span.load(ordering: .relaxed)
            if bits & LazySpan.ready != 0 { return }
            let members = source!.members(ofObjectAt: LazySpan.start(bits))
            keys = members.storage.keys
            values = members.storage.values
            index = members.storage.index
            span.store(bits | LazySpan.ready, ordering: .releasing)
        }
    }
}
