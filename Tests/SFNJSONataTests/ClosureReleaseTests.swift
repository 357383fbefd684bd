import SFNJSON
import Testing

@testable import SFNJSONata

/// A function bound in its own scope (`$f := function() { ... $f() }`) is a reference cycle
/// between its frame and itself; every evaluation must still free all its frames and functions,
/// or a long `sfn serve` or `--input-lines` run grows without bound.
struct ClosureReleaseTests {
    /// The built-in function tables are made once per process, on first use: made before
    /// tracking so that only what evaluations create is counted.
    static func warmUp() throws {
        for aws in [false, true] {
            _ = try JSONataExpression("$sum([1])", options: .init(awsFunctions: aws)).evaluate(input: nil)
        }
    }

    /// Evaluates `text` `times` times while tracking what it creates; returns (created, alive).
    static func track(_ text: String, times: Int = 500) throws -> (created: Int, alive: Int) {
        try warmUp()
        let expression = try JSONataExpression(text)
        let live = LiveObjects()
        try LiveObjects.$current.withValue(live) {
            for _ in 0..<times { _ = try expression.evaluate(input: .object(JSONObject())) }
        }
        return (live.created, live.alive)
    }

    @Test(
        "Self-referencing closures are freed when each evaluation ends",
        arguments: [
            // The recursive function of the issue.
            "($f := function($x) { $x <= 1 ? 1 : $x * $f($x - 1) }; $f(10))",
            // A function returned from another, bound where it can see itself.
            "($mk := function($n) { function() { $n + $count($g) } }; $g := $mk(2); $g())",
            // Functions held in an object bound in their own scope.
            #"($o := {"inc": function($x) { $x + 1 }, "twice": function($x) { $o.inc($o.inc($x)) }}; $o.twice(1))"#,
        ])
    func selfReferencingClosuresFreed(expression: String) throws {
        let (created, alive) = try Self.track(expression)
        #expect(created >= 500, "the tracker saw \(created) frames and functions")
        #expect(alive == 0, "\(alive) of \(created) frames and functions outlived their evaluation")
    }

    @Test("A closure in a failing evaluation is freed too")
    func failingEvaluationFreed() throws {
        try Self.warmUp()
        let expression = try JSONataExpression(#"($f := function($x) { $x > 3 ? $error("stop") : $f($x + 1) }; $f(0))"#)
        let live = LiveObjects()
        LiveObjects.$current.withValue(live) {
            for _ in 0..<200 { _ = try? expression.evaluate(input: nil) }
        }
        #expect(live.created >= 200)
        #expect(live.alive == 0, "\(live.alive) of \(live.created) outlived their evaluation")
    }

    @Test("A function returned as the result still answers .function, and nothing is kept")
    func functionResult() throws {
        try Self.warmUp()
        let expression = try JSONataExpression("($f := function() { $f }; $f)")
        let live = LiveObjects()
        let result = try LiveObjects.$current.withValue(live) { try expression.evaluate(input: nil) }
        #expect(result == .function)
        #expect(live.alive == 0)
    }
}
