/// A light structural check of a JSONata expression, used until (or unless) the full JSONata
/// engine is linked in: balanced brackets, operators with operands on both sides, terminated
/// strings and comments. It also lists the `$name` reads that nothing in the expression binds.
struct JSONataSyntax {
    struct Info {
        /// `$name` reads not bound by `:=` or a lambda parameter, function calls excluded.
        var freeVariables: Set<String> = []
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

    private mutating func run() -> Result<Info, PathProblem> {
        var stack: [UInt8] = []
        var expectOperand = true
        var justOpened = true
        var reads: [String] = []
        var bound: Set<String> = []
        var lastVariable: String? = nil
        var inParams = false
        var lastWasFunctionWord = false

        while true {
            skipTrivia()
            if i > b.count { return .failure(PathProblem("has an unterminated comment")) }
            guard i < b.count else { break }
            let c = b[i]
            // Operands.
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") {
                guard expectOperand else { return .failure(PathProblem("has a literal where an operator was expected")) }
                guard skipQuoted(c) else { return .failure(PathProblem("has an unterminated string")) }
                expectOperand = false; justOpened = false; lastVariable = nil; lastWasFunctionWord = false
                continue
            }
            if c == UInt8(ascii: "/"), expectOperand {
                guard skipQuoted(c) else { return .failure(PathProblem("has an unterminated regular expression")) }
                while i < b.count, b[i] == UInt8(ascii: "i") || b[i] == UInt8(ascii: "m") { i += 1 }
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c >= 0x30 && c <= 0x39 {
                guard expectOperand else { return .failure(PathProblem("has a number where an operator was expected")) }
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
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: "$") {
                guard expectOperand else { return .failure(PathProblem("has a variable where an operator was expected")) }
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "$") { i += 1 }
                let start = i
                while i < b.count, PathSyntax.isIdentifierPart(b[i]) { i += 1 }
                let name = String(decoding: b[start..<i], as: UTF8.self)
                if inParams { bound.insert(name) } else if !name.isEmpty { reads.append(name); lastVariable = name }
                expectOperand = false; justOpened = false
                continue
            }
            if PathSyntax.isIdentifierStart(c) {
                let start = i
                while i < b.count, PathSyntax.isIdentifierPart(b[i]) { i += 1 }
                let word = String(decoding: b[start..<i], as: UTF8.self)
                if !expectOperand, word == "and" || word == "or" || word == "in" {
                    expectOperand = true; justOpened = false; lastVariable = nil
                    continue
                }
                guard expectOperand else { return .failure(PathProblem("has '\(word)' where an operator was expected")) }
                lastWasFunctionWord = word == "function"
                expectOperand = false; justOpened = false; lastVariable = nil
                continue
            }
            // Brackets.
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                if c == UInt8(ascii: "("), let v = lastVariable, reads.last == v { reads.removeLast() }  // a call, not a read
                if c == UInt8(ascii: "("), lastWasFunctionWord { inParams = true }
                lastWasFunctionWord = false
                stack.append(c)
                i += 1
                expectOperand = true; justOpened = true; lastVariable = nil
                continue
            }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                let open: UInt8 = c == UInt8(ascii: ")") ? UInt8(ascii: "(") : c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                guard stack.last == open else { return .failure(PathProblem("has an unbalanced '\(Character(Unicode.Scalar(c)))'")) }
                if expectOperand, !justOpened, !(i > 0 && lastNonSpace(before: i) == UInt8(ascii: ";")) {
                    return .failure(PathProblem("is missing an operand before '\(Character(Unicode.Scalar(c)))'"))
                }
                stack.removeLast()
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
            // Operators.
            let op = readOperator()
            if op.isEmpty { return .failure(PathProblem("has an unexpected character")) }
            lastWasFunctionWord = false
            if op == ":=", let v = lastVariable { bound.insert(v); if reads.last == v { reads.removeLast() } }
            lastVariable = nil
            if expectOperand {
                switch op {
                case "-": continue                       // unary minus
                case "*", "**", "%": expectOperand = false; justOpened = false; continue  // wildcards, parent
                case "?": return .failure(PathProblem("has '?' with nothing before it"))
                default: return .failure(PathProblem("has the operator '\(op)' with no operand before it"))
                }
            }
            if op == "**" { return .failure(PathProblem("has '**' where an operator was expected")) }
            guard Self.binaryOperators.contains(op) else { return .failure(PathProblem("has an unexpected '\(op)'")) }
            expectOperand = true; justOpened = false
        }
        if !stack.isEmpty { return .failure(PathProblem("is missing a closing '\(stack.last == UInt8(ascii: "(") ? ")" : stack.last == UInt8(ascii: "[") ? "]" : "}")'")) }
        if expectOperand {
            return .failure(PathProblem(justOpened ? "is empty" : "ends where an operand was expected"))
        }
        return .success(Info(freeVariables: Set(reads).subtracting(bound)))
    }

    private func lastNonSpace(before k: Int) -> UInt8? {
        var j = k - 1
        while j >= 0, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x09 || b[j] == 0x0D { j -= 1 }
        return j >= 0 ? b[j] : nil
    }

    private mutating func readOperator() -> String {
        let twos = ["!=", "<=", ">=", ":=", "~>", "..", "**", "?:", "??"]
        if i + 1 < b.count {
            let pair = String(decoding: b[i...(i + 1)], as: UTF8.self)
            if twos.contains(pair) { i += 2; return pair }
        }
        let singles = "+-*/%&=<>.?:,;@#^!~"
        let c = Character(Unicode.Scalar(b[i]))
        if b[i] < 0x80, singles.contains(c) { i += 1; return String(c) }
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
