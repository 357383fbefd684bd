import Testing

@testable import SFNJSONata

/// `iteratesInputItems`: whether `sfn run` parses a large input whole instead of lazily.
@Suite struct InputIterationTests {
    static func iterates(_ text: String) throws -> Bool {
        try JSONataExpression(text, options: .init(awsFunctions: true)).iteratesInputItems
    }

    @Test(arguments: [
        "$sum($states.input.orders.(price * qty))",
        "$count($states.input.orders[price > 50])",
        "$states.input.orders{region: $sum(price)}",
        "$sort($states.input.orders, function($a, $b) { $a.price < $b.price })[0].id",
        "$map($states.input.items, function($v) { $v.n + 1 })",
        "$filter($states.input.a.b, function($v) { $v.ok })",
        "$states.input.orders^(price)",
        "$states.input.orders.{'id': id}",
        "{'x': [$states.input.rows[ok = true].id]}",
        "$states.input.orders.*",
        "$states.input.orders.$string()",
    ])
    func anExpressionPerItemCounts(_ text: String) throws {
        #expect(try Self.iterates(text))
    }

    @Test(arguments: [
        "$states.input",
        "$states.input.order.id",
        "$states.input.orders[0]",
        "$states.input.orders[-1].price",
        "$count($states.input.orders)",
        "$sort($states.input.names)",
        "$states.context.Execution.Id",
        "$map([1, 2, 3], function($v) { $v * 2 })",
        "$states.result.items[price > 5]",
        "$x.orders[price > 5]",
        "'{% not an expression %}'",
    ])
    func aPathOfNamesOrAnIndexDoesNot(_ text: String) throws {
        #expect(try !Self.iterates(text))
    }
}
