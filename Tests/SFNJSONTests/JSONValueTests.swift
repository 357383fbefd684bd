import SFNJSON
import Testing

@Suite struct JSONValueTests {
    @Test func numbersCompareByValueAcrossIntAndDouble() {
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.int(1) != .double(1.5))
        #expect(Set<JSONValue>([.int(2), .double(2.0)]).count == 1)
    }

    @Test func objectEqualityIgnoresKeyOrder() {
        let a: JSONValue = ["x": 1, "y": [1, 2]]
        let b: JSONValue = ["y": [1, 2], "x": 1]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != ["x": 1])
    }

    @Test func objectKeepsOrderAcrossReplaceRemoveAndIndexing() {
        var o = JSONObject()
        for i in 0..<40 { o["k\(i)"] = .int(i) }  // crosses the hash-index threshold
        o["k3"] = "three"
        #expect(o.position(of: "k3") == 3)
        #expect(o["k3"] == "three")
        o.removeValue(forKey: "k0")
        #expect(o.keys.first == "k1")
        #expect(o["k39"] == .int(39))
        #expect(o.position(of: "k39") == 38)
        #expect(o.count == 39)
        while o.count > 3 { o.remove(at: o.count - 1) }
        #expect(o.keys == ["k1", "k2", "k3"])
        #expect(o["k2"] == .int(2))
    }

    @Test func copiesAreIndependent() {
        var a = JSONObject(); a["x"] = 1
        var b = a
        b["x"] = 2
        b["y"] = 3
        #expect(a["x"] == .int(1))
        #expect(a["y"] == nil)
        a["z"] = 9
        #expect(b["z"] == nil)
    }

    @Test func integralDoublesBecomeIntsOnlyThroughNumber() {
        #expect(JSONPrinter.compact(.number(3.0)) == "3")
        #expect(JSONPrinter.compact(.number(2.5)) == "2.5")
        #expect(JSONPrinter.compact(.double(3.0)) == "3.0")
        #expect(JSONValue.double(4.0).intValue == 4)
        #expect(JSONValue.double(4.5).intValue == nil)
        #expect(JSONValue.bool(true).intValue == nil)
    }

    @Test func typeNamesMatchAWSWording() {
        let cases: [(JSONValue, String)] = [
            (.null, "null"), (true, "boolean"), (1, "number"), (1.5, "number"),
            ("s", "string"), ([], "array"), ([:], "object"),
        ]
        for (v, name) in cases { #expect(v.typeName == name) }
    }
}
