import Foundation
import Testing

@testable import SFNJSONata

/// The reference-suite cases of the picture groups that call one picture function with literal
/// arguments, run directly against `Pictures`.
@Suite struct PictureSuiteTests {
    static let groups = [
        "function-formatInteger", "function-parseInteger", "function-formatNumber",
        "function-fromMillis", "function-tomillis",
    ]

    @Test(
        .enabled(
            if: PictureSuite.groupsDirectory != nil,
            "skipped: no shared/jsonata-suite directory above the package"),
        arguments: groups)
    func suiteGroup(_ group: String) throws {
        let cases = PictureSuite.cases(in: group)
        #expect(!cases.isEmpty, "no cases loaded for \(group)")
        var ran = 0
        var passed = 0
        for c in cases {
            guard let outcome = PictureSuite.run(c.expr) else { continue }
            ran += 1
            let expected = PictureSuite.expected(c)
            if outcome == expected { passed += 1 }
            #expect(outcome == expected, "\(c.file): \(c.expr)")
        }
        print("PICTURES \(group): \(passed)/\(ran) picked cases pass (\(cases.count) cases in group)")
        #expect(ran > 0)
    }
}

/// Loads the JSONata reference-suite cases of the picture-function groups and runs those whose
/// expression is a call of one picture function with literal arguments (or one of a few simple
/// compositions), calling `Pictures` directly since no evaluator is involved.
enum PictureSuite {
    /// /…/shared/jsonata-suite/groups, found by walking up from this file; nil when absent.
    static let groupsDirectory: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("shared/jsonata-suite/groups")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    struct Case {
        var file: String
        var expr: String
        var result: Any?
        var undefinedResult: Bool
        var code: String?
    }

    static func cases(in group: String) -> [Case] {
        guard let groups = groupsDirectory else { return [] }
        let dir = groups.appendingPathComponent(group)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var out: [Case] = []
        for file in files {
            guard let data = try? Data(contentsOf: dir.appendingPathComponent(file)),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            let list = (json as? [[String: Any]]) ?? [(json as? [String: Any]) ?? [:]]
            for c in list {
                guard let expr = c["expr"] as? String else { continue }
                var code = c["code"] as? String
                if code == nil, let error = c["error"] as? [String: Any] { code = error["code"] as? String }
                out.append(
                    Case(
                        file: file, expr: expr, result: c["result"],
                        undefinedResult: (c["undefinedResult"] as? Bool) ?? false, code: code))
            }
        }
        return out
    }

    /// A fixed clock for pictures that leave out date parts: 2026-11-21T12:00:00Z.
    static let nowMillis = 1_795_262_400_000.0

    /// What running a case produced.
    enum Outcome: Equatable {
        case value(String)  // canonical text of a string, number or boolean
        case undefined
        case error(String)
    }

    /// nil when the expression is not one of the simple forms this runner understands.
    static func run(_ expr: String) -> Outcome? {
        var p = PictureCallParser(expr)
        guard let node = p.parseTop(), p.atEnd, !mentionsUndefined(node) else { return nil }
        do {
            guard let value = try evaluate(node) else { return .undefined }
            return .value(value.canonical)
        } catch {
            return .error(error.code)
        }
    }

    /// Calls with `undefined` or a path argument test the evaluator, not the picture code.
    private static func mentionsUndefined(_ node: PictureCallParser.Node) -> Bool {
        switch node {
        case .literal: return false
        case .variable: return true
        case .equals(let a, let b): return mentionsUndefined(a) || mentionsUndefined(b)
        case .call(_, let args): return args.contains(where: mentionsUndefined)
        }
    }

    static func expected(_ c: Case) -> Outcome {
        if let code = c.code { return .error(code) }
        if c.undefinedResult { return .undefined }
        return .value(PictureValue(any: c.result).canonical)
    }

    private static func evaluate(_ node: PictureCallParser.Node) throws(JSONataError) -> PictureValue? {
        switch node {
        case .literal(let v): return v
        case .variable: return nil
        case .equals(let a, let b):
            guard let x = try evaluate(a), let y = try evaluate(b) else { return .bool(false) }
            return .bool(x == y)
        case .call(let name, let args):
            var values: [PictureValue?] = []
            for a in args { values.append(try evaluate(a)) }
            return try call(name, values)
        }
    }

    private static func call(_ name: String, _ args: [PictureValue?]) throws(JSONataError) -> PictureValue? {
        func string(_ i: Int) -> String? {
            if i < args.count, case .string(let s)? = args[i] { return s }
            return nil
        }
        guard let first = args.first, let first else { return nil }
        switch (name, first) {
        case ("formatInteger", .number(let n)):
            return .string(try Pictures.formatInteger(n, picture: string(1) ?? ""))
        case ("parseInteger", .string(let s)):
            return try Pictures.parseInteger(s, picture: string(1) ?? "").map(PictureValue.number)
        case ("formatNumber", .number(let n)):
            var options: [String: String] = [:]
            if args.count > 2, case .object(let o)? = args[2] { options = o }
            return .string(try Pictures.formatNumber(n, picture: string(1) ?? "", options: options))
        case ("fromMillis", .number(let n)):
            return .string(try Pictures.formatDateTime(millis: n, picture: string(1), timezone: string(2)))
        case ("toMillis", .string(let s)):
            return try Pictures.parseDateTime(s, picture: string(1), nowMillis: nowMillis).map(PictureValue.number)
        default:
            return nil
        }
    }
}

