import SFNJSON

/// Sizes of values as AWS counts them: the UTF-8 bytes of their compact JSON text, without
/// printing it. AWS's quotas (256 KiB per variable or batch, 10 MiB of variables) only matter for
/// large values, so callers first take the cheap `upperBound` and measure `exactly` only when
/// the bound reaches a limit.
enum JSONSize {
    /// Deepest nesting walked; deeper values (the parser refuses them anyway) count as too large.
    static let maxDepth = 512

    /// A bound no smaller than the compact size, found without reading string bytes (each byte
    /// counts as its longest escape). Stops early once past `cap`; the result is then > `cap`.
    static func upperBound(_ value: JSONValue, cap: Int) -> Int {
        var total = 0
        bound(value, cap: cap, depth: 0, total: &total)
        return total
    }

    /// The compact size exactly, or some number > `cap` once the size is known to pass `cap`.
    static func exact(_ value: JSONValue, cap: Int) -> Int {
        var total = 0
        measure(value, cap: cap, depth: 0, total: &total)
        return total
    }

    private static func bound(_ value: JSONValue, cap: Int, depth: Int, total: inout Int) {
        guard total <= cap else { return }
        guard depth < maxDepth else { total = cap &+ 1; return }
        switch value {
        case .null, .bool: total += 5
        case .int(let i): total += digits(i)
        case .double: total += 24  // the longest shortest-round-trip form, "-2.2250738585072014e-308"
        case .string(let s): total += 2 + s.utf8.count * 6
        case .array(let a):
            total += 2 + max(a.count - 1, 0)
            for e in a where total <= cap { bound(e, cap: cap, depth: depth + 1, total: &total) }
        case .object(let o):
            total += 2 + max(o.count - 1, 0)
            for (k, v) in o where total <= cap {
                total += 3 + k.utf8.count * 6
                bound(v, cap: cap, depth: depth + 1, total: &total)
            }
        }
    }

    private static func measure(_ value: JSONValue, cap: Int, depth: Int, total: inout Int) {
        guard total <= cap else { return }
        guard depth < maxDepth else { total = cap &+ 1; return }
        switch value {
        case .null: total += 4
        case .bool(let b): total += b ? 4 : 5
        case .int(let i): total += digits(i)
        case .double(let d): total += JSONPrinter.formatDouble(d).utf8.count
        case .string(let s): total += string(s)
        case .array(let a):
            total += 2 + max(a.count - 1, 0)
            for e in a where total <= cap { measure(e, cap: cap, depth: depth + 1, total: &total) }
        case .object(let o):
            total += 2 + max(o.count - 1, 0)
            for (k, v) in o where total <= cap {
                total += 1 + string(k)
                measure(v, cap: cap, depth: depth + 1, total: &total)
            }
        }
    }

    /// Characters of an Int in decimal, with its sign.
    static func digits(_ i: Int) -> Int {
        if i == Int.min { return 20 }
        var v = i < 0 ? -i : i
        var n = i < 0 ? 2 : 1
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    /// A string's printed size: quotes, its UTF-8 bytes, and what escaping adds (as JSONPrinter
    /// escapes: `\"`, `\\`, the short forms of five controls, `\u00XX` for the other controls).
    static func string(_ s: String) -> Int {
        var n = 2
        for c in s.utf8 {
            if c >= 0x20 {
                n += c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") ? 2 : 1
            } else {
                switch c {
                case 0x0A, 0x0D, 0x09, 0x08, 0x0C: n += 2
                default: n += 6
                }
            }
        }
        return n
    }
}
