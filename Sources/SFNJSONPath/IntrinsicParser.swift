import SFNJSON

/// Parses `States.Name(arg, ...)` text once, when the definition loads.
enum IntrinsicParser {
    /// AWS allows intrinsic calls nested up to 10 deep in one field.
    static let maxNesting = 10

    static func parse(_ text: String) throws(JSONPathSyntaxError) -> IntrinsicNode {
        var s = PathScanner(text)
        s.skipSpaces()
        let node = try parseCall(&s, level: 1)
        s.skipSpaces()
        if !s.atEnd { throw s.error("Unexpected text after the intrinsic function call") }
        return node
    }

    static func parseCall(_ s: inout PathScanner, level: Int) throws(JSONPathSyntaxError) -> IntrinsicNode {
        guard level <= maxNesting else {
            throw s.error("nests intrinsic functions more than \(maxNesting) deep")
        }
        let start = s.pos
        while let c = s.current, c == "." || c == "_" || c.properties.isAlphabetic || (c >= "0" && c <= "9") {
            s.pos += 1
        }
        let name = s.text(start..<s.pos)
        guard let function = IntrinsicFunction(rawValue: name) else {
            s.pos = start
            throw s.error(
                name.isEmpty ? "Expected an intrinsic function call" : "calls the unknown intrinsic function '\(name)'")
        }
        s.skipSpaces()
        guard s.current == "(" else { throw s.error("Expected '(' after \(name)") }
        s.pos += 1
        var arguments: [IntrinsicArgument] = []
        s.skipSpaces()
        if s.current == ")" {
            s.pos += 1
        } else {
            while true {
                arguments.append(try parseArgument(&s, level: level))
                s.skipSpaces()
                if s.current == "," { s.pos += 1; continue }
                if s.current == ")" { s.pos += 1; break }
                throw s.error("Expected ',' or ')' in the arguments of \(name)")
            }
        }
        let (minCount, maxCount) = function.arity
        if arguments.count < minCount || (maxCount.map { arguments.count > $0 } ?? false) {
            let expected =
                maxCount == minCount
                ? "\(minCount)" : (maxCount.map { "\(minCount) to \($0)" } ?? "at least \(minCount)")
            throw JSONPathSyntaxError(
                message: "calls \(name) with \(arguments.count) arguments; it takes \(expected)",
                offset: start)
        }
        if function == .format, case .literal = arguments[0] {
            throw JSONPathSyntaxError(message: "The first argument of States.Format must be a string", offset: start)
        }
        return IntrinsicNode(function: function, arguments: arguments)
    }

    static func parseArgument(_ s: inout PathScanner, level: Int) throws(JSONPathSyntaxError) -> IntrinsicArgument {
        s.skipSpaces()
        guard let c = s.current else { throw s.error("Unexpected end of the intrinsic function call") }
        switch c {
        case "'":
            return try parseString(&s)
        case "$":
            return .path(try parsePath(&s))
        case "-", "0"..."9":
            guard let n = FilterParser.readNumber(&s) else { throw s.error("Invalid number") }
            return .literal(n)
        default:
            if c == "S" && s.peek(1) == "t" {
                return .call(try parseCall(&s, level: level + 1))
            }
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
                let save = s.pos
                if s.consume(word) {
                    if let next = s.current, next.properties.isAlphabetic || next == "_" || (next >= "0" && next <= "9")
                    {
                        s.pos = save
                        continue
                    }
                    return .literal(value)
                }
            }
            throw s.error("Unexpected character '\(c)' in the arguments")
        }
    }

    /// A single-quoted string; `\'`, `\{`, `\}` and `\\` stand for the character after the
    /// backslash.
    static func parseString(_ s: inout PathScanner) throws(JSONPathSyntaxError) -> IntrinsicArgument {
        s.pos += 1
        let start = s.pos
        var decoded = String.UnicodeScalarView()
        while let c = s.current {
            if c == "\\", let next = s.peek(1) {
                if next == "'" || next == "{" || next == "}" || next == "\\" {
                    decoded.append(next)
                } else {
                    decoded.append(c)
                    decoded.append(next)
                }
                s.pos += 2
                continue
            }
            if c == "'" {
                let raw = s.text(start..<s.pos)
                s.pos += 1
                return .string(String(decoded), raw: raw)
            }
            decoded.append(c)
            s.pos += 1
        }
        throw s.error("Unterminated string literal")
    }

    /// A path argument ends at a `,` or `)` outside brackets and quotes.
    static func parsePath(_ s: inout PathScanner) throws(JSONPathSyntaxError) -> JSONPath {
        let start = s.pos
        var depth = 0
        var quote: Unicode.Scalar? = nil
        while let c = s.current {
            if let q = quote {
                if c == "\\" { s.pos += 2; continue }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                if depth > 0 { quote = c }
            } else if c == "[" || c == "(" {
                depth += 1
            } else if c == "]" || (c == ")" && depth > 0) {
                depth -= 1
            } else if depth == 0 && (c == "," || c == ")") {
                break
            }
            s.pos += 1
        }
        s.pos = min(s.pos, s.chars.count)
        var end = s.pos
        while end > start, s.chars[end - 1] == " " || s.chars[end - 1] == "\t" { end -= 1 }
        let text = s.text(start..<end)
        do {
            return try JSONPath(text)
        } catch {
            throw JSONPathSyntaxError(message: error.message, offset: start + error.offset)
        }
    }
}
