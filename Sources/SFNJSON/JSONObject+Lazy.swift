import Synchronization

/// Where a lazy object's text is, packed in one word: bits 0-31 the start offset, 32-62 the end
/// offset. One word keeps the storage of the many small objects of a large input at 56 bytes.
@usableFromInline enum LazySpan {
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
    /// The header's span, read atomically: a lazy storage is shared by every copy of its object,
    /// on any thread. (`Atomic` cannot be a field of `ManagedBuffer`'s header, which must be
    /// copyable; it has the layout of `UInt64`.)
    var span: UnsafeMutablePointer<Atomic<UInt64>> {
        let offset = MemoryLayout<JSONObject.Header>.offset(of: \.span)!
        return (UnsafeMutableRawPointer(head) + offset).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// A lazy storage's `extra` as an atomic word: 0 until the storage holding its members is
    /// published there, then that storage's address, owning one reference (an `AnyObject?` has
    /// the layout of a pointer, nil being 0, so the header releases it as usual).
    var parsed: UnsafeMutablePointer<Atomic<UInt>> {
        let offset = MemoryLayout<JSONObject.Header>.offset(of: \.extra)!
        return (UnsafeMutableRawPointer(head) + offset).assumingMemoryBound(to: Atomic<UInt>.self)
    }

    /// The storage holding a lazy object's members, parsed once. No lock: a thread that finds
    /// them unparsed parses them and publishes its storage with a compare-and-swap; one that
    /// loses the race to another (rare: an object first read by two threads at once) drops its
    /// own and reads the winner's. A lazy storage holds no values itself: their number is not
    /// known when it is made.
    @usableFromInline func loadLazyMembers() -> JSONObject.Storage {
        parsedMembers.takeUnretainedValue()
    }

    /// `loadLazyMembers()` unretained: the parsed storage is owned by this one.
    @usableFromInline var parsedMembers: Unmanaged<JSONObject.Storage> {
        let word = parsed
        var bits = word.pointee.load(ordering: .acquiring)
        if bits == 0 {
            let start = LazySpan.start(span.pointee.load(ordering: .relaxed))
            let members = head.pointee.source.unsafelyUnwrapped.members(ofObjectAt: start).storage
            let mine = UInt(bitPattern: Unmanaged.passRetained(members).toOpaque())
            let (won, found) = word.pointee.compareExchange(
                expected: 0, desired: mine, ordering: .acquiringAndReleasing)
            if won {
                bits = mine
            } else {
                Unmanaged.passUnretained(members).release()
                bits = found
            }
        }
        return Unmanaged<JSONObject.Storage>.fromOpaque(UnsafeRawPointer(bitPattern: bits).unsafelyUnwrapped)
    }
}
