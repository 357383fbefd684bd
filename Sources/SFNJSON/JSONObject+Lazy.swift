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
        storage = Storage.lazy(source: source, start: start, end: end)
    }

    /// The text this object was read from, when it is lazy: printing an object whose members were
    /// never replaced can copy it (JSONPrinter+Text.swift).
    var sourceText: (source: JSONSource, start: Int, end: Int)? {
        guard let source = storage.head.pointee.source else { return nil }
        let bits = storage.span.pointee.load(ordering: .relaxed)
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

    /// The header's span, read and written atomically: a lazy storage is shared by every copy of
    /// its object, on any thread, before and after its members are parsed. (`Atomic` cannot be a
    /// field of `ManagedBuffer`'s header, which must be copyable; it has the layout of `UInt64`.)
    var span: UnsafeMutablePointer<Atomic<UInt64>> {
        let offset = MemoryLayout<JSONObject.Header>.offset(of: \.span)!
        return (UnsafeMutableRawPointer(head) + offset).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// The storage holding a lazy object's members, parsed once; concurrent readers wait for the
    /// one parse. A lazy storage holds no values itself: their number is not known when it is made.
    @usableFromInline func loadLazyMembers() -> JSONObject.Storage {
        if span.pointee.load(ordering: .acquiring) & LazySpan.ready == 0 {
            Self.parseLock.withLock { _ in
                let bits = span.pointee.load(ordering: .relaxed)
                if bits & LazySpan.ready != 0 { return }
                let members = head.pointee.source!.members(ofObjectAt: LazySpan.start(bits))
                head.pointee.extra = members.storage
                span.pointee.store(bits | LazySpan.ready, ordering: .releasing)
            }
        }
        return unsafeDowncast(head.pointee.extra!, to: JSONObject.Storage.self)
    }
}
