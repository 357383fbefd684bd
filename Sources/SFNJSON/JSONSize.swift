/// Sizes of values as AWS counts them: the UTF-8 bytes of their compact JSON text, without
/// printing it. AWS's quotas (256 KiB per variable or batch, 10 MiB of variables) only matter for
/// large values, so callers first take the cheap `upperBound` and measure `exactly` only when
/// the bound reaches a limit.
public enum JSONSize {
    /// Deepest nesting walked; deeper values (the parser refuses them anyway) count as too large.
    public static let maxDepth = 512

    /// A bound no smaller than the compact size, found without reading string bytes (each byte
    /// counts as its longest escape). Stops early once past `cap`; the result is then > `cap`.
    public static func upperBound(_ value: JSONValue, cap: Int) -> Int {
        var total = 0
        size(value, exact: false, cap: cap, depth: 0, total: &total)
        return total
    }

    /// The compact size exactly, or some number > `cap` once the size is known to pass `cap`.
    public static func exact(_ value: JSONValue, cap: Int) -> Int {
        var total = 0
        size(value, exact: true, cap: cap, depth: 0, total: &total)
        return total
    }

    /// One walk for both: `exact` counts each leaf's bytes, otherwise a cheap bound of them.
    private static func size(_ value: JSONValue, exact: Bool, cap: Int, depth: Int, total: inout Int) {
        guard total <= cap else { return }
        guard depth < maxDepth else { total = cap &+ 1; return }
        switch value {
        case .null: total += exact ? 4 : 5
        case .bool(let b): total += exact && b ? 4 : 5
        case .int(let i): total += digits(i)
        // The bound is the longest shortest-round-trip form, "-2.2250738585072014e-308".
        case .double(let d): total += exact ? JSONPrinter.formatDouble(d).utf8.count : 24
        case .bigInt(let text): total += text.utf8.count
        case .string(let s): total += exact ? string(s) : 2 + s.utf8.count * 6
        case .array(let a):
            total += 2 + max(a.count - 1, 0)
            for e in a where total <= cap { size(e, exact: exact, cap: cap, depth: depth + 1, total: &total) }
        case .object(let o):
            // A bound for a lazily read object from its text: measuring it would parse it all.
            if !exact, let bound = o.sourceSizeBound {
                total += bound
                return
            }
            total += 2 + max(o.count - 1, 0)
            for (k, v) in o where total <= cap {
                total += exact ? 1 + string(k) : 3 + k.utf8.count * 6
                size(v, exact: exact, cap: cap, depth: depth + 1, total: &total)
            }
        }
    }

    /// Characters of an Int in decimal, with its sign.
    public static func digits(_ i: Int) -> Int {
        if i == Int.min { return 20 }
        var v = i < 0 ? -i : i
        var n = i < 0 ? 2 : 1
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    /// A string's printed size: quotes, its UTF-8 bytes, and what escaping adds (as JSONPrinter
    /// escapes: `\"`, `\\`, the short forms of five controls, `\u00XX` for the other controls).
    public static func string(_ s: String) -> Int {
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
