import SFNJSON

/// Compares a produced value with a recorded one under the corpus's wildcard rules:
/// `<...>` placeholders inside strings, bare "date"/"timestamp"/"datetime", 111111111111 for any
/// account id, snf_role_arn for any role ARN, and the bare words a case's notes list.
public struct ExpectedMatcher: Sendable {
    public var bareWildcards: Set<String>

    public init(bareWildcards: Set<String>) { self.bareWildcards = bareWildcards }

    static let timestampWords: Set<String> = ["date", "timestamp", "datetime"]

    /// nil when they match, else a description of the first difference with its JSON pointer.
    public func difference(expected: JSONValue, actual: JSONValue, at pointer: String = "", depth: Int = 0) -> String? {
        if depth > 256 { return nil }
        if case .string(let e) = expected {
            if bareWildcards.contains(e) { return nil }
            if case .string(let a) = actual {
                if stringMatches(expected: e, actual: a) { return nil }
                // Causes holding JSON were stored re-serialised: compare them as JSON.
                if let ej = Self.jsonContainer(e), let aj = Self.jsonContainer(a) {
                    return difference(expected: ej, actual: aj, at: pointer, depth: depth + 1)
                }
                return mismatch(pointer, expected, actual)
            }
            return mismatch(pointer, expected, actual)
        }
        switch (expected, actual) {
        case (.object(let eo), .object(let ao)):
            for (k, ev) in eo {
                guard let av = ao[k] else { return "\(location(pointer)): missing member '\(k)'" }
                if let d = difference(expected: ev, actual: av, at: JSONPointer.appending(pointer, k), depth: depth + 1)
                {
                    return d
                }
            }
            for k in ao.keys where eo[k] == nil {
                return "\(location(pointer)): unexpected member '\(k)'"
            }
            return nil
        case (.array(let ea), .array(let aa)):
            guard ea.count == aa.count else {
                return
                    "\(location(pointer)): expected \(ea.count) elements, got \(aa.count): \(JSONPrinter.compact(actual))"
            }
            for i in 0..<ea.count {
                if let d = difference(
                    expected: ea[i], actual: aa[i], at: JSONPointer.appending(pointer, i), depth: depth + 1)
                {
                    return d
                }
            }
            return nil
        default:
            return expected == actual ? nil : mismatch(pointer, expected, actual)
        }
    }

    /// The object or array a string holds, if it holds one.
    static func jsonContainer(_ s: String) -> JSONValue? {
        guard let first = s.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            let v = try? JSONParser.parse(s)
        else { return nil }
        return v
    }

    private func location(_ pointer: String) -> String { pointer.isEmpty ? "at the top" : "at \(pointer)" }

    private func mismatch(_ pointer: String, _ e: JSONValue, _ a: JSONValue) -> String {
        "\(location(pointer)): expected \(JSONPrinter.compact(e)), got \(JSONPrinter.compact(a))"
    }

    /// String comparison with wildcards.
    public func stringMatches(expected e: String, actual a: String) -> Bool {
        if e == a || bareWildcards.contains(e) { return true }
        if Self.timestampWords.contains(e) { return Self.looksLikeTimestamp(a) }
        if e == "snf_role_arn" { return a.hasPrefix("arn:") && a.contains(":role/") }
        guard e.contains("<") || e.contains("111111111111") || e.contains("snf_role_arn") else { return false }
        return Self.globMatch(Self.tokens(e), Array(a.unicodeScalars)[...])
    }

    static func looksLikeTimestamp(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.count >= 10 && b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-")
    }

    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case any  // a <...> placeholder
        case accountId  // 111111111111: any 12 digits
        case roleArn  // snf_role_arn: any role ARN
    }

    static func tokens(_ pattern: String) -> [Token] {
        let s = Array(pattern.unicodeScalars)
        var out: [Token] = []
        var i = 0
        let account = Array("111111111111".unicodeScalars)
        let role = Array("snf_role_arn".unicodeScalars)
        while i < s.count {
            if s[i] == "<", let close = s[i...].firstIndex(of: ">") {
                out.append(.any)
                i = close + 1
            } else if s[i...].starts(with: account) {
                out.append(.accountId)
                i += account.count
            } else if s[i...].starts(with: role) {
                out.append(.roleArn)
                i += role.count
            } else {
                out.append(.literal(s[i]))
                i += 1
            }
        }
        return out
    }

    /// Backtracking match, bounded by the pattern's few placeholders.
    static func globMatch(_ p: [Token], _ s: ArraySlice<Unicode.Scalar>, budget: Int = 100_000) -> Bool {
        var budget = budget
        return glob(p[...], s, &budget)
    }

    private static func glob(_ p: ArraySlice<Token>, _ s: ArraySlice<Unicode.Scalar>, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        guard let first = p.first else { return s.isEmpty }
        switch first {
        case .literal(let c):
            guard s.first == c else { return false }
            return glob(p.dropFirst(), s.dropFirst(), &budget)
        case .accountId:
            guard s.count >= 12, s.prefix(12).allSatisfy({ $0.properties.numericType != nil }) else { return false }
            return glob(p.dropFirst(), s.dropFirst(12), &budget)
        case .any, .roleArn:
            var rest = s
            while true {
                if glob(p.dropFirst(), rest, &budget) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        }
    }
}
