import SFNConformance
import SFNJSON
import Testing

struct ExpectedMatcherTests {
    let matcher = ExpectedMatcher(bareWildcards: ["start-time", "RandomNumberGenerated"])

    @Test(arguments: [
        (
            "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
            "arn:aws:states:us-east-1:123456789012:execution:Machine:abc-1", true
        ),
        (
            "arn:<partition>:states:<region>:111111111111:execution:x", "arn:aws:states:us-east-1:12345:execution:x",
            false
        ),
        ("<uuid:1>", "0d6e6a3c-8c34-4a27-9d0e-0c1d6b1b2f3a", true),
        ("prefix-<x>", "other-1", false),
        ("date", "2024-01-02T03:04:05.678Z", true),
        ("date", "yesterday", false),
        ("snf_role_arn", "arn:aws:iam::123456789012:role/Anything", true),
        ("start-time", "whatever", true),
        ("plain", "plain", true),
        ("plain", "plain ", false),
    ])
    func strings(expected: String, actual: String, matches: Bool) {
        #expect(matcher.stringMatches(expected: expected, actual: actual) == matches)
    }

    @Test func bareWildcardMatchesAnyValue() {
        #expect(
            matcher.difference(expected: ["FunctionResult": "RandomNumberGenerated"], actual: ["FunctionResult": 17.5])
                == nil)
    }

    @Test func reportsWhereValuesDiffer() {
        let d = matcher.difference(expected: ["a": ["b": [1, 2]]], actual: ["a": ["b": [1, 3]]])
        #expect(d?.contains("/a/b/1") == true)
        #expect(
            matcher.difference(expected: ["a": 1], actual: ["a": 1, "b": 2])?.contains("unexpected member 'b'") == true)
        #expect(matcher.difference(expected: ["a": 1.0], actual: ["a": 1]) == nil)
    }

    @Test func notesDeclareBareWildcards() {
        let notes =
            "The bare string 'entered-time' in expected/mockConfig is a wildcard: ... The bare string 'start-time' in expected/mockConfig is a wildcard"
        #expect(ConformanceCase.wildcards(inNotes: notes) == ["entered-time", "start-time"])
    }
}
