import SFNJSON

/// Pratt parser producing the raw parse tree (jsonata-js `parser.js` shape).
struct Parser {
    /// Left binding powers of the symbols that can appear in infix position.
    static let lbp: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20,
        "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "=": 40, "<": 40, ">": 40, "^": 40,
        "!=": 40, "<=": 40, ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50, ":=": 10,
    ]
    /// Symbols known to the parser; any other operator token is S0204.
    static let known: Set<String> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%",
        "|", "=", "<", ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "and", "or", "in", "&",
    ]
    static let maxDepth = 400

    var lexer: Lexer
    /// Current token; id is the symbol ("(name)", "(literal)", "(regex)", "(end)" or the operator).
    var id = ""
    var tok = Token(kind: .op, value: "", position: 0)
    var depth = 0
    let length: Int

    init(_ text: String) {
        lexer = Lexer(text)
        length = lexer.src.count
    }

    static func parse(_ text: String) throws(JSONataError) -> Node {
        var p = Parser(text)
        try p.advance()
        let ast = try p.expression(0)
        if p.id != "(end)" {
            throw .make("S0201", position: p.tok.position, token: p.tok.value)
        }
        return ast
    }

    var lbp: Int { id.hasPrefix("(") && id.count > 1 ? 0 : Parser.lbp[id] ?? 0 }

    mutating func advance(_ expected: String? = nil, infix: Bool = false) throws(JSONataError) {
        if let expected, id != expected {
            let code = id == "(end)" ? "S0203" : "S0202"
            throw .make(code, position: tok.position, token: tok.value, value: .string(expected))
        }
        guard let t = try lexer.next(prefix: !infix) else {
            id = "(end)"
            tok = Token(kind: .op, value: "(end)", position: length)
            return
        }
        tok = t
        switch t.kind {
        case .name, .variable: id = "(name)"
        case .op:
            guard Parser.known.contains(t.value) else { throw .make("S0204", position: t.position, token: t.value) }
            id = t.value
        case .string, .number, .value: id = "(literal)"
        case .regex: id = "(regex)"
        }
    }

    func makeNode() -> Node {
        let kind: Node.Kind
        switch tok.kind {
        case .name: kind = .name
        case .variable: kind = .variable
        case .op: kind = id == "(end)" ? .end : .op
        case .string: kind = .string
        case .number: kind = .number
        case .value: kind = .value
        case .regex: kind = .regex
        }
        let n = Node(kind, tok.value, position: tok.position)
        n.literal = tok.literal
        n.regex = tok.regex
        return n
    }

    mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw .make("U1001", position: tok.position) }
        var t = makeNode()
        let tid = id
        try advance(nil, infix: true)
        var left = try nud(t, tid)
        while rbp < lbp {
            t = makeNode()
            let lid = id
            try advance()
            left = try led(t, lid, left)
        }
        return left
    }

    mutating func nud(_ t: Node, _ tid: String) throws(JSONataError) -> Node {
        switch tid {
        case "(name)", "(literal)", "(regex)", "(end)", "and", "or", "in":
            return t
        case "-":
            t.kind = .unary
            t.expression = try expression(70)
            return t
        case "*": t.kind = .wildcard; return t
        case "**": t.kind = .descendant; return t
        case "%": t.kind = .parent; return t
        case "(":
            var exprs: [Node] = []
            while id != ")" {
                exprs.append(try expression(0))
                if id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            t.kind = .block
            t.expressions = exprs
            return t
        case "[":
            var items: [Node] = []
            if id != "]" {
                while true {
                    var item = try expression(0)
                    if id == ".." {
                        let range = Node(.binary, "..", position: tok.position)
                        range.lhs = item
                        try advance("..")
                        range.rhs = try expression(0)
                        item = range
                    }
                    items.append(item)
                    if id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            t.kind = .unary
            t.expressions = items
            return t
        case "{":
            t.pairs = try objectPairs()
            t.kind = .unary
            return t
        case "|":
            t.kind = .transform
            t.pattern = try expression(0)
            try advance("|")
            t.update = try expression(0)
            if id == "," {
                try advance(",")
                t.delete = try expression(0)
            }
            try advance("|")
            return t
        default:
            throw .make("S0211", position: t.position, token: t.value)
        }
    }

    mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if id != "}" {
            while true {
                let n = try expression(0)
                try advance(":")
                let v = try expression(0)
                pairs.append((n, v))
                if id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    mutating func led(_ t: Node, _ tid: String, _ left: Node) throws(JSONataError) -> Node {
        switch tid {
        case "(":
            return try call(t, left)
        case "[":
            if id == "]" {
                var step: Node? = left
                while let s = step, s.kind == .binary, s.value == "[" { step = s.lhs }
                step?.keepArray = true
                try advance("]")
                return left
            }
            t.lhs = left
            t.rhs = try expression(0)
            t.kind = .binary
            try advance("]", infix: true)
            return t
        case "^":
            try advance("(")
            var terms: [Node.SortTerm] = []
            while true {
                var descending = false
                if id == "<" { try advance("<") } else if id == ">" { descending = true; try advance(">") }
                terms.append(Node.SortTerm(descending: descending, expression: try expression(0)))
                if id != "," { break }
                try advance(",")
            }
            try advance(")")
            t.lhs = left
            t.terms = terms
            t.kind = .binary
            return t
        case "{":
            t.lhs = left
            t.pairs = try objectPairs()
            t.kind = .binary
            return t
        case ":=":
            if left.kind != .variable { throw .make("S0212", position: left.position, token: left.value) }
            t.lhs = left
            t.rhs = try expression(Parser.lbp[":="]! - 1)
            t.kind = .binary
            return t
        case "@", "#":
            t.lhs = left
            t.rhs = try expression(80)
            if t.rhs?.kind != .variable { throw .make("S0214", position: t.rhs?.position, token: tid) }
            t.kind = .binary
            return t
        case "?":
            t.kind = .condition
            t.condition = left
            t.then = try expression(0)
            if id == ":" {
                try advance(":")
                t.otherwise = try expression(0)
            }
            return t
        default:
            t.lhs = left
            t.rhs = try expression(Parser.lbp[tid] ?? 0)
            t.kind = .binary
            return t
        }
    }

    mutating func call(_ t: Node, _ left: Node) throws(JSONataError) -> Node {
        t.procedure = left
        t.kind = .function
        if id != ")" {
            while true {
                if tok.kind == .op && id == "?" {
                    t.kind = .partial
                    t.arguments.append(makeNode())
                    try advance("?")
                } else {
                    t.arguments.append(try expression(0))
                }
                if id != "," { break }
                try advance(",")
            }
        }
        try advance(")", infix: true)
        if left.kind == .name && (left.value == "function" || left.value == "\u{03BB}") {
            for (i, arg) in t.arguments.enumerated() where arg.kind != .variable {
                throw .make("S0208", position: arg.position, token: arg.value, value: .number(Double(i + 1)))
            }
            t.kind = .lambda
            if id == "<" {
                let sigPos = tok.position
                var d = 1
                var sig = "<"
                while d > 0 && id != "{" && id != "(end)" {
                    try advance()
                    if id == ">" { d -= 1 } else if id == "<" { d += 1 }
                    sig += tok.value
                }
                try advance(">")
                do {
                    t.signature = try Signature(sig)
                } catch {
                    var e = error
                    e.position = sigPos + (e.position ?? 0)
                    throw e
                }
            }
            try advance("{")
            t.body = try expression(0)
            try advance("}")
        }
        return t
    }
}
