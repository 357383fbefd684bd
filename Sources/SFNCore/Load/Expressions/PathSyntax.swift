/// What AWS refuses in a JSONPath at definition time though Jayway's grammar (SFNJSONPath) may take
/// it: a path not starting at a root, empty member names, unbalanced or empty brackets, a context
/// path glued to its root, Jayway functions. Root and reference-ness come from the compiled path.
enum PathSyntax {
    /// Why AWS refuses `text` as a path; nil when it does not.
    static func problem(_ text: String) -> PathProblem? {
        let b = Array(text.utf8)
        guard b.first == UInt8(ascii: "$") else { return .init("must start with '$'") }
        var i = 1
        if i < b.count, b[i] == UInt8(ascii: "$") {
            i += 1
        } else if i < b.count, isIdentifierStart(b[i]) {
            while i < b.count, isIdentifierPart(b[i]) { i += 1 }
        }
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "."):
                i += 1
                if i < b.count, b[i] == UInt8(ascii: ".") {
                    i += 1
                    if i < b.count, b[i] == UInt8(ascii: "[") { continue }
                }
                guard i < b.count else { return .init("ends with '.'") }
                // `$.[0]` is `$[0]` to Jayway, and AWS accepts it.
                if b[i] == UInt8(ascii: "[") { continue }
                if b[i] == UInt8(ascii: "*") {
                    i += 1
                    continue
                }
                let start = i
                while i < b.count, b[i] != UInt8(ascii: "."), b[i] != UInt8(ascii: "[") {
                    if b[i] == UInt8(ascii: "(") || b[i] == UInt8(ascii: ")") {
                        // `.length()` and friends: Jayway functions, which AWS does not offer.
                        return .init("functions are not supported in paths")
                    }
                    i += 1
                }
                if i == start { return .init("has an empty member name") }
            case UInt8(ascii: "["):
                guard let end = bracket(b, from: i) else { return .init("has an unbalanced or empty '['") }
                i = end
                // `$.list[0]name`: Jayway reads the name as a member, and AWS accepts it (dubious: warned).
                if i < b.count, isIdentifierStart(b[i]) {
                    while i < b.count, b[i] != UInt8(ascii: "."), b[i] != UInt8(ascii: "[") { i += 1 }
                }
            default:
                return .init("has an unexpected character after the root")
            }
        }
        return nil
    }

    /// What AWS accepts in a path but a reader would not expect: a member glued to a bracket, or a
    /// filter comparing with an unquoted word. Nil when the path is plain.
    static func dubious(_ text: String) -> String? {
        let b = Array(text.utf8)
        var quote: UInt8? = nil
        for i in b.indices {
            let c = b[i]
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { quote = c }
            if c == UInt8(ascii: "]"), i + 1 < b.count, isIdentifierStart(b[i + 1]) {
                return "has a member name right after ']' (AWS reads it as '].name'; write the dot)"
            }
            if isComparison(c) && (i == 0 || !isComparison(b[i - 1])) {
                // The operand after the operator: a bare word other than true, false and null.
                var k = i
                while k < b.count, isComparison(b[k]) || b[k] == UInt8(ascii: " ") { k += 1 }
                let start = k
                while k < b.count, isIdentifierPart(b[k]) { k += 1 }
                let word = String(decoding: b[start..<k], as: UTF8.self)
                if !word.isEmpty, isIdentifierStart(b[start]), !["true", "false", "null"].contains(word) {
                    return "compares with the unquoted word '\(word)' in a filter (read as the string '\(word)' here; "
                        + "quote it, as Jayway's JSONPath expects)"
                }
            }
        }
        return nil
    }

    private static func isComparison(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "=") || c == UInt8(ascii: "!") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
    }

    /// Reads `[...]` starting at `start`; returns the index after `]`.
    private static func bracket(_ b: [UInt8], from start: Int) -> Int? {
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
        return i + 1
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
        var start = scalars.startIndex
        var end = scalars.endIndex
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
