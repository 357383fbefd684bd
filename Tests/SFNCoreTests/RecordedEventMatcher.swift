import Foundation
import SFNCore
import SFNJSON
import Testing

/// Compares our rendered history events with the `events` AWS recorded in
/// ../shared/conformance, with LocalStack's wildcards (see that README): `<...>` placeholders,
/// the bare words `timestamp`, `date` and `datetime`, `111111111111` for any account id,
/// `snf_role_arn` for any role. Payloads (`input`, `output`, `parameters`, `cause`, assigned
/// values) are JSON text on our side and sometimes parsed on theirs: compared as JSON values.
struct RecordedEventMatcher {
    /// Bare words a case's notes declare wildcards ("The bare string 'X' in expected/mockConfig
    /// is a wildcard").
    var bareWords: Set<String> = ["timestamp", "date", "datetime", "snf_role_arn"]

    init(notes: String?) {
        var rest = Substring(notes ?? "")
        let marker = "The bare string '"
        while let start = rest.range(of: marker) {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "'") else { break }
            if after[end...].hasPrefix("' in expected/mockConfig is a wildcard") {
                bareWords.insert(String(after[..<end]))
            }
            rest = after[end...]
        }
    }

    /// The first difference between the recorded events and ours, or nil when they match.
    /// Runs of events whose recorded ids are not numbers (LocalStack's re-sorted Parallel
    /// branches) are compared as multisets, without ids.
    func difference(expected: [JSONValue], actual: [JSONValue]) -> String? {
        guard expected.count == actual.count else {
            return "expected \(expected.count) events, got \(actual.count)"
                + (firstTypeDifference(expected, actual).map { ": \($0)" } ?? "")
        }
        var i = 0
        while i < expected.count {
            if expected[i]["id"]?.intValue == nil {
                var j = i
                while j < expected.count, expected[j]["id"]?.intValue == nil { j += 1 }
                var pool = Array(actual[i..<j])
                for e in expected[i..<j] {
                    guard let k = pool.firstIndex(where: { matches(e, $0, ignoringIds: true) }) else {
                        return "no event of ours matches the recorded \(JSONPrinter.compact(e).prefix(300))"
                    }
                    pool.remove(at: k)
                }
                i = j
                continue
            }
            if !matches(expected[i], actual[i], ignoringIds: false) {
                return "event \(i + 1) (\(expected[i]["type"]?.stringValue ?? "?")) differs at "
                    + mismatch(expected[i], actual[i], at: "")
            }
            i += 1
        }
        return nil
    }

    private func firstTypeDifference(_ e: [JSONValue], _ a: [JSONValue]) -> String? {
        for i in 0..<min(e.count, a.count) where e[i]["type"] != a[i]["type"] {
            return "event \(i + 1) is \(e[i]["type"].map(JSONPrinter.compact) ?? "-") recorded, "
                + "\(a[i]["type"].map(JSONPrinter.compact) ?? "-") ours"
        }
        return nil
    }

    func matches(_ e: JSONValue, _ a: JSONValue, ignoringIds: Bool) -> Bool {
        guard case .object(let eo) = e, case .object(let ao) = a else { return false }
        let skipped: Set<String> = ignoringIds ? ["id", "previousEventId"] : []
        let eKeys = Set(eo.keys).subtracting(skipped)
        let aKeys = Set(ao.keys).subtracting(skipped)
        guard eKeys == aKeys else { return false }
        return eKeys.allSatisfy { value(eo[$0]!, ao[$0]!) }
    }

    /// Where two values first differ, with both sides there.
    func mismatch(_ e: JSONValue, _ a: JSONValue, at path: String) -> String {
        if case .object(let eo) = e, case .object(let ao) = a {
            for k in Set(eo.keys).union(ao.keys).sorted() {
                guard let ev = eo[k], let av = ao[k] else { return "\(path)/\(k): present on one side only" }
                if !value(ev, av) { return mismatch(ev, av, at: path + "/" + k) }
            }
        }
        return "\(path): recorded \(JSONPrinter.compact(e).prefix(200)), ours \(JSONPrinter.compact(a).prefix(200))"
    }

    /// One value: objects member by member, strings with wildcards, JSON text as JSON.
    func value(_ e: JSONValue, _ a: JSONValue) -> Bool {
        switch (e, a) {
        case (.object(let eo), .object(let ao)):
            guard Set(eo.keys) == Set(ao.keys) else { return false }
            return eo.keys.allSatisfy { value(eo[$0]!, ao[$0]!) }
        case (.array(let ea), .array(let aa)):
            return ea.count == aa.count && zip(ea, aa).allSatisfy { value($0, $1) }
        case (.string(let es), .string(let s)):
            if text(es, s) { return true }
            if let ev = try? JSONParser.parse(es), let av = try? JSONParser.parse(s), ev != e || av != a {
                return value(ev, av)
            }
            return false
        case (_, .string(let s)):
            guard let parsed = try? JSONParser.parse(s) else { return false }
            return value(e, parsed)
        case (.string(let es), _):
            if bareWords.contains(es) { return true }
            guard let parsed = try? JSONParser.parse(es) else { return false }
            return value(parsed, a)
        default:
            return e == a || (e.isNumber && a.isNumber && e.doubleValue == a.doubleValue)
        }
    }

    func text(_ expected: String, _ actual: String) -> Bool {
        if expected == actual { return true }
        if bareWords.contains(expected) { return true }
        guard expected.contains("<") || expected.contains("111111111111") else { return false }
        var pattern = "^"
        var rest = Substring(expected)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            pattern += literal(rest[..<open]) + ".*"
            rest = rest[rest.index(after: close)...]
        }
        pattern += literal(rest) + "$"
        return actual.range(of: pattern, options: .regularExpression) != nil
    }

    private func literal(_ s: Substring) -> String {
        NSRegularExpression.escapedPattern(for: String(s)).replacingOccurrences(of: "111111111111", with: "[0-9]{12}")
    }
}

/// The matcher's own contract: LocalStack's wildcards match what they stand for and nothing else.
@Test func recordedEventMatcherHonoursTheCorpusWildcards() {
    let matcher = RecordedEventMatcher(notes: "The bare string 'task_token' in expected/mockConfig is a wildcard.")
    #expect(
        matcher.text(
            "arn:aws:states:<region>:111111111111:execution:<uuid:1>",
            "arn:aws:states:us-east-1:123456789012:execution:abc"))
    #expect(!matcher.text("arn:aws:states:<region>:111111111111:x", "arn:aws:states:us-east-1:12345:x"))
    #expect(matcher.text("timestamp", "2026-12-07T05:00:00Z"))
    #expect(matcher.text("task_token", "a1b2"))
    #expect(!matcher.text("literal", "other"))
}
