import Foundation

typealias NSStringLike = NSString

/// A compiled `/pattern/flags` literal. Compiled once when the expression is parsed.
final class RegexLiteral: @unchecked Sendable {
    struct Match {
        var match: String
        /// UTF-16 offsets, as JavaScript reports them.
        var start: Int
        var end: Int
        var groups: [String]
    }

    let pattern: String
    let flags: String
    let regex: NSRegularExpression

    init(pattern: String, flags: String, position: Int) throws(JSONataError) {
        self.pattern = pattern
        self.flags = flags
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        do {
            regex = try NSRegularExpression(pattern: RegexLiteral.translate(pattern), options: options)
        } catch {
            throw .make("S0302", position: position)
        }
    }

    /// Adjusts JavaScript-only syntax for ICU.
    static func translate(_ p: String) -> String {
        // `[^]` (any char) and `[]` (nothing) exist only in JavaScript.
        p.replacingOccurrences(of: "[^]", with: "[\\s\\S]").replacingOccurrences(of: "(?<", with: "(?<")
    }

    /// The first match at or after UTF-16 offset `from`.
    func exec(_ s: String, _ ns: NSString, from: Int) -> Match? {
        guard from <= ns.length else { return nil }
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(location: from, length: ns.length - from))
        else { return nil }
        var groups: [String] = []
        if m.numberOfRanges > 1 {
            for i in 1..<m.numberOfRanges {
                let r = m.range(at: i)
                groups.append(r.location == NSNotFound ? "" : ns.substring(with: r))
            }
        }
        return Match(
            match: ns.substring(with: m.range), start: m.range.location, end: m.range.location + m.range.length,
            groups: groups)
    }

    /// All matches left to right, as JavaScript's global `exec` loop finds them (an empty match
    /// advances by one code unit).
    func allMatches(_ s: String, limit: Int? = nil) -> [Match] {
        let ns = s as NSString
        var out: [Match] = []
        var from = 0
        while from <= ns.length {
            if let limit, out.count >= limit { break }
            guard let m = exec(s, ns, from: from) else { break }
            out.append(m)
            from = m.end > m.start ? m.end : m.end + 1
        }
        return out
    }
}
