import Foundation
import Testing

@testable import SFNJSON

/// `JSONParser.parseLazily` against the eager parser: the same values, the same printed text
/// (whether an object was read or not), the same errors.
@Suite struct LazyParseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let conformance = root.deletingLastPathComponent().appendingPathComponent("shared/conformance")

    /// Every JSON file under `dir`.
    static func jsonFiles(_ dir: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    /// Reads every object of a value, as a path evaluation does.
    static func touchAll(_ v: JSONValue) {
        switch v {
        case .array(let a): for e in a { touchAll(e) }
        case .object(let o): for (_, e) in o { touchAll(e) }
        default: break
        }
    }

    /// Reads the objects of a value down to `depth`, and the first member of each.
    static func touchSome(_ v: JSONValue, depth: Int) {
        guard depth > 0 else { return }
        switch v {
        case .array(let a): if let e = a.first { touchSome(e, depth: depth - 1) }
        case .object(let o): if let e = o.values.first { touchSome(e, depth: depth - 1) }
        default: break
        }
    }

    /// The lazy parse of `bytes` agrees with the eager one: value, compact and pretty text before
    /// and after its objects are read. Returns a description of the first difference.
    static func difference(_ bytes: [UInt8]) -> String? {
        let eager: JSONValue
        do { eager = try JSONParser.parse(bytes: bytes) } catch {
            do {
                _ = try JSONParser.parseLazily(bytes: bytes)
                return "lazy accepts what eager refuses: \(error)"
            } catch let lazyError {
                if "\(lazyError)" != "\(error)" || lazyError.offset != error.offset {
                    return "errors differ: \(lazyError) vs \(error)"
                }
                return nil
            }
        }
        let expected = JSONPrinter.compact(eager)
        let expectedPretty = JSONPrinter.pretty(eager)
        for touch in 0..<4 {
            let lazy: JSONValue
            do { lazy = try JSONParser.parseLazily(bytes: bytes) } catch { return "lazy refuses: \(error)" }
            switch touch {
            case 1: touchSome(lazy, depth: 2)
            case 2: touchAll(lazy)
            case 3: if lazy != eager { return "values differ" }
            default: break
            }
            let compact = JSONPrinter.compact(lazy)
            if compact != expected { return "compact text differs (touch \(touch)):\n\(compact)\n\(expected)" }
            var chunked: [UInt8] = []
            JSONPrinter.write(lazy, indent: nil) { chunked.append(contentsOf: $0) }
            if chunked != Array(expected.utf8) { return "chunked text differs (touch \(touch))" }
            if JSONPrinter.pretty(lazy) != expectedPretty { return "pretty text differs (touch \(touch))" }
        }
        return nil
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: conformance.path), "../shared/conformance is absent"))
    func everyConformanceCaseAndDefinitionPrintsAsBefore() throws {
        var files = Self.jsonFiles(Self.conformance)
        files += Self.jsonFiles(Self.root.appendingPathComponent("definitions"))
        #expect(files.count > 900)
        var documents = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            // The case file as a whole, and each of its inputs, outputs and definitions alone,
            // both as written and compact (other offsets, no whitespace).
            var texts = [bytes]
            if let whole = try? JSONParser.parse(bytes: bytes), case .object(let o) = whole {
                for (_, v) in o {
                    texts.append(Array(JSONPrinter.compact(v).utf8))
                    texts.append(Array(JSONPrinter.pretty(v).utf8))
                    if case .string(let s) = v, (try? JSONParser.parse(s)) != nil { texts.append(Array(s.utf8)) }
                }
            }
            for text in texts {
                documents += 1
                if let d = Self.difference(text) {
                    Issue.record("\(file.lastPathComponent): \(d)")
                    return
                }
            }
        }
        #expect(documents > 5000)
    }

    @Test func textThePrinterWritesDifferentlyIsPrintedFromTheValue() {
        let cases = [
            #"{"a":1.50,"b":-0,"c":1E5,"d":0.1000000000000000055511151231257827,"e":1e-7}"#,
            #"{"a":"\/\u00e9\u0041\n\"","b":"x\ud83d\ude00y"}"#,
            #"{"a":1,"a":2,"b":{"c":3,"c":[4]}}"#,
            "{\"caf\u{E9}\":1,\"cafe\u{301}\":2}",
            #"{"n":[0.0,-0.0,10.0,0.0001,0.00001,123456789012345.6,1234567890123456.7,9007199254740993.0]}"#,
            #"{"big":123456789012345678901234567890,"neg":-98765432109876543210,"min":-9223372036854775808}"#,
            " {\n  \"a\" : [ 1 , { \"b\" : \"x y\" } ] ,\t\"c\":{}\r\n}\n",
            "\u{FEFF}{\"bom\":true}",
            #"[{"a":{"b":{"c":[{"d":1},{"d":2.5e3}]}}},[],{},"s",1,null,true,false]"#,
            #"{"0.5":0.5,"x":0.30000000000000004,"y":5e-324,"z":1.7976931348623157e308}"#,
        ]
        for text in cases {
            #expect(Self.difference(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// `--max-payload` bounds a lazily read input by its text, so checking it parses nothing; the
    /// bound is never below the exact size, whether the text prints as it stands or not.
    @Test(arguments: [
        #"{"a":{"b":[1,2,{"c":"x"}]},"d":"e"}"#, " { \"a\" : { \"b\" : [ 1 , 2 ] } } ",
        #"{"a":{"n":1E21,"m":1.50,"s":"\u00e9\/"},"b":{"k":1e300}}"#,
    ])
    func sizeBoundsOfLazyObjectsAreNeverBelowTheExactSize(text: String) throws {
        let lazy = try JSONParser.parseLazily(bytes: Array(text.utf8))
        let bound = JSONSize.upperBound(lazy, cap: Int.max)
        let eager = try JSONParser.parse(text)
        #expect(bound >= JSONSize.exact(eager, cap: Int.max))
        #expect(JSONSize.exact(lazy, cap: Int.max) == JSONSize.exact(eager, cap: Int.max))
    }

    @Test func largeInputsUseTheEndTableAndCopyTheirText() throws {
        var text = #"{"data":{"records":["#
        for k in 0..<2000 {
            if k > 0 { text += "," }
            text += #"{"id":\#(k),"name":"r-\#(k)","score":0.\#(k * 7919 % 10007)1,"tags":["a"],"n":{"f":true}}"#
        }
        text += #"]},"meta":{"count":2000}}"#
        #expect(Self.difference(Array(text.utf8)) == nil)
        let lazy = try JSONParser.parseLazily(bytes: Array(text.utf8))
        let records = try #require(lazy["data"]?["records"]?.arrayValue)
        #expect(records.count == 2000)
        #expect(records[1999]["name"] == .string("r-1999"))
        // Sharing one lazy object between threads: each sees all its members.
        let record = records[7]
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            #expect(record["n"]?["f"] == .bool(true))
        }
    }

    @Test func errorsAreTheEagerParsersWithLineAndColumn() {
        let base = Array(#"{"a": [1, 2.5, "x\u00e9", {"b": null}], "c": true}"#.utf8)
        // Every prefix, and every single-byte change to a few bytes that break it.
        var texts: [[UInt8]] = (0..<base.count).map { Array(base[0..<$0]) }
        for k in 0..<base.count {
            for b: UInt8 in [0x22, 0x5C, 0x7D, 0x5D, 0x2C, 0x00, 0xFF, 0x41] {
                var t = base
                t[k] = b
                texts.append(t)
            }
        }
        texts.append(Array("\n\n  {\"a\": 01}".utf8))
        texts.append(Array("[1e400]".utf8))
        texts.append([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D])  // a surrogate in UTF-8
        texts.append([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D])  // an overlong form
        texts.append(Array((String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).utf8))
        texts.append(Array((String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)).utf8))
        for text in texts {
            #expect(Self.difference(text) == nil, "\(String(decoding: text, as: UTF8.self))")
        }
        let deep = Array((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8)
        #expect((try? JSONParser.parseLazily(bytes: deep)) != nil)
    }

    @Test func decimalsThatPrintAsWrittenAreExactlyThoseSwiftPrintsSo() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa = String(UInt64.random(in: 0..<UInt64(1e17), using: &generator))
            mantissa = String(mantissa.prefix(digits))
            let point = Int.random(in: 0...mantissa.count, using: &generator)
            var text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if text.hasSuffix(".") { text += "0" }
            if Bool.random(using: &generator) { text = "-" + text }
            let bytes = Array(text.utf8)
            guard let value = try? JSONParser.parse(bytes: bytes), case .double(let d) = value else { continue }
            let printed = JSONPrinter.formatDouble(d) == text
            let quick = bytes.withUnsafeBufferPointer { b -> Bool in
                let negative = b[0] == UInt8(ascii: "-")
                let intStart = negative ? 1 : 0
                let dot = b.firstIndex(of: UInt8(ascii: "."))!
                if b[intStart] == UInt8(ascii: "0") && dot - intStart > 1 { return false }
                return Scan.printsAsWritten(b, intStart, dot, dot + 1, b.count)
            }
            // The quick test may say no to text that prints as written, never yes to text that does not.
            if quick { #expect(printed, "\(text)") }
        }
    }
}
