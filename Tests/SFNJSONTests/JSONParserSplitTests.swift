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
