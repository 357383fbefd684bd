/// A structural check of a JSONata expression, used until (or unless) the full JSONata engine is
/// linked in: balanced brackets, operators with operands on both sides, terminated strings,
/// comments and regular expressions. Messages follow jsonata-js's wording for the same mistakes.
///
/// It also finds what AWS refuses in an expression that parses: a path that starts from a bare
/// name at the top level (there is no input document in Step Functions' JSONata; data comes from
/// `$states` and variables), and lists the `$name` reads nothing in the expression binds.
struct JSONataSyntax {
    struct Info {
        /// `$name` reads not bound by `:=` or a lambda parameter, function calls excluded.
        var freeVariables: Set<String> = []
        /// Names that start a path with no context (`phone` in `{% phone %}`), each once.
        var topLevelReferences: [String] = []
        /// `$$`, the root of an input document Step Functions does not give JSONata.
        var readsRoot = false
    }

    private let b: [UInt8]
    private var i = 0

    private init(_ text: String) { b = Array(text.utf8) }

    static func check(_ text: String) -> Result<Info, PathProblem> {
        var s = JSONataSyntax(text)
        return s.run()
    }

    private static let binaryOperators: Set<String> = [
        "+", "-", "*", "/", "%", "&", "=", "!=", "<", "<=", ">", ">=", ".", "..", "~>", "?", ":", "?:", "??",
        ":=", ",", ";", "@", "#", "^", "and", "or", "in",
    ]
    private static let keywords: Set<String> = ["true", "false", "null", "function", "and", "or", "in"]

    private struct Open { let bracket: UInt8; let relative: Bool }

