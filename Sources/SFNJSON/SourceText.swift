/// A 1-based line and column in a source file. Columns count Unicode scalars, as editors do.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// Maps byte offsets in a UTF-8 text to lines and columns.
public struct SourceText: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, c) in bytes.enumerated() where c == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    public func location(ofOffset offset: Int) -> SourceLocation {
        // Binary search for the last line start <= offset.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var k = lineStarts[lo]
        let end = min(offset, bytes.count)
        while k < end {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return SourceLocation(line: lo + 1, column: column)
    }

    static func lineColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1
        var column = 1
        var k = 0
        let end = min(offset, bytes.count)
        while k < end {
            let c = bytes[k]
            if c == 0x0A { line += 1; column = 1 } else if c & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return (line, column)
    }
}

/// Where each value of a parsed document starts, keyed by JSON pointer.
public struct SourceLocations: Sendable {
    public let offsets: [String: Int]
    public let source: SourceText

    public init(offsets: [String: Int], source: SourceText) {
        self.offsets = offsets
        self.source = source
    }

    /// The location of the value at `pointer`, or of its nearest recorded ancestor.
    public func location(of pointer: String) -> SourceLocation? {
        var p = pointer
        while true {
            if let off = offsets[p] { return source.location(ofOffset: off) }
            guard let slash = p.lastIndex(of: "/") else { return nil }
            p = String(p[..<slash])
        }
    }
}
