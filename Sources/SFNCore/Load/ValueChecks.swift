import SFNJSON

/// Small predicates over raw JSON values shared by the rules.
enum ValueChecks {
    static func isInteger(_ v: JSONValue, min: Int, max: Int) -> Bool {
        guard v.isNumber, let i = v.intValue else { return false }
        return i >= min && i <= max
    }

    /// The body of a `{% ... %}` string, when the whole string is so wrapped (only then is it an
    /// expression; anything else is a literal).
    static func jsonataBody(_ s: String) -> String? {
        guard s.hasPrefix("{%"), s.hasSuffix("%}"), s.utf8.count >= 4 else { return nil }
        return String(s.dropFirst(2).dropLast(2))
    }

    static func jsonataBody(_ v: JSONValue) -> String? { v.stringValue.flatMap(jsonataBody) }

    /// An RFC 3986 URI: a scheme (a letter, then letters, digits, "+", "-", ".") and a colon.
    static func isURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { return false }
        let scheme = s[..<colon]
        guard let f = scheme.first, f.isASCII, f.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
            && !s.contains(" ")
    }

    /// An ISO-8601 / RFC 3339 date-time as AWS wants it: `2016-03-14T01:59:00Z` or with an offset,
    /// optional fractional seconds.
    static func isTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ from: Int, _ n: Int) -> Bool {
            guard from + n <= b.count else { return false }
            return b[from..<(from + n)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard b.count >= 20, digits(0, 4), b[4] == UInt8(ascii: "-"), digits(5, 2), b[7] == UInt8(ascii: "-"),
            digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), digits(11, 2),
            b[13] == UInt8(ascii: ":"), digits(14, 2), b[16] == UInt8(ascii: ":"), digits(17, 2)
        else { return false }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), digits(i + 1, 2) else { return false }
        if i + 3 == b.count { return true }
        return i + 6 == b.count && b[i + 3] == UInt8(ascii: ":") && digits(i + 4, 2)
    }
}