    private mutating func run() -> Result<Info, PathProblem> {
        var stack: [Open] = []
        var expectOperand = true
        var justOpened = true
        var afterDot = false
        var info = Info()
        var reads: [String] = []
        var bound: Set<String> = []
        var lastVariable: String? = nil
        var inParams = false
        var lastWasFunctionWord = false
        var relativeDepth = 0

        func syntax(_ token: String) -> PathProblem { PathProblem("Syntax error: \"\(token)\"") }

        while true {
            skipTrivia()
            if i > b.count { return .failure(PathProblem("Comment has no closing tag")) }
            guard i < b.count else { break }
            let c = b[i]
            let dotBefore = afterDot
            afterDot = false
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") {
                let start = i
                guard skipQuoted(c) else {
                    return .failure(PathProblem(c == UInt8(ascii: "`") ? "Quoted property name must be terminated with a backquote (`)" : "String literal must be terminated by a matching quote"))
                }
                guard expectOperand else { return .failure(syntax(text(start, i))) }
                if c == UInt8(ascii: "`"), !dotBefore, relativeDepth == 0 {
                    info.topLevelReferences.append(text(start + 1, i - 1))
                }
                expectOperand = false; justOpened = false; lastVariable = nil; lastWasFunctionWord = false
                continue
            }
            if c == UInt8(ascii: "/"), expectOperand {
                guard skipQuoted(c) else { return .failure(PathProblem("No terminating / in regular expression")) }
                while i < b.count, b[i] == UInt8(ascii: "i") || b[i] == UInt8(ascii: "m") { i += 1 }
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c >= 0x30 && c <= 0x39 {
                let start = i
                skipNumber()
                guard expectOperand else { return .failure(syntax(text(start, i))) }
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: "$") {
                let start = i
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "$") { i += 1 }
                let nameStart = i
                while i < b.count, PathSyntax.isIdentifierPart(b[i]) { i += 1 }
                guard expectOperand else { return .failure(syntax(text(start, i))) }
                let name = text(nameStart, i)
                if text(start, nameStart) == "$$", !dotBefore { info.readsRoot = true }
                if inParams { bound.insert(name) } else if !name.isEmpty { reads.append(name); lastVariable = name }
                expectOperand = false; justOpened = false
                continue
            }
            if PathSyntax.isIdentifierStart(c) {
                let start = i
                while i < b.count, PathSyntax.isIdentifierPart(b[i]) { i += 1 }
                let word = text(start, i)
                if !expectOperand, word == "and" || word == "or" || word == "in" {
                    expectOperand = true; justOpened = false; lastVariable = nil
                    continue
                }
                guard expectOperand else { return .failure(syntax(word)) }
                if !dotBefore, relativeDepth == 0, !Self.keywords.contains(word) {
                    info.topLevelReferences.append(word)
                }
                lastWasFunctionWord = word == "function"
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                if c == UInt8(ascii: "("), let v = lastVariable, reads.last == v { reads.removeLast() }  // a call, not a read
                if c == UInt8(ascii: "("), lastWasFunctionWord { inParams = true }
                // A filter, a group-by, a lambda body or a step after "." reads relative to a context.
                let relative = dotBefore || (!expectOperand && c != UInt8(ascii: "("))
                if relative { relativeDepth += 1 }
                lastWasFunctionWord = false
                stack.append(Open(bracket: c, relative: relative))
                i += 1
                expectOperand = true; justOpened = true; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                let token = String(Character(Unicode.Scalar(c)))
                guard let open = stack.last else { return .failure(syntax(token)) }
                let expected = Self.closer(open.bracket)
                guard expected == c else {
                    return .failure(PathProblem("Expected \"\(Character(Unicode.Scalar(expected)))\", got \"\(token)\""))
                }
                if expectOperand, !justOpened, lastNonSpace(before: i) != UInt8(ascii: ";") {
                    return .failure(PathProblem("The symbol \"\(token)\" cannot be used as a unary operator"))
                }
                stack.removeLast()
                if open.relative { relativeDepth -= 1 }
                inParams = false
                i += 1
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: "|") {
                i += 1
                justOpened = expectOperand
                continue
            }
            let op = readOperator()
            if op.isEmpty { return .failure(PathProblem("Unknown operator: \"\(Character(Unicode.Scalar(c)))\"")) }
            lastWasFunctionWord = false
            if op == ":=", let v = lastVariable { bound.insert(v); if reads.last == v { reads.removeLast() } }
            lastVariable = nil
            if expectOperand {
                switch op {
                case "-": continue
                case "*", "**", "%": expectOperand = false; justOpened = false; continue  // wildcards, parent
                default: return .failure(PathProblem("The symbol \"\(op)\" cannot be used as a unary operator"))
                }
            }
            guard Self.binaryOperators.contains(op) else { return .failure(syntax(op)) }
            afterDot = op == "."
            expectOperand = true; justOpened = false
        }
        if let open = stack.last {
            return .failure(PathProblem("Expected \"\(Character(Unicode.Scalar(Self.closer(open.bracket))))\" before end of expression"))
        }
        if expectOperand { return .failure(PathProblem("Unexpected end of expression")) }
        info.freeVariables = Set(reads).subtracting(bound)
        var seen: Set<String> = []
        info.topLevelReferences = info.topLevelReferences.filter { seen.insert($0).inserted }
        return .success(info)
    }

    private static func closer(_ open: UInt8) -> UInt8 {
        open == UInt8(ascii: "(") ? UInt8(ascii: ")") : open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: b[max(0, from)..<min(max(from, to), b.count)], as: UTF8.self)
    }

    private mutating func skipNumber() {
        while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        if i + 1 < b.count, b[i] == UInt8(ascii: "."), b[i + 1] >= 0x30 && b[i + 1] <= 0x39 {
            i += 1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
    }

    private func lastNonSpace(before k: Int) -> UInt8? {
        var j = k - 1
        while j >= 0, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x09 || b[j] == 0x0D { j -= 1 }
        return j >= 0 ? b[j] : nil
    }

    private mutating func readOperator() -> String {
        if i + 1 < b.count {
            let pair = text(i, i + 2)
            if ["!=", "<=", ">=", ":=", "~>", "..", "**", "?:", "??"].contains(pair) { i += 2; return pair }
        }
        let c = b[i]
        if c < 0x80, "+-*/%&=<>.?:,;@#^!~".utf8.contains(c) { i += 1; return String(Character(Unicode.Scalar(c))) }
        return ""
    }

    /// Skips a quoted run starting at b[i]; false when it never closes.
    private mutating func skipQuoted(_ q: UInt8) -> Bool {
        i += 1
        while i < b.count {
            if b[i] == UInt8(ascii: "\\") { i += 2; continue }
            if b[i] == q { i += 1; return true }
            i += 1
        }
        return false
    }

    /// Skips whitespace and comments; leaves i past the end for an unterminated comment.
    private mutating func skipTrivia() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                if i + 1 >= b.count { i = b.count + 1; return }
                i += 2
                continue
            }
            return
        }
    }
}
