import SFNJSON

/// A token from the expression text.
struct Token {
    enum Kind { case name, variable, op, string, number, value, regex }
    var kind: Kind
    var value: String
    var literal: Val = .undefined
    var regex: RegexLiteral?
    /// Offset just past the token, as jsonata-js reports positions.
    var position: Int
}

/// Splits an expression into tokens, working over UTF-16 code units like jsonata-js.
struct Lexer {
    static let operatorChars: Set<UInt16> = Set(".[]{}(),@#;:?+-*/%|=<>^&!~".utf16)
    static let twoCharOperators: [(UInt16, UInt16, String)] = [
        (46, 46, ".."), (58, 61, ":="), (33, 61, "!="), (62, 61, ">="), (60, 61, "<="),
        (42, 42, "**"), (126, 62, "~>"),
    ]

    let src: [UInt16]
    var pos = 0

    init(_ text: String) { src = Array(text.utf16) }

    @inline(__always) func at(_ i: Int) -> UInt16 { i < src.count ? src[i] : 0 }

    static func isSpace(_ c: UInt16) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 11 }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: src[from..<to], as: UTF16.self) }

    /// The next token, or nil at the end. `prefix` says an operand is expected (so `/` starts a regex).
    mutating func next(prefix: Bool) throws(JSONataError) -> Token? {
        while true {
            while pos < src.count, Lexer.isSpace(src[pos]) { pos += 1 }
            if at(pos) == 47, at(pos + 1) == 42 {  // comment
                let start = pos
                pos += 2
                while !(at(pos) == 42 && at(pos + 1) == 47) {
                    pos += 1
                    if pos >= src.count { throw .make("S0106", position: start) }
                }
                pos += 2
                continue
            }
            break
        }
        if pos >= src.count { return nil }
        let c = src[pos]
        if prefix && c == 47 {
            pos += 1
            return try scanRegex()
        }
        for (a, b, op) in Lexer.twoCharOperators where c == a && at(pos + 1) == b {
            pos += 2
            return Token(kind: .op, value: op, position: pos)
        }
        if Lexer.operatorChars.contains(c) {
            pos += 1
            return Token(kind: .op, value: String(UnicodeScalar(UInt8(c))), position: pos)
        }
        if c == 34 || c == 39 { return try scanString(quote: c) }
        if c >= 48 && c <= 57 {
            if let t = try scanNumber() { return t }
        }
        if c == 96 {  // `name`
            pos += 1
            let start = pos
            while pos < src.count, src[pos] != 96 { pos += 1 }
            if pos >= src.count { throw .make("S0105", position: pos) }
            let name = text(start, pos)
            pos += 1
            return Token(kind: .name, value: name, position: pos)
        }
        var i = pos
        while i < src.count, !Lexer.isSpace(src[i]), !Lexer.operatorChars.contains(src[i]) { i += 1 }
        if c == 36 {  // $
            let name = text(pos + 1, i)
            pos = i
            return Token(kind: .variable, value: name, position: pos)
        }
        let name = text(pos, i)
        pos = i
        switch name {
        case "and", "or", "in": return Token(kind: .op, value: name, position: pos)
        case "true": return Token(kind: .value, value: name, literal: .bool(true), position: pos)
        case "false": return Token(kind: .value, value: name, literal: .bool(false), position: pos)
        case "null": return Token(kind: .value, value: name, literal: .null, position: pos)
        default:
            if pos == src.count && name.isEmpty { return nil }
            return Token(kind: .name, value: name, position: pos)
        }
    }

    mutating func scanNumber() throws(JSONataError) -> Token? {
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?
        var i = pos
        let isDigit = { (c: UInt16) in c >= 48 && c <= 57 }
        if at(i) == 48 {
            i += 1
        } else {
            guard isDigit(at(i)) else { return nil }
            while isDigit(at(i)) { i += 1 }
        }
        if at(i) == 46, isDigit(at(i + 1)) {
            i += 1
            while isDigit(at(i)) { i += 1 }
        }
        if at(i) == 69 || at(i) == 101 {
            var j = i + 1
            if at(j) == 43 || at(j) == 45 { j += 1 }
            if isDigit(at(j)) {
                while isDigit(at(j)) { j += 1 }
                i = j
            }
        }
        let t = text(pos, i)
        guard let d = Double(t), d.isFinite else { throw .make("S0102", position: pos, token: t) }
        pos = i
        return Token(kind: .number, value: t, literal: .number(d), position: pos)
    }

    mutating func scanString(quote: UInt16) throws(JSONataError) -> Token {
        pos += 1
        var out: [UInt16] = []
        while pos < src.count {
            var c = src[pos]
            if c == 92 {  // backslash
                pos += 1
                c = at(pos)
                switch c {
                case 34: out.append(34)
                case 92: out.append(92)
                case 47: out.append(47)
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 117:
                    guard pos + 4 < src.count else { throw .make("S0104", position: pos) }
                    var v: UInt16 = 0
                    for k in 1...4 {
                        let h = src[pos + k]
                        let d: UInt16
                        switch h {
                        case 48...57: d = h - 48
                        case 65...70: d = h - 55
                        case 97...102: d = h - 87
                        default: throw .make("S0104", position: pos)
                        }
                        v = v * 16 + d
                    }
                    out.append(v)
                    pos += 4
                default:
                    throw .make("S0103", position: pos, token: String(decoding: [c], as: UTF16.self))
                }
            } else if c == quote {
                pos += 1
                let s = String(decoding: out, as: UTF16.self)
                return Token(kind: .string, value: s, literal: .string(s), position: pos)
            } else {
                out.append(c)
            }
            pos += 1
        }
        throw .make("S0101", position: pos)
    }

    mutating func scanRegex() throws(JSONataError) -> Token {
        let start = pos
        var depth = 0
        while pos < src.count {
            let c = src[pos]
            if c == 47 && depth == 0 {
                var backslashes = 0
                while pos - (backslashes + 1) >= start, src[pos - (backslashes + 1)] == 92 { backslashes += 1 }
                if backslashes % 2 == 0 {
                    let pattern = text(start, pos)
                    if pattern.isEmpty { throw .make("S0301", position: pos) }
                    pos += 1
                    let flagStart = pos
                    while at(pos) == 105 || at(pos) == 109 { pos += 1 }
                    let flags = text(flagStart, pos)
                    let re = try RegexLiteral(pattern: pattern, flags: flags, position: pos)
                    return Token(kind: .regex, value: pattern, regex: re, position: pos)
                }
            }
            let prev = pos > 0 ? src[pos - 1] : 0
            if (c == 40 || c == 91 || c == 123) && prev != 92 { depth += 1 }
            if (c == 41 || c == 93 || c == 125) && prev != 92 { depth -= 1 }
            pos += 1
        }
        throw .make("S0302", position: pos)
    }
}
