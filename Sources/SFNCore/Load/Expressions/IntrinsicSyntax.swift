/// Checks an intrinsic function call (`States.Format('{}', $.x)`) without running it: the call
/// parses, names a known function with a fitting number of arguments, nests at most 10 deep, and
/// every path argument is a JSONPath.
struct IntrinsicSyntax {
    static let maxNesting = 10

    /// Variables the call reads (`$name` arguments), for the unassigned-variable check.
    private(set) var variables: [String] = []
    private let b: [UInt8]
    private var i = 0

    /// True when `text` looks like an attempt at a call (so a failure is reported as such).
    static func looksLikeCall(_ text: String) -> Bool {
        text.hasPrefix("States.") && text.contains("(")
    }

    /// Returns the variables read, or the reason the call is malformed.
    static func check(_ text: String) -> Result<[String], PathProblem> {
        var p = IntrinsicSyntax(b: Array(text.utf8))
        do throws(PathProblem) {
            try p.call(depth: 1)
            p.skipSpaces()
            if p.i != p.b.count { throw PathProblem("has text after the closing ')'") }
            return .success(p.variables)
        } catch {
            return .failure(error)
        }
    }

    private init(b: [UInt8]) { self.b = b }

    private mutating func call(depth: Int) throws(PathProblem) {
        guard depth <= Self.maxNesting else { throw PathProblem("nests intrinsic functions more than \(Self.maxNesting) deep") }
        let start = i
        while i < b.count, b[i] != UInt8(ascii: "(") { i += 1 }
        let name = String(decoding: b[start..<i], as: UTF8.self)
        guard i < b.count else { throw PathProblem("is missing '('") }
        guard let signature = IntrinsicSignatures.all[name] else {
            throw PathProblem("calls the unknown intrinsic function '\(name)'")
        }
        i += 1
        var count = 0
        skipSpaces()
        if peek == UInt8(ascii: ")") {
            i += 1
        } else {
            while true {
                skipSpaces()
                let isLiteral = try argument(depth: depth)
                if isLiteral, signature.numericArguments.contains(count) {
                    throw PathProblem("passes a non-numeric literal as argument \(count + 1) of \(name)")
                }
                count += 1
                skipSpaces()
                guard let c = peek else { throw PathProblem("is missing ')'") }
                i += 1
                if c == UInt8(ascii: ")") { break }
                if c != UInt8(ascii: ",") { throw PathProblem("expects ',' or ')' between arguments") }
            }
        }
        if count < signature.minArguments || (signature.maxArguments.map { count > $0 } ?? false) {
            let expected = signature.maxArguments == signature.minArguments
                ? "\(signature.minArguments)"
                : signature.maxArguments.map { "\(signature.minArguments) to \($0)" } ?? "at least \(signature.minArguments)"
            throw PathProblem("calls \(name) with \(count) arguments; it takes \(expected)")
        }
    }

    /// Reads one argument; returns true when it is a string, boolean or null literal.
    private mutating func argument(depth: Int) throws(PathProblem) -> Bool {
        guard let c = peek else { throw PathProblem("is missing an argument") }
        switch c {
        case UInt8(ascii: "'"):
            i += 1
            while i < b.count, b[i] != UInt8(ascii: "'") {
                if b[i] == UInt8(ascii: "\\") { i += 1 }
                i += 1
            }
            guard i < b.count else { throw PathProblem("has an unterminated string literal") }
            i += 1
            return true
        case UInt8(ascii: "$"):
            let start = i
            var bracketDepth = 0
            var quote: UInt8? = nil
            while i < b.count {
                let d = b[i]
                if let q = quote { if d == q { quote = nil } }
                else if d == UInt8(ascii: "'") || d == UInt8(ascii: "\""), bracketDepth > 0 { quote = d }
                else if d == UInt8(ascii: "[") { bracketDepth += 1 }
                else if d == UInt8(ascii: "]") { bracketDepth -= 1 }
                else if bracketDepth == 0, d == UInt8(ascii: ",") || d == UInt8(ascii: ")") || d == UInt8(ascii: " ") { break }
                i += 1
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            switch PathSyntax.parse(text) {
            case .success(let p):
                if case .variable(let v) = p.root { variables.append(v) }
            case .failure(let e):
                throw PathProblem("has an invalid path argument '\(text)': it \(e.reason)")
            }
            return false
        case UInt8(ascii: "S"):
            try call(depth: depth + 1)
            return false
        default:
            let start = i
            while i < b.count, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: ")"), b[i] != UInt8(ascii: " ") { i += 1 }
            let word = String(decoding: b[start..<i], as: UTF8.self)
            if word == "true" || word == "false" || word == "null" { return true }
            if Self.isNumber(word) { return false }
            throw PathProblem("has an invalid argument '\(word)'")
        }
    }

    static func isNumber(_ s: String) -> Bool {
        var u = Substring(s)
        if u.hasPrefix("-") { u = u.dropFirst() }
        guard let f = u.first, f.isASCII, f.isNumber else { return false }
        var seenDot = false, seenExp = false
        var prev: Character = f
        for c in u.dropFirst() {
            if c.isASCII, c.isNumber { prev = c; continue }
            if c == ".", !seenDot, !seenExp { seenDot = true; prev = c; continue }
            if c == "e" || c == "E", !seenExp { seenExp = true; prev = c; continue }
            if (c == "+" || c == "-"), prev == "e" || prev == "E" { prev = c; continue }
            return false
        }
        return prev.isNumber
    }

    private var peek: UInt8? { i < b.count ? b[i] : nil }

    private mutating func skipSpaces() {
        while i < b.count, b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t") || b[i] == UInt8(ascii: "\n") { i += 1 }
    }
}
