/// What a JSONPath as AWS accepts it looks like, checked without evaluating anything.
///
/// Reads the same grammar the Jayway library does, loosely: the aim is to reject what AWS rejects
/// at definition time (a path not starting at a root, empty member names, unbalanced brackets,
/// a context path glued to its root) and to tell reference paths from indefinite ones.
struct PathSyntax {
    enum Root: Equatable { case input, context, variable(String) }

    let root: Root
    /// A definite path of member names and non-negative indexes (what ResultPath etc. need).
    let isReferencePath: Bool

    /// Parses `text`; returns nil with a reason when it is not a JSONPath.
    static func parse(_ text: String) -> Result<PathSyntax, PathProblem> {
        let b = Array(text.utf8)
        guard b.first == UInt8(ascii: "$") else { return .failure(.init("must start with '$'")) }
        var i = 1
        var root = Root.input
        if i < b.count, b[i] == UInt8(ascii: "$") {
            root = .context
            i += 1
        } else if i < b.count, isIdentifierStart(b[i]) {
            let start = i
            while i < b.count, isIdentifierPart(b[i]) { i += 1 }
            root = .variable(String(decoding: b[start..<i], as: UTF8.self))
        }
        var reference = true
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "."):
                i += 1
                if i < b.count, b[i] == UInt8(ascii: ".") {
                    reference = false
                    i += 1
                    if i < b.count, b[i] == UInt8(ascii: "[") { continue }
                }
                guard i < b.count else { return .failure(.init("ends with '.'")) }
                if b[i] == UInt8(ascii: "*") {
                    reference = false
                    i += 1
                    continue
                }
                let start = i
                while i < b.count, b[i] != UInt8(ascii: "."), b[i] != UInt8(ascii: "[") {
                    if b[i] == UInt8(ascii: "(") || b[i] == UInt8(ascii: ")") {
                        // `.length()` and friends: Jayway functions, which AWS does not offer.
                        return .failure(.init("functions are not supported in paths"))
                    }
                    i += 1
                }
                if i == start { return .failure(.init("has an empty member name")) }
            case UInt8(ascii: "["):
                guard let (end, definite) = bracket(b, from: i) else { return .failure(.init("has an unbalanced or empty '['")) }
                if !definite { reference = false }
                i = end
            default:
                return .failure(.init("has an unexpected character after the root"))
            }
        }
        return .success(PathSyntax(root: root, isReferencePath: reference))
    }

    /// Reads `[...]` starting at `start`; returns the index after `]` and whether it names one node.
    private static func bracket(_ b: [UInt8], from start: Int) -> (Int, Bool)? {
        var i = start + 1
        var depth = 0
        var quote: UInt8? = nil
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                quote = c
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
                if depth < 0 { return nil }
            } else if c == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
            }
            i += 1
        }
        guard i < b.count, quote == nil else { return nil }
        let inner = String(decoding: b[(start + 1)..<i], as: UTF8.self).trimmingSpaces()
        if inner.isEmpty { return nil }
        return (i + 1, isDefiniteSelector(inner))
    }

    private static func isDefiniteSelector(_ s: String) -> Bool {
        if s.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        guard let f = s.first, f == "'" || f == "\"", s.count >= 2, s.last == f else { return false }
        // One quoted name, not a union of several.
        let body = s.dropFirst().dropLast()
        return !body.contains(f)
    }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80
    }

    static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) }
}

struct PathProblem: Error { let reason: String; init(_ reason: String) { self.reason = reason } }

extension String {
    /// Trims ASCII spaces, tabs and line breaks at both ends (JSONata text inside `{% %}`). By
    /// scalars, so that a CR LF pair counts as the two spaces it is.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
