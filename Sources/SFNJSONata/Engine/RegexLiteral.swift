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
        regex = try RegexLiteral.compile(RegexLiteral.translate(pattern), options: options, position: position)
    }

    /// Foundation on Linux copies a pattern longer than 256 UTF-16 units into a heap buffer that
    /// it never frees, so each compilation of such a pattern leaks its length twice over. Long
    /// patterns are therefore compiled once per process: `$eval` in a Map of a million items then
    /// leaks one buffer, not a million. Short patterns take no heap buffer and are not kept.
    static let leakFreeLength = 256
    private static let longPatterns = PictureCache<CompiledPattern>(limit: 4096)

    struct CompiledPattern: @unchecked Sendable {
        // An NSRegularExpression does not change once made; several threads may match with it.
        let regex: NSRegularExpression
    }

    static func compile(
        _ pattern: String, options: NSRegularExpression.Options, position: Int
    ) throws(JSONataError) -> NSRegularExpression {
        func make() throws(JSONataError) -> NSRegularExpression {
            do {
                return try NSRegularExpression(pattern: pattern, options: options)
            } catch {
                throw .make("S0302", position: position)
            }
        }
        guard pattern.utf16.count > leakFreeLength else { return try make() }
        return try longPatterns.value(for: "\(options.rawValue)/" + pattern) { () throws(JSONataError) in
            CompiledPattern(regex: try make())
        }.regex
    }

    /// Adjusts JavaScript-only syntax for ICU.
    static func translate(_ p: String) -> String {
        // `[^]` (any char) and `[]` (nothing) exist only in JavaScript.
        p.replacingOccurrences(of: "[^]", with: "[\\s\\S]").replacingOccurrences(of: "(?<", with: "(?<")
    }

    /// How long one search may run when the evaluation has no deadline of its own: ICU backtracks,
    /// so a pattern such as `(a+)+$` against a long string would otherwise never return.
    static let searchTimeLimitMillis: Double = 10_000

    /// The first match at or after UTF-16 offset `from`. ICU reports progress while it backtracks;
    /// past `deadline` (`evaluationClockMillis`) the search is abandoned with U1001.
    func exec(_ s: String, _ ns: NSString, from: Int, deadline: Double? = nil) throws(JSONataError) -> Match? {
        guard from <= ns.length else { return nil }
        let limit = deadline ?? evaluationClockMillis() + RegexLiteral.searchTimeLimitMillis
        var found: NSTextCheckingResult?
        var timedOut = false
        regex.enumerateMatches(
            in: s, options: [.reportProgress], range: NSRange(location: from, length: ns.length - from)
        ) { m, _, stop in
            if let m {
                found = m
                stop.pointee = true
            } else if evaluationClockMillis() > limit {
                timedOut = true
                stop.pointee = true
            }
        }
        if timedOut {
            throw JSONataError(
                code: "U1001",
                message:
                    "Regular expression evaluation timeout: /\(pattern)/ did not finish matching a string of \(ns.length) characters (catastrophic backtracking?)"
            )
        }
        guard let m = found else { return nil }
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
}
