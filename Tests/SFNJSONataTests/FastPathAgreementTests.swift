import SFNJSON
import Testing

@testable import SFNJSONata

/// The frame-free fast paths must give exactly what the general evaluator gives.
@Suite struct FastPathAgreementTests {
    static func both(_ expr: String, _ doc: String) -> (String, String) {
        func run(_ fast: Bool) -> String {
            do {
                var options = JSONataOptions()
                options.disableFastPaths = !fast
                let e = try JSONataExpression(expr, options: options)
                switch try e.evaluate(input: try JSONParser.parse(doc)) {
                case .undefined: return "undefined"
                case .function: return "function"
                case .value(let v): return JSONPrinter.compact(v)
                }
            } catch let error as JSONataError {
                return "error \(error.code)"
            } catch {
                return "bad JSON"
            }
        }
        return (run(true), run(false))
    }

    static let data =
        #"{"items":[{"p":3,"id":1,"s":"b"},{"p":1,"id":2,"s":"a"},{"p":3,"id":0,"s":"c"},{"id":4},{"p":2,"id":3,"s":"a"},{"p":"x","id":5}]}"#
    static let clean =
        #"{"items":[{"p":3,"id":1,"s":"b"},{"p":1,"id":2,"s":"a"},{"p":3,"id":0,"s":"c"},{"p":2,"id":3,"s":"a"},{"p":2.5,"id":7,"s":"é"}]}"#

    static let comparators = [
        "$a.p > $b.p",
        "$a.p < $b.p or ($a.p = $b.p and $a.id > $b.id)",
        "$a.s > $b.s",
        "$a.s >= $b.s and $a.id != $b.id",
        "$a.p * 2 > $b.p + 1",
        "$a.missing > $b.missing",
        "$a.p",
        "$b.p < $a.p",
        "$a.p > 2 and $b.p <= 3",
        "$a.id = $b.id or $a.p >= $b.p",
        "$a.p != $b.p and $a.id > $b.id",
        "$a.p > $b.p or ($a.p = $b.p and $a.id < $b.id)",
        "$a.p <= $b.p", "$b.p >= $a.p", "$b.p < $a.p or ($b.p = $a.p and $b.id < $a.id)",
        "$a.p < $b.p or ($a.p = $b.p and $a.id >= $b.id)",
        "$a.p < $b.p or ($a.p = $b.p and ($a.q > $b.q or ($a.q = $b.q and $a.id < $b.id)))",
        "$a.p < $b.p or ($a.p = $b.p and ($a.q > $b.q or ($a.q = $b.q and $a.id <= $b.id)))",
        "$a.p < $b.p or ($a.q = $b.q and $a.id > $b.id)",
    ]

    /// Many ties, so that every merge level of the sort meets equal keys.
    static let ties =
        "{\"items\":["
        + (0..<300).map { #"{"p":\#($0 * 7 % 13),"q":\#(Double($0 % 3) / 2),"id":\#($0 % 5),"n":\#($0)}"# }.joined(
            separator: ",")
        + "]}"

    @Test(arguments: comparators) func sortComparatorsAgree(_ body: String) {
        for doc in [Self.clean, Self.data, Self.ties] {
            let (fast, slow) = Self.both("$sort(items, function($a, $b) { \(body) })", doc)
            #expect(fast == slow, "\(body) over \(doc.prefix(40))")
        }
    }

    static let predicates = [
        "items[p > 1].id", "items[p = 3 and id > 0].id", "items[s = 'a' or p = 1].id",
        "items.(p * 10)", "items.(p + id)", "items[p].id", "items[$ .p > 1].id", "items[p < 'z'].id",
        "($v := 2; items[p > $v].id)", "($o := {'k': 1}; items[p = $o.k].id)", "($f := $sum; items[p = $f].id)",
        "($t := 2; $filter(items, function($x){ $x.p >= $t }).id)", "items[p = $$.items[0].p].id",
    ]

    @Test(arguments: predicates) func predicatesAgree(_ expr: String) {
        for doc in [Self.clean, Self.data] {
            let (fast, slow) = Self.both(expr, doc)
            #expect(fast == slow, "\(expr)")
        }
    }
}
