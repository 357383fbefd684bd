/// A `StringMatches` pattern: `*` matches any run of characters, `\*` a literal star and `\\` a
/// literal backslash. Compiled once into the literal pieces between the stars.
public struct StringPattern: Sendable, Hashable {
    /// Literal pieces; a star sits between each two consecutive pieces.
    public let pieces: [[Unicode.Scalar]]
    public let text: String

    public init(_ text: String) {
        self.text = text
        var pieces: [[Unicode.Scalar]] = [[]]
        var escaped = false
        for s in text.unicodeScalars {
            if escaped {
                pieces[pieces.count - 1].append(s)
                escaped = false
            } else if s == "\\" {
                escaped = true
            } else if s == "*" {
                pieces.append([])
            } else {
                pieces[pieces.count - 1].append(s)
            }
        }
        // A trailing lone backslash stands for itself.
        if escaped { pieces[pieces.count - 1].append("\\") }
        self.pieces = pieces
    }

    public func matches(_ string: String) -> Bool {
        let s = Array(string.unicodeScalars)
        if pieces.count == 1 { return s == pieces[0] }
        let first = pieces[0]
        let last = pieces[pieces.count - 1]
        guard s.count >= first.count + last.count,
            s.starts(with: first), s[(s.count - last.count)...].elementsEqual(last)
        else { return false }
        var pos = first.count
        let end = s.count - last.count
        // Middle pieces: leftmost match of each is always safe for a pattern of stars.
        for piece in pieces.dropFirst().dropLast() {
            guard let found = Self.find(piece, in: s, from: pos, to: end) else { return false }
            pos = found + piece.count
        }
        return pos <= end
    }

    private static func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar], from: Int, to: Int) -> Int? {
        if needle.isEmpty { return from }
        var i = from
        while i + needle.count <= to {
            var j = 0
            while j < needle.count && hay[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
            i += 1
        }
        return nil
    }
}
