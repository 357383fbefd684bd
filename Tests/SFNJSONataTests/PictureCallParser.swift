import Foundation

/// A literal value in a picture test expression or an expected result.
enum Value: Equatable {
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
struct CallParser {
    indirect enum Node {
        case literal(Value)
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
