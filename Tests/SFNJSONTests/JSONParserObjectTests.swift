import Testing

@testable import SFNJSON

/// Objects as the parser builds them: values straight into the storage, a key array shared by
/// like objects, repeated keys resolved as before, lazy objects parsed once whichever thread
/// reads them first.
@Suite struct JSONParserObjectTests {
    static func objects(_ text: String, lazily: Bool = false) throws -> [JSONObject] {
        let value = lazily ? try JSONParser.parseLazily(bytes: Array(text.utf8)) : try JSONParser.parse(text)
        return (value.arrayValue ?? value["items"]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    static func keyBuffer(_ o: JSONObject) -> UnsafeRawPointer? {
        o.keys.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test(arguments: [false, true])
    func likeObjectsShareOneKeyArray(lazily: Bool) throws {
        let long = "a key of more than sixteen bytes"
        let items = (0..<200).map { #"{"id":\#($0),"name":"n\#($0)","\#(long)":true}"# }
        let text = #"{"items":[\#(items.joined(separator: ","))]}"#
        let objects = try Self.objects(text, lazily: lazily)
        #expect(objects.count == 200)
        let first = Self.keyBuffer(objects[0])
        for (i, o) in objects.enumerated() {
            #expect(o.keys == ["id", "name", long])
            #expect(Self.keyBuffer(o) == first)
            #expect(o["id"] == .int(i))
            #expect(o[long] == true)
        }
    }

    @Test func objectsThatDifferFromTheLastShapeKeepTheirOwnKeys() throws {
        let text = """
            [{"a":1,"b":2,"c":3},{"a":4,"b":5},{"a":6,"x":7,"c":8},{"a":9,"b":10,"c":11,"d":12},
             {"\\u0061":13,"b":14,"c":15},{"b":16,"a":17,"c":18},{}, {"a":19,"b":20,"c":21}]
            """
        let objects = try Self.objects(text)
        #expect(
            objects.map(\.keys) == [
                ["a", "b", "c"], ["a", "b"], ["a", "x", "c"], ["a", "b", "c", "d"], ["a", "b", "c"],
                ["b", "a", "c"], [], ["a", "b", "c"],
            ])
        #expect(
            objects.map(\.values) == [
                [1, 2, 3], [4, 5], [6, 7, 8], [9, 10, 11, 12], [13, 14, 15], [16, 17, 18], [], [19, 20, 21],
            ])
        #expect(objects[5]["a"] == 17)
    }

    @Test func aRepeatedKeyKeepsItsFirstPlaceAndLastValueWhateverCameBefore() throws {
        let text = #"[{"a":1,"b":2},{"a":3,"a":4},{"a":5,"b":6,"a":7},{"b":8,"a":9,"b":10},{"a":11,"b":12}]"#
        let objects = try Self.objects(text)
        #expect(objects.map(\.keys) == [["a", "b"], ["a"], ["a", "b"], ["b", "a"], ["a", "b"]])
        #expect(objects.map(\.values) == [[1, 2], [4], [7, 6], [10, 9], [11, 12]])
    }

    @Test func keysAreComparedByTheirBytesNotByCanonicalEquivalence() throws {
        // "é" precomposed, then decomposed: equal as Strings, so one object holding both has one
        // member (as a dictionary would); but an object is never given another's spelling.
        let text = #"[{"é":1,"x":0},{"e\u0301":2,"x":0},{"é":3,"e\u0301":4}]"#
        let objects = try Self.objects(text)
        #expect(Array(objects[0].keys[0].utf8) == [0xC3, 0xA9])
        #expect(Array(objects[1].keys[0].utf8) == [0x65, 0xCC, 0x81])
        #expect(objects[2].count == 1)
        #expect(Array(objects[2].keys[0].utf8) == [0xC3, 0xA9])
        #expect(objects[2].values == [4])
    }

    @Test func objectsPastTheIndexThresholdShareKeysAndFindEveryMember() throws {
        let keys = (0..<20).map { "key\($0)" }
        func object(_ base: Int) -> String {
            "{" + keys.enumerated().map { #""\#($1)":\#(base + $0)"# }.joined(separator: ",") + "}"
        }
        let objects = try Self.objects("[\(object(0)),\(object(100)),\(object(200))]")
        for (n, o) in objects.enumerated() {
            for (i, k) in keys.enumerated() {
                #expect(o.position(of: k) == i)
                #expect(o[k] == .int(100 * n + i))
            }
        }
        #expect(Self.keyBuffer(objects[1]) == Self.keyBuffer(objects[2]))
    }

    @Test func aSharedObjectStaysUnchangedWhenACopyIsChanged() throws {
        var objects = try Self.objects(#"[{"a":1,"b":2},{"a":3,"b":4}]"#)
        objects[1]["c"] = 5
        objects[1]["a"] = nil
        #expect(objects[0].keys == ["a", "b"])
        #expect(objects[1].keys == ["b", "c"])
        #expect(objects[1].values == [4, 5])
    }

    @Test func lazyObjectsReadFromManyThreadsAtOnceGiveTheSameMembers() async throws {
        let items = (0..<2_000).map { #"{"id":\#($0),"tag":"t\#($0)","price":\#($0).5}"# }
        let text = #"{"items":[\#(items.joined(separator: ","))]}"#
        for _ in 0..<5 {
            let objects = try Self.objects(text, lazily: true)
            let sums = await withTaskGroup(of: Int.self) { group in
                for t in 0..<8 {
                    group.addTask {
                        var sum = 0
                        // Every task reads every object, starting at different places.
                        for k in 0..<objects.count {
                            let o = objects[(k + t * 250) % objects.count]
                            if case .int(let id) = o["id"], o["tag"] == .string("t\(id)") { sum += id }
                        }
                        return sum
                    }
                }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(sums == Array(repeating: 1_999_000, count: 8))
        }
    }
}
