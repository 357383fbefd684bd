import SFNJSON

/// The reader's state: the bytes, the position, the anchors seen so far and, when asked, where
/// each value starts. Block structure is read by indentation (`YAMLParser+Block`), flow
/// collections and quoted scalars by `YAMLParser+Flow`, scalars by `YAMLParser+Scalars`.
struct YAMLParser {
    let bytes: [UInt8]
    let normalizedText: String
    let maxDepth: Int
    var pos = 0
    var depth = 0
    var anchors: [String: JSONValue] = [:]
    var offsets: [String: Int]?
    var pointer = ""
    /// Set when a `---` or `...` line ended the first document.
    var documentEnded = false

    init(text: String, maxDepth: Int, recordLocations: Bool) {
        // CR LF and lone CR become LF so that columns and line ends are counted one way.
        var t = text.utf8.contains(0x0D) ? text.replacingCRLF() : text
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        normalizedText = t
        bytes = Array(t.utf8)
        self.maxDepth = maxDepth
        offsets = recordLocations ? [:] : nil
    }

    // MARK: Errors and locations

    func fail(_ message: String, at offset: Int? = nil) -> YAMLError {
        let at = min(offset ?? pos, bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<at where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        var column = 1
        for k in lineStart..<at where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return YAMLError(message: message, offset: at, line: line, column: column)
    }

    mutating func record(_ offset: Int) {
        if offsets != nil, offsets![pointer] == nil { offsets![pointer] = offset }
    }

    // MARK: Looking at bytes

    var atEnd: Bool { pos >= bytes.count }
    func peek(_ k: Int = 0) -> UInt8 { pos + k < bytes.count ? bytes[pos + k] : 0 }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    /// A space, a tab, a line end or the end of the text.
    static func isBreakOrBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0 }

    /// The 0-based column of `offset`, counted in bytes (indentation is spaces only).
    func column(of offset: Int) -> Int {
        var k = offset
        while k > 0 && bytes[k - 1] != 0x0A { k -= 1 }
        return offset - k
    }
    var column: Int { column(of: pos) }

    mutating func skipBlanks() { while Self.isBlank(peek()) { pos += 1 } }

    /// True at a line end, the end of the text, or a comment (a `#` after a blank or at a line start).
    var atLineEndOrComment: Bool {
        let c = peek()
        if c == 0x0A || atEnd { return true }
        return c == UInt8(ascii: "#") && (pos == 0 || Self.isBreakOrBlank(bytes[pos - 1]))
    }

    /// A `---` or `...` marker at the start of the current line.
    func isDocumentMarker(at p: Int) -> Bool {
        guard p + 2 < bytes.count || p + 3 == bytes.count, column(of: p) == 0 else { return false }
        let c = bytes[p]
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        guard p + 2 < bytes.count, bytes[p + 1] == c, bytes[p + 2] == c else { return false }
        return p + 3 >= bytes.count || Self.isBreakOrBlank(bytes[p + 3])
    }

    /// Skips what is left of the current line (blanks and a comment; anything else is an error),
    /// then blank and comment lines, and stops at the first character of the next content line.
    /// Stops at the end, or before a document marker (setting `documentEnded`).
    mutating func finishLine() throws(YAMLError) {
        skipBlanks()
        guard atLineEndOrComment else { throw fail("unexpected text '\(restOfLine())' after the value") }
        try skipToNextContent()
    }

    /// From inside a line's blanks or comment: moves to the first character of the next content line.
    mutating func skipToNextContent() throws(YAMLError) {
        while !atEnd && peek() != 0x0A { pos += 1 }
        while !atEnd {
            pos += 1  // past the line feed
            let lineStart = pos
            while peek() == 0x20 { pos += 1 }
            if peek() == 0x09 {
                // A tab in indentation is only an error on a line with content.
                while Self.isBlank(peek()) { pos += 1 }
                if !atLineEndOrComment { throw fail("a tab character cannot indent YAML; use spaces") }
            }
            if atLineEndOrComment {
                while !atEnd && peek() != 0x0A { pos += 1 }
                continue
            }
            if isDocumentMarker(at: lineStart) && pos == lineStart {
                documentEnded = true
            }
            return
        }
    }

    func restOfLine() -> String {
        var e = pos
        while e < bytes.count && bytes[e] != 0x0A { e += 1 }
        return String(decoding: bytes[pos..<e], as: UTF8.self)
    }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    /// The end of the document: the end of the text, or a document marker at a line start.
    var atDocumentEnd: Bool { atEnd || documentEnded }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for c in utf8 {
            if c == 0x0D {
                out.append(0x0A)
                previousCR = true
                continue
            }
            if !(c == 0x0A && previousCR) { out.append(c) }
            previousCR = false
        }
        return String(decoding: out, as: UTF8.self)
    }
}