extension Error {
    fileprivate var code: String { (self as? JSONataError)?.code ?? "\(self)" }
}

/// A literal value in a picture test expression or an expected result.
enum PictureValue: Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case object([String: String])

    init(any: Any?) {
        switch any {
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // Booleans arrive as Bool (Linux) or __NSCFBoolean (Darwin).
            if String(describing: type(of: n)).contains("Bool") {
                self = .bool(n.boolValue)
            } else {
                self = .number(n.doubleValue)
            }
        default: self = .string("<\(String(describing: any))>")
        }
    }

    var canonical: String {
        switch self {
        case .number(let d): return "n:\(d)"
        case .string(let s): return "s:\(s)"
        case .bool(let b): return "b:\(b)"
        case .object(let o): return "o:\(o.sorted { $0.key < $1.key })"
        }
    }
}

/// Parses the few expression shapes the picture cases use: `$f(literal, ...)`, numeric products,
/// `call ~> $fromMillis()`, `call = call` and `($ts := call; $f($ts, ...))`.
struct PictureCallParser {
    indirect enum Node {
        case literal(PictureValue)
        case variable(String)
        case call(String, [Node])
        case equals(Node, Node)
    }

    private let s: [Character]
    private var i = 0
    private var bindings: [String: Node] = [:]

    init(_ text: String) { s = Array(text) }

    var atEnd: Bool {
        var copy = self
        copy.skipSpace()
        return copy.i == copy.s.count
    }

    mutating func parseTop() -> Node? {
        skipSpace()
        if peek("(") {
            // ($name := call; call)
            i += 1
            skipSpace()
            guard eat("$"), let name = identifier() else { return nil }
            skipSpace()
            guard eat(":="), let bound = parseChain() else { return nil }
            bindings[name] = bound
            skipSpace()
            guard eat(";"), let body = parseChain() else { return nil }
            skipSpace()
            guard eat(")") else { return nil }
            return body
        }
        guard let left = parseChain() else { return nil }
        skipSpace()
        if eat("=") {
            guard let right = parseChain() else { return nil }
            return .equals(left, right)
        }
        return left
    }

    private mutating func parseChain() -> Node? {
        guard var node = parseCall() else { return nil }
        while true {
            skipSpace()
            guard eat("~>") else { return node }
            skipSpace()
            guard eat("$"), let name = identifier(), eat("("), eat(")") else { return nil }
            guard name == "fromMillis" else { return nil }
            node = .call(name, [node])
        }
    }

    private mutating func parseCall() -> Node? {
        skipSpace()
        guard eat("$"), let name = identifier() else { return nil }
        skipSpace()
        guard eat("(") else { return bindings[name] }
        var args: [Node] = []
        skipSpace()
        if eat(")") { return .call(name, args) }
        while true {
            guard let arg = parseArgument() else { return nil }
            args.append(arg)
            skipSpace()
            if eat(")") { return .call(name, args) }
            guard eat(",") else { return nil }
        }
    }

    private mutating func parseArgument() -> Node? {
        skipSpace()
        guard i < s.count else { return nil }
        let c = s[i]
        if c == "'" || c == "\"" { return string().map { .literal(.string($0)) } }
        if c == "{" { return object() }
        if c == "$" { return parseCall() }
        if c.isLetter {
            guard let name = identifier() else { return nil }
            return .variable(name)
        }
        guard var product = factor() else { return nil }
        while true {
            skipSpace()
            guard eat("*") else { return .literal(.number(product)) }
            guard let next = factor() else { return nil }
            product *= next
        }
    }

    private mutating func factor() -> Double? {
        skipSpace()
        if eat("(") {
            guard let v = factor() else { return nil }
            skipSpace()
            return eat(")") ? v : nil
        }
        let start = i
        if peek("-") { i += 1 }
        while i < s.count, s[i].isNumber || "eE+-.".contains(s[i]) {
            if (s[i] == "-" || s[i] == "+") && !(i > start && "eE".contains(s[i - 1])) { break }
            i += 1
        }
        return Double(String(s[start..<i]))
    }

    private mutating func string() -> String? {
        let quote = s[i]
        i += 1
        var out = ""
        while i < s.count, s[i] != quote {
            out.append(s[i])
            i += 1
        }
        guard i < s.count else { return nil }
        i += 1
        return out
    }

    private mutating func object() -> Node? {
        i += 1
        var result: [String: String] = [:]
        while true {
            skipSpace()
            if eat("}") { return .literal(.object(result)) }
            guard i < s.count, let key = string() else { return nil }
            skipSpace()
            guard eat(":") else { return nil }
            skipSpace()
            guard i < s.count, let value = string() else { return nil }
            result[key] = value
            skipSpace()
            _ = eat(",")
        }
    }

    private mutating func identifier() -> String? {
        let start = i
        while i < s.count, s[i].isLetter || s[i].isNumber || s[i] == "_" { i += 1 }
        return i > start ? String(s[start..<i]) : nil
    }

    private mutating func skipSpace() {
        while i < s.count, s[i].isWhitespace { i += 1 }
    }

    private func peek(_ text: String) -> Bool {
        let t = Array(text)
        return i + t.count <= s.count && Array(s[i..<(i + t.count)]) == t
    }

    private mutating func eat(_ text: String) -> Bool {
        guard peek(text) else { return false }
        i += text.count
        return true
    }
}
