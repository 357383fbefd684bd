import SFNJSON
import Testing

@testable import SFNJSONPath

/// States.Format writes its output in place when every value is a string or an integer, and
/// through a byte array otherwise; both must give Java's text, and the same failures.
struct IntrinsicFormatTests {
    static let input: JSONValue = try! JSONParser.parse(
        """
        {"id": 99999, "neg": -42, "min": -9223372036854775808, "max": 9223372036854775807, "zero": 0,
         "s": "héllo ✓", "long": "a string longer than fifteen bytes", "d": 2.5, "b": true, "o": {"k": [1]}}
        """)

    func format(_ text: String) throws -> Result<JSONValue, PathExpressionFailure> {
        try IntrinsicCall(text).evaluate(in: PathEnvironment(input: Self.input))
    }

    @Test(
        arguments: [
            ("States.Format('item-{}', $.id)", "item-99999"),
            ("States.Format('{}', $.neg)", "-42"),
            ("States.Format('{}|{}', $.min, $.max)", "-9223372036854775808|9223372036854775807"),
            ("States.Format('{}{}{}', $.zero, $.zero, $.zero)", "000"),
            ("States.Format('[{}] and [{}]', $.s, $.long)", "[héllo ✓] and [a string longer than fifteen bytes]"),
            ("States.Format('✓{}✓', $.id)", "✓99999✓"),
            ("States.Format('{} {} {}', $.d, $.b, $.o)", "2.5 true {k=[1]}"),
            ("States.Format('{}/{}', $.id, $.d)", "99999/2.5"),
            (#"States.Format('\{\}{}\\', $.id)"#, #"{}99999\"#),
            (#"States.Format('a\nb{}', $.id)"#, #"a\nb99999"#),
            (#"States.Format('\'{}\'', $.s)"#, "'héllo ✓'"),
            ("States.Format('{ } {}', $.id)", "{ } 99999"),
            ("States.Format('')", ""),
            ("States.Format('{}', '')", ""),
        ])
    func formatsValues(text: String, expected: String) throws {
        #expect(try format(text).get() == .string(expected), "\(text)")
    }

    @Test func aTrailingBackslashIsKept() throws {
        // The template ends in a lone backslash (written `\\` before the closing quote would be
        // an escape, so the template is given as a value).
        let env = PathEnvironment(input: ["t": .string(#"x{}\"#), "n": 5])
        #expect(try IntrinsicCall("States.Format($.t, $.n)").evaluate(in: env).get() == .string(#"x5\"#))
    }

    @Test(
        arguments: [
            ("States.Format('{} {}', $.id)", "more placeholders than the 1 values given"),
            ("States.Format('{}', $.id, $.id)", "has 1 placeholders but 2 values were given"),
            ("States.Format('x', $.s)", "has 0 placeholders but 1 values were given"),
            ("States.Format('{} {}', $.d)", "more placeholders than the 1 values given"),
        ])
    func reportsPlaceholderCounts(text: String, expected: String) throws {
        guard case .failure(.intrinsicFailure(let cause)) = try format(text) else {
            Issue.record("\(text) did not fail")
            return
        }
        #expect(cause.contains(expected), "\(cause)")
    }

    @Test func thePayloadLimitStillHolds() throws {
        var env = PathEnvironment(input: Self.input)
        env.maxBytes = 20
        let result = try IntrinsicCall("States.Format('{}{}', $.long, $.long)").evaluate(in: env)
        guard case .failure(.dataLimitExceeded(let cause)) = result else {
            Issue.record("gave \(result)")
            return
        }
        #expect(cause.contains("States.Format failed"))
        let small = try IntrinsicCall("States.Format('item-{}', $.id)").evaluate(in: env)
        #expect(small == .success("item-99999"))
    }

    @Test func pathsAreReplacedAtAnyDepthAndTheTextIsKept() throws {
        let call = try IntrinsicCall("States.Format('{}-{}', $.value.a, States.MathAdd($.value.b, 1))")
        let rebased = call.replacingPaths { path in
            path.text.hasPrefix("$.value") ? try? JSONPath("$" + path.text.dropFirst(7)) : nil
        }
        #expect(rebased?.text == call.text)
        let env = PathEnvironment(input: ["a": "x", "b": 2])
        #expect(try rebased?.evaluate(in: env).get() == "x-3")
        #expect(call.replacingPaths { _ in nil } == nil)
    }
}
