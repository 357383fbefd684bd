import SFNJSON
import Testing

@testable import SFNJSONata

/// The routes over input arrays read in place (member reads that remember where a member was,
/// steps and filters run straight over input objects, group-by over input objects) give what
/// the general evaluator gives, for the items they decide and for those they hand back.
@Suite struct InputArrayRouteTests {
    static let docs = [
        FastPathAgreementTests.clean, FastPathAgreementTests.data,
        // Key orders that change from item to item, so a remembered position is often wrong.
        #"{"items":[{"p":1,"id":1,"r":"a"},{"id":2,"p":2,"r":"b"},{"r":"a","id":3,"p":3},{"p":4,"r":"b"}]}"#,
        // Arrays, non-objects and nulls among the items and as member values.
        #"{"items":[{"p":[1,2],"id":1,"r":"a"},{"p":2,"id":[3],"r":["b"]},5,null,{"p":3,"id":4,"r":"a"}]}"#,
        // Numbers that are not plain doubles, and a non-string group key.
        #"{"items":[{"p":1.7976931348623157e308,"id":1,"r":"a"},{"p":12345678901234567890123,"id":2,"r":1},{"p":-0,"r":"c"}]}"#,
        #"{"items":[]}"#, #"{"items":{"p":2,"id":9,"r":"z"}}"#,
        #"{"items":[{"p":1,"q":2,"r":"a"},{"p":2,"q":3,"r":"a"},{"p":3,"q":4,"r":"b"}]}"#,
    ]

    static let expressions = [
        "items.(p * q)", "$sum(items.(p * q))", "items.(p * 2 + 1)", "items.(p / 0)", "items.id",
        "items.r", "items.p.id", "$count(items[p > 1])", "items[p >= 2 and p < 4].id",
        "items[p = 2 or id != 3].id", "items[p > 1][id > 1].id", "items{r: $sum(p)}", "items{r: $count($)}",
        "items{r: p}", "items{r: $}", "items{r: id}.a", "$sort(items, function($a, $b) { $a.p > $b.p }).id",
        "$sort(items, function($a, $b) { $a.p < $b.p or ($a.p = $b.p and $a.id > $b.id) }).id",
        "items^(p).id", "items.$string(p)", "items#$i[p > 1].$i", "items@$x.($x.p)",
        "$map(items, function($v) { $v.p * 2 })", "items[0].p", "items[-1].(p + 1)",
        "($a := items; $a.p)", "[items].p", "items.{'k': p}", "items.(p * q)[1]", "items.p[0]",
    ]

    @Test(arguments: expressions) func routesAgree(_ expr: String) {
        for doc in Self.docs {
            let (fast, slow) = FastPathAgreementTests.both(expr, doc)
            #expect(fast == slow, "\(expr) over \(doc)")
            #expect(fast != "bad JSON", "\(doc)")
        }
    }

    /// Numbers of every sign and size, -0 and 0, many ties: the sort of rows of keys gives the
    /// general evaluator's order, for strict comparators and for `>=`.
    static let mixed =
        "{\"items\":["
        + (0..<200).map { i -> String in
            let values = [
                "-0", "0", "-1.5", "1.5", "1e300", "-1e300", "5e-324", "-5e-324", "1.7976931348623157e308",
                "-1.7976931348623157e308", "42",
            ]
            return #"{"p":\#(values[i % values.count]),"q":\#(i % 7 - 3),"id":\#(i % 13)}"#
        }.joined(separator: ",") + "]}"

    @Test(arguments: [
        "$a.p > $b.p", "$a.p < $b.p", "$b.p < $a.p", "$a.p < $b.p or ($a.p = $b.p and $a.q > $b.q)",
        "$a.q > $b.q or ($a.q = $b.q and ($a.p < $b.p or ($a.p = $b.p and $a.id > $b.id)))",
        "$a.p < $b.p or ($a.p = $b.p and $a.q >= $b.q)",
    ])
    func largeSortsAgree(_ body: String) {
        let (fast, slow) = FastPathAgreementTests.both(
            "$sort(items, function($a, $b) { \(body) }).[p, q, id]", Self.mixed)
        #expect(fast == slow, "\(body)")
        #expect(fast.hasPrefix("[["), "\(fast.prefix(80))")
    }

    /// A compiled expression is shared by every thread that evaluates it: the positions its
    /// member reads remember move between documents of different key orders, and each
    /// evaluation still reads the right member.
    @Test func sharedExpressionOverDifferentKeyOrders() throws {
        let e = try JSONataExpression("$sum(items.(p * q))")
        let a = try JSONParser.parse(#"{"items":[{"p":2,"q":3},{"p":4,"q":5}]}"#)
        let b = try JSONParser.parse(#"{"items":[{"q":3,"x":0,"p":2},{"x":1,"q":5,"p":4}]}"#)
        func sum(_ doc: JSONValue) throws -> String {
            guard case .value(let v) = try e.evaluate(input: doc) else { return "undefined" }
            return JSONPrinter.compact(v)
        }
        for _ in 0..<3 {
            #expect(try sum(a) == "26")
            #expect(try sum(b) == "26")
        }
    }
}
