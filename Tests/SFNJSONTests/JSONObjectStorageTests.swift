import Testing

@testable import SFNJSON

/// JSONObject's storage: values inline after a header, keys shared with a template, lazy objects
/// whose members live in a second storage once parsed.
@Suite struct JSONObjectStorageTests {
    struct Stop: Error {}

    @Test func templateObjectsShareKeysAndStayIndependent() {
        let keys = ["a", "b", "a long key past the small-string size"]
        var first = JSONObject(uniqueKeys: keys) { i in .int(i) }
        let second = JSONObject(uniqueKeys: keys) { i in .int(10 * i) }
        #expect(first.keys == keys)
        #expect(first.values == [0, 1, 2])
        #expect(second["a long key past the small-string size"] == 20)
        first["c"] = "new"
        first["a"] = "replaced"
        first.removeValue(forKey: "b")
        #expect(first.keys == ["a", "a long key past the small-string size", "c"])
        #expect(first.values == ["replaced", 2, "new"])
        #expect(second.keys == keys)
        #expect(second.values == [0, 10, 20])
        #expect(keys == ["a", "b", "a long key past the small-string size"])
    }

    @Test func aThrowingValueReleasesWhatWasBuilt() {
        var inner = JSONObject(minimumCapacity: 4)
        inner["x"] = 1
        let before = ObjectIdentifier(inner.storage)
        #expect(throws: Stop.self) {
            _ = try JSONObject(uniqueKeys: ["p", "q", "r"]) { (i) throws(Stop) in
                if i == 2 { throw Stop() }
                return .object(inner)
            }
        }
        // Unique again, so the append happens in place.
        inner["y"] = 2
        #expect(ObjectIdentifier(inner.storage) == before)
        #expect(inner.keys == ["x", "y"])
    }

    @Test func growsAndShrinksAcrossTheIndexThreshold() {
        var o = JSONObject()
        var expected: [(String, JSONValue)] = []
        for i in 0..<30 {
            o.append("k\(i)", .int(i))
            expected.append(("k\(i)", .int(i)))
        }
        for i in stride(from: 28, through: 0, by: -3) {
            o.remove(at: i)
            expected.remove(at: i)
        }
        #expect(o.count == expected.count)
        for (i, (k, v)) in expected.enumerated() {
            #expect(o.key(at: i) == k)
            #expect(o.value(at: i) == v)
            #expect(o.position(of: k) == i)
            #expect(o[k] == v)
        }
        #expect(o["k1"] == nil)
        #expect(o.position(of: "k28") == nil)
        // Template objects past the threshold get an index too.
        let keys = (0..<20).map { "t\($0)" }
        let t = JSONObject(uniqueKeys: keys) { i in .int(i) }
        #expect(t.position(of: "t17") == 17)
        #expect(t["t19"] == 19)
    }

    @Test func hintsAreCheckedNotTrusted() {
        let o = JSONObject(uniqueKeys: ["i", "n", "a key longer than fifteen bytes"]) { i in .int(i) }
        #expect(o.position(of: "n", hint: 1) == 1)
        #expect(o.position(of: "n", hint: 0) == 1)
        #expect(o.position(of: "n", hint: 7) == 1)
        #expect(o.position(of: "n", hint: -1) == 1)
        #expect(o.position(of: "a key longer than fifteen bytes", hint: 2) == 2)
        #expect(o.position(of: "x", hint: 0) == nil)
        #expect(JSONObject().position(of: "x", hint: 0) == nil)
    }

    @Test func parallelKeyArraysWithRepeatsKeepFirstPositionLastValue() {
        let o = JSONObject(uncheckedKeys: ["a", "b", "a"], values: [1, 2, 3])
        #expect(o.keys == ["a", "b"])
        #expect(o.values == [3, 2])
        let many = JSONObject(uncheckedKeys: (0..<20).map { "k\($0 % 15)" }, values: (0..<20).map { .int($0) })
        #expect(many.count == 15)
        #expect(many["k3"] == 18)
        #expect(many.position(of: "k14") == 14)
    }

    @Test func lazyObjectsCopyBeforeTheyChange() throws {
        let text = #"{"a": {"x": 1, "y": [1, 2]}, "b": 2, "c": {"z": "zz"}}"#
        let value = try JSONParser.parseLazily(bytes: Array(text.utf8))
        guard case .object(var o) = value, case .object(var a)? = o["a"] else {
            Issue.record("not an object")
            return
        }
        let original = o
        #expect(original.sourceText != nil && a.sourceText != nil)
        a["w"] = true
        o["a"] = .object(a)
        o.removeValue(forKey: "b")
        #expect(JSONPrinter.compact(.object(o)) == #"{"a":{"x":1,"y":[1,2],"w":true},"c":{"z":"zz"}}"#)
        #expect(JSONPrinter.compact(.object(original)) == #"{"a":{"x":1,"y":[1,2]},"b":2,"c":{"z":"zz"}}"#)
        #expect(original.position(of: "c", hint: 2) == 2)
    }

    @Test func aLazyObjectReadFromManyThreadsIsParsedOnce() async throws {
        let members = (0..<50).map { "\"m\($0)\": {\"v\": \($0)}" }.joined(separator: ", ")
        let value = try JSONParser.parseLazily(bytes: Array("{\(members)}".utf8))
        let sums = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var sum = 0
                    for i in 0..<50 { sum += value["m\(i)"]?["v"]?.intValue ?? -1_000 }
                    return sum
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sums == Array(repeating: 1_225, count: 8))
    }
}
