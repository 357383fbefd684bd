import SFNJSON

/// Parses the inside of `[?( ... )]`.
enum FilterParser {
    static func parseOr(_ s: inout PathScanner, depth: Int) throws(JSONPathSyntaxError) -> FilterExpression {
        var left = try parseAnd(&s, depth: depth)
        var terms = 1
        while true {
            s.skipSpaces()
            guard s.consume("||") else { return left }
            terms += 1
            if terms > JSONPathParser.maxFilterTerms { throw s.error("Filter has too many terms") }
            left = .or(left, try parseAnd(&s, depth: depth))
        }
    }

    static func parseAnd(_ s: inout PathScanner, depth: Int) throws(JSONPathSyntaxError) -> FilterExpression {
        var left = try parseUnary(&s, depth: depth)
        var terms = 1
        while true {
            s.skipSpaces()
            guard s.consume("&&") else { return left }
            terms += 1
            if terms > JSONPathParser.maxFilterTerms { throw s.error("Filter has too many terms") }
            left = .and(left, try parseUnary(&s, depth: depth))
        }
    }

    static func parseUnary(_ s: inout PathScanner, depth: Int) throws(JSONPathSyntaxError) -> FilterExpression {
        s.skipSpaces()
        guard depth < JSONPathParser.maxFilterDepth else { throw s.error("Filter nests too deeply") }
        if s.current == "!" && s.peek(1) != "=" {
            s.pos += 1
            return .not(try parseUnary(&s, depth: depth + 1))
        }
        if s.current == "(" {
            s.pos += 1
            let inner = try parseOr(&s, depth: depth + 1)
            s.skipSpaces()
            guard s.current == ")" else { throw s.error("Expected ')'") }
            s.pos += 1
            return inner
        }
        let left = try parseOperand(&s, depth: depth)
        s.skipSpaces()
        let op: FilterOperator?
        if s.consume("==") {
            op = .equal
        } else if s.consume("!=") {
            op = .notEqual
        } else if s.consume("<=") {
            op = .lessOrEqual
        } else if s.consume(">=") {
            op = .greaterOrEqual
        } else if s.consume("<") {
            op = .less
        } else if s.consume(">") {
            op = .greater
        } else {
            op = nil
        }
        guard let op else {
            if case .literal = left { throw s.error("A filter needs a comparison or a path") }
            return .exists(left)
        }
        let right = try parseOperand(&s, depth: depth)
        return .compare(left, op, right)
    }

    static func parseOperand(_ s: inout PathScanner, depth: Int) throws(JSONPathSyntaxError) -> FilterOperand {
        s.skipSpaces()
        guard let c = s.current else { throw s.error("Unexpected end of filter") }
        switch c {
        case "@":
            s.pos += 1
            return .current(try JSONPathParser.parseSegments(&s, inFilter: true, depth: depth))
        case "$":
            s.pos += 1
            return .root(try JSONPathParser.parseSegments(&s, inFilter: true, depth: depth))
        case "'", "\"":
            return .literal(.string(try JSONPathParser.readQuoted(&s)))
        default:
            if s.consume("true") { return .literal(.bool(true)) }
            if s.consume("false") { return .literal(.bool(false)) }
            if s.consume("null") { return .literal(.null) }
            if let n = readNumber(&s) { return .literal(n) }
            // An unquoted word (`@.status==Failure`): deployed definitions use it meaning the string,
            // and AWS accepts them, so it reads as that string (the load pass warns).
            if c.properties.isAlphabetic || c == "_" {
                let start = s.pos
                while let w = s.current, w.properties.isAlphabetic || w == "_" || w == "-" || (w >= "0" && w <= "9") {
                    s.pos += 1
                }
                return .literal(.string(s.text(start..<s.pos)))
            }
            throw s.error("Unexpected character '\(c)' in filter")
        }
    }

    static func readNumber(_ s: inout PathScanner) -> JSONValue? {
        let start = s.pos
        if s.current == "-" { s.pos += 1 }
        var sawDigit = false
        var isDouble = false
        while let c = s.current {
            if c >= "0" && c <= "9" {
                sawDigit = true
            } else if c == "." || c == "e" || c == "E" || ((c == "+" || c == "-") && isDouble) {
                isDouble = true
            } else {
                break
            }
            s.pos += 1
        }
        guard sawDigit else { s.pos = start; return nil }
        let text = s.text(start..<s.pos)
        if !isDouble, let i = Int(text) { return .int(i) }
        if let d = Double(text) { return .double(d) }
        s.pos = start
        return nil
    }
}
