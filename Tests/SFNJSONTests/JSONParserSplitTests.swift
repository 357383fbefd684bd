import Testing

@testable import SFNJSON

/// A large array read on two threads (JSONParser+Split.swift) gives the value and the errors a
/// parse on one thread gives: the second thread's elements are taken only when the parser itself
/// arrives at the element they start with, and every error is found by the parser.
@Suite struct JSONParserSplitTests {
    /// Small enough that the documents below split.
    static let eager = SplitPolicy(trigger: 256, minimumDocument: 0, minimumRest: 256)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        /// Whether the second thread's elements must be taken (on a machine with a second core);
        /// nil where it depends on where the middle falls.
        var splits: Bool?
        var testDescription: String { name }
    }

    static func orders(_ n: Int, separator: String = ",", item: (Int) -> String = order) -> String {
        "{\"orders\":[" + (0..<n).map(item).joined(separator: separator) + "],\"n\":\(n)}"
    }

    static func order(_ i: Int) -> String {
        #"{"id":\#(i),"region":"r\#(i % 4)","price":\#(Double(i) * 0.5),"ok":\#(i % 2 == 0),"x":null}"#
    }

    static let cases: [Case] = [
        Case(name: "like objects", text: orders(3000), splits: true),
        Case(
            name: "pretty-printed",
            text: orders(2000, separator: ",\n    ") {
                "{\n      \"id\": \($0),\n      \"tags\": [\"a\", \"b\"]\n    }"
            },
            splits: true),
        // Arrays of objects inside the elements: their "},{" must not be taken for the outer one's.
        Case(
            name: "nested arrays of objects",
            text: orders(2000) { #"{"id":\#($0),"items":[{"sku":1},{"sku":2},{"sku":3}],"more":[[1],[2]]}"# },
            splits: true),
        // The text an element's string holds looks like the start of an element.
        Case(
            name: "element-like strings",
            text: orders(2000) { #"{"id":\#($0),"note":"},{\"id\":1,\"x\":[}]"}"# }, splits: true),
        // Objects of arrays inside the elements begin with the same key: a guess among them is
        // met at another depth and dropped.
        Case(
            name: "nested arrays with the same first key",
            text: orders(2000) { #"{"id":\#($0),"kids":[{"id":1},{"id":2},{"id":3},{"id":4}]}"# }, splits: nil),
        Case(
            name: "array ends before the middle",
            text: "{\"a\":[" + (0..<300).map(order).joined(separator: ",") + "],\"s\":\""
                + String(repeating: "},{\\\"id\\\":1}", count: 3000) + "\"}",
            splits: false),
        Case(
            name: "two large arrays",
            text: "{\"a\":[" + (0..<1000).map(order).joined(separator: ",") + "],\"b\":["
                + (0..<1000).map(order).joined(separator: ",") + "]}",
            splits: true),
        Case(name: "top-level array", text: "[" + (0..<3000).map(order).joined(separator: ",") + "]", splits: true),
        Case(
            name: "array of numbers", text: "[" + (0..<5000).map(String.init).joined(separator: ",") + "]",
            splits: false),
    ]

    @Test(arguments: cases)
    func sameValueAsOneThread(_ c: Case) throws {
        let bytes = Array(c.text.utf8)
        let one = try JSONParser.parse(bytes: bytes, maxDepth: 512, split: nil)
        let two = try JSONParser.parse(bytes: bytes, maxDepth: 512, split: Self.eager)
        #expect(!one.split)
        #expect(two.value == one.value)
        if SplitPolicy.hasSecondCore, let splits = c.splits { #expect(two.split == splits) }
        #expect(JSONPrinter.compact(two.value) == JSONPrinter.compact(one.value))
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var maxDepth = 512
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "missing comma late", text: orders(3000).replacingLast(#"},{"id":2990"#, with: #"} {"id":2990"#)),
        Broken(name: "bad literal late", text: orders(3000).replacingLast("true", with: "tru")),
        Broken(name: "unterminated", text: String(orders(3000).dropLast(40))),
        Broken(name: "trailing comma", text: orders(3000).replacingLast("}]", with: "},]")),
        Broken(name: "bad number late", text: orders(3000).replacingLast("1499.5", with: "1499.")),
        Broken(
            name: "too deep late",
            text: orders(3000).replacingLast(#""x":null"#, with: #""x":[[[[[[[[1]]]]]]]]"#), maxDepth: 8),
        Broken(name: "text after the document", text: orders(3000) + "x"),
        // The guess falls among the objects of an array inside the last element, which start with
        // the same key as the outer array's elements; counted from the outer array's depth, the
        // deep one there would pass.
        Broken(
            name: "too deep where the guess is, one array further in",
            text: "[" + (0..<200).map { #"{"id":\#($0)}"# }.joined(separator: ",") + #",{"xx":0,"kids":["#
                + Array(repeating: #"{"id":1}"#, count: 600).joined(separator: ",") + #",{"id":[[[[1]]]]}]}]"#,
            maxDepth: 7),
        // An error in the first half: the second thread's elements are dropped unread.
        Broken(name: "missing colon early", text: orders(3000).replacingLast(#"{"id":5,"#, with: #"{"id" 5,"#)),
    ]

    @Test(arguments: broken)
    func sameErrorAsOneThread(_ c: Broken) {
        let bytes = Array(c.text.utf8)
        var one: JSONParseError?
        var two: JSONParseError?
        do { _ = try JSONParser.parse(bytes: bytes, maxDepth: c.maxDepth, split: nil) } catch { one = error }
        do { _ = try JSONParser.parse(bytes: bytes, maxDepth: c.maxDepth, split: Self.eager) } catch { two = error }
        #expect(one != nil)
        #expect(two?.message == one?.message)
        #expect(two?.offset == one?.offset)
        #expect(two?.line == one?.line)
        #expect(two?.column == one?.column)
    }

    /// Seeded random documents (arrays of objects whose nested objects often begin with the same
    /// key, strings holding brackets, commas and escapes) and copies with one byte deleted or
    /// inserted: one thread and two give the same value or the same error.
    @Test func randomDocumentsAndBrokenCopiesParseAlike() {
        var rng = SplitMix(seed: 27)
        let policy = SplitPolicy(trigger: 64, minimumDocument: 0, minimumRest: 64)
        var splits = 0
        for n in 0..<40 {
            let text = Self.randomDocument(&rng)
            // Every third document with a depth limit its deepest elements pass.
            let maxDepth = n % 3 == 0 ? 7 : 512
            var copies = [Array(text.utf8)]
            for _ in 0..<6 {
                var bytes = copies[0]
                let at = Int(rng.next() % UInt64(bytes.count))
                if rng.next() % 2 == 0 {
                    bytes.remove(at: at)
                } else {
                    let noise = Array("{}[],:\"\\ 1x".utf8)
                    bytes.insert(noise[Int(rng.next() % UInt64(noise.count))], at: at)
                }
                copies.append(bytes)
            }
            for bytes in copies {
                let one = Result { () throws(JSONParseError) in
                    try JSONParser.parse(bytes: bytes, maxDepth: maxDepth, split: nil)
                }
                let two = Result { () throws(JSONParseError) in
                    try JSONParser.parse(bytes: bytes, maxDepth: maxDepth, split: policy)
                }
                switch (one, two) {
                case (.success(let a), .success(let b)):
                    #expect(a.value == b.value)
                    if b.split { splits += 1 }
                case (.failure(let a), .failure(let b)):
                    #expect(a.message == b.message)
                    #expect(a.offset == b.offset)
                default:
                    Issue.record("one thread: \(one), two: \(two)")
                }
            }
        }
        if SplitPolicy.hasSecondCore { #expect(splits > 10) }
    }

    static func randomDocument(_ rng: inout SplitMix) -> String {
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func scalar() -> String {
            switch pick(6) {
            case 0: return String(Int(rng.next() % 2000) - 1000)
            case 1: return String(Double(pick(100_000)) / 64)
            case 2: return ["true", "false", "null"][pick(3)]
            case 3: return #""},{\"id\":1,[]""#
            case 4: return #""a\u0062 \\ \"q\" \n""#
            default: return "\"s\(pick(50))\""
            }
        }
        func object(_ depth: Int) -> String {
            let keys = ["id", "k", "id", "v"]
            let count = 1 + pick(4)
            var members: [String] = []
            for m in 0..<count {
                let key = m == 0 ? keys[pick(2) * 2] : keys[pick(keys.count)] + String(m)
                let value: String
                if depth < 3 && pick(4) == 0 {
                    value = "[" + (0..<(1 + pick(3))).map { _ in object(depth + 1) }.joined(separator: ",") + "]"
                } else {
                    value = scalar()
                }
                members.append("\"\(key)\":\(value)")
            }
            return "{" + members.joined(separator: pick(2) == 0 ? "," : " ,\n ") + "}"
        }
        let items = (0..<(50 + pick(150))).map { _ in object(0) }.joined(separator: pick(2) == 0 ? "," : ",\n  ")
        return pick(2) == 0 ? "[" + items + "]" : "{\"a\":[" + items + "],\"z\":\(scalar())}"
    }

    /// What sfn reads its input with: the standard policy splits a document of over a megabyte.
    @Test(.enabled(if: SplitPolicy.hasSecondCore, "one core: nothing runs beside the parser"))
    func standardPolicySplitsALargeInput() throws {
        let bytes = Array(Self.orders(20_000).utf8)
        #expect(bytes.count > SplitPolicy.standard.minimumDocument)
        let two = try JSONParser.parse(bytes: bytes, maxDepth: 512, split: .standard)
        #expect(two.split)
        #expect(two.value == (try JSONParser.parse(bytes: bytes, maxDepth: 512, split: nil).value))
        #expect(two.value["orders"]?.arrayValue?.count == 20_000)
    }
}

extension String {
    /// The text with the last occurrence of `target` replaced (unchanged when there is none).
    fileprivate func replacingLast(_ target: String, with replacement: String) -> String {
        let text = Array(utf8)
        let t = Array(target.utf8)
        guard t.count <= text.count else { return self }
        for start in stride(from: text.count - t.count, through: 0, by: -1)
        where Array(text[start..<(start + t.count)]) == t {
            return String(
                decoding: text[..<start] + Array(replacement.utf8) + text[(start + t.count)...], as: UTF8.self)
        }
        return self
    }
}
