import Foundation
import SFNJSON
import Testing

@testable import SFNJSONata

/// Foundation leaks the copy it makes of a pattern longer than 256 UTF-16 units, so a long
/// pattern is compiled once per process and every later compilation (`$eval` in a Map, a
/// definition loaded again by the server) reuses it. The libFuzzer jsonata target found the leak.
struct RegexCompileTests {
    static let long = String(repeating: "ab", count: 200) + "[0-9]+"

    @Test func aLongPatternIsCompiledOnce() throws {
        let first = try RegexLiteral(pattern: Self.long, flags: "", position: 0)
        let second = try RegexLiteral(pattern: Self.long, flags: "", position: 7)
        #expect(first.regex === second.regex)
        // The flags are part of what was compiled.
        let caseless = try RegexLiteral(pattern: Self.long, flags: "i", position: 0)
        #expect(caseless.regex !== first.regex)
        #expect(caseless.regex.options.contains(.caseInsensitive))
    }

    @Test func aShortPatternIsNotKept() throws {
        let first = try RegexLiteral(pattern: "a+b", flags: "", position: 0)
        let second = try RegexLiteral(pattern: "a+b", flags: "", position: 0)
        #expect(first.regex !== second.regex)
    }

    @Test func aLongPatternThatDoesNotCompileStillFailsWithItsPosition() {
        let bad = String(repeating: "a", count: 300) + "("
        #expect(throws: JSONataError.self) { try RegexLiteral(pattern: bad, flags: "", position: 3) }
        do {
            _ = try RegexLiteral(pattern: bad, flags: "", position: 3)
        } catch {
            #expect(error.code == "S0302")
            #expect(error.position == 3)
        }
    }

    @Test func evalOfALongPatternMatchesEachTime() throws {
        let expression = try JSONataExpression(
            #"[1..50].$eval('$contains("x' & $string($) & '", /\#(Self.long)|x[0-9]+/)')"#)
        let result = try expression.evaluate(input: nil)
        #expect(result == .value(.array(Array(repeating: .bool(true), count: 50))))
    }
}
