/// A cursor over the Unicode scalars of a path or intrinsic expression, shared by the path,
/// filter and intrinsic parsers so that one parser can hand over to another mid-text.
struct PathScanner {
    let chars: [Unicode.Scalar]
    var pos: Int = 0

    init(_ text: String) { chars = Array(text.unicodeScalars) }

    var atEnd: Bool { pos >= chars.count }
    var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = pos + offset
        return i < chars.count ? chars[i] : nil
    }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
    }

    /// Consumes `s` when the text continues with it.
    mutating func consume(_ s: String) -> Bool {
        var i = pos
        for c in s.unicodeScalars {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        pos = i
        return true
    }

    func error(_ message: String) -> JSONPathSyntaxError {
        JSONPathSyntaxError(message: message, offset: pos)
    }

    func text(_ range: Range<Int>) -> String {
        // Encoded by hand: `UnicodeScalarView.append(contentsOf:)` is the standard library's
        // unspecialised generic, whose first use looks up associated types by name (270k
        // instructions at the start of every run with a States.Format).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for i in range { UTF8.encode(chars[i]) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an optionally signed decimal integer.
    mutating func readInt() -> Int? {
        let start = pos
        if current == "-" { pos += 1 }
        var value = 0
        var digits = 0
        while let c = current, c >= "0" && c <= "9" {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c.value - 48))
            if o1 || o2 { pos = start; return nil }
            value = a
            digits += 1
            pos += 1
        }
        if digits == 0 { pos = start; return nil }
        return chars[start] == "-" ? -value : value
    }
}
