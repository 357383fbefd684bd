import Testing

@testable import SFNCore

struct StringPatternTests {
    @Test(arguments: [
        ("*.log", "server.log", true),
        ("*.log", "server.txt", false),
        ("log-*.txt", "log-2024.txt", true),
        ("log-*.txt", "log-.txt", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "acb", false),
        ("*", "", true),
        ("exact", "exact", true),
        ("exact", "exactly", false),
        ("\\*star", "*star", true),
        ("\\*star", "Xstar", false),
        ("back\\\\slash", "back\\slash", true),
        ("**", "anything", true),
        ("a*a", "a", false),
        ("a*a", "aa", true),
        ("ü*ß", "üxyzß", true),
    ])
    func matches(pattern: String, subject: String, expected: Bool) {
        #expect(StringPattern(pattern).matches(subject) == expected)
    }
}
