/// Parses JSONPath text the way Jayway's PathCompiler reads it (the subset AWS accepts).
struct JSONPathParser {
    /// Filters may nest paths that hold filters; beyond this the text is refused.
    static let maxFilterDepth = 16
    /// Evaluation recurses once per segment and per `&&`/`||` term, so both are capped far above
    /// anything a real definition uses.
    static let maxSegments = 1000
    static let maxFilterTerms = 1000

    /// Parses a whole path: root then segments, nothing left over.
    static func parse(_ text: String) throws(JSONPathSyntaxError) -> (JSONPath.Root, [PathSegment]) {
        var scanner = PathScanner(text)
        // Jayway trims the path before compiling it.
        scanner.skipSpaces()
        let root = try parseRoot(&scanner)
        let segments = try parseSegments(&scanner, inFilter: false, depth: 0)
        scanner.skipSpaces()
        if !scanner.atEnd { throw scanner.error("Unexpected character '\(scanner.current ?? " ")' in path") }
        return (root, segments)
    }

    /// `$`, `$$` or `$name`.
    static func parseRoot(_ s: inout PathScanner) throws(JSONPathSyntaxError) -> JSONPath.Root {
        guard s.current == "$" else { throw s.error("A path must start with '$'") }
        s.pos += 1
        if s.current == "$" {
            s.pos += 1
            return .context
        }
        if let c = s.current, isVariableStart(c) {
            let start = s.pos
            while let c = s.current, isVariablePart(c) { s.pos += 1 }
            return .variable(s.text(start..<s.pos))
        }
        return .input
    }

    static func isVariableStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isVariablePart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// Reads segments until the text ends or (inside a filter) an operator begins.
    static func parseSegments(_ s: inout PathScanner, inFilter: Bool, depth: Int) throws(JSONPathSyntaxError)
        -> [PathSegment]
    {
        var segments: [PathSegment] = []
        while let c = s.current {
            if segments.count >= maxSegments { throw s.error("Path has more than \(maxSegments) steps") }
            if c == "." {
                if s.peek(1) == "." {
                    s.pos += 2
                    segments.append(.scan)
                    if s.current == "[" { continue }
                    if s.current == "*" { s.pos += 1; segments.append(.wildcard); continue }
                    segments.append(.member(try readName(&s, inFilter: inFilter)))
                    continue
                }
                s.pos += 1
                if s.current == "*" { s.pos += 1; segments.append(.wildcard); continue }
                // Jayway reads `$.[0]` as `$[0]`: a bracket may follow the dot.
                if s.current == "[" { continue }
                segments.append(.member(try readName(&s, inFilter: inFilter)))
            } else if c == "[" {
                segments.append(try parseBracket(&s, depth: depth))
                // Jayway reads a name right after `]` (`$.list[0]name`) as a member of the element.
                if !inFilter, let n = s.current, n != ".", n != "[", n != " " {
                    segments.append(.member(try readName(&s, inFilter: false)))
                }
            } else {
                break
            }
        }
        if segments.last == .scan { throw s.error("Path must not end with a '..'") }
        return segments
    }

    /// A dot-notation member name: everything up to the next `.` or `[` (and, in a filter, up to
    /// whitespace, `)` or an operator character).
    static func readName(_ s: inout PathScanner, inFilter: Bool) throws(JSONPathSyntaxError) -> String {
        let start = s.pos
        while let c = s.current {
            if c == "." || c == "[" || c == " " || c == "(" { break }
            if inFilter
                && (c == ")" || c == "<" || c == ">" || c == "=" || c == "!" || c == "&"
                    || c == "|" || c == "," || c == "]" || c == "\t" || c == "\n")
            {
                break
            }
            s.pos += 1
        }
        if s.pos == start { throw s.error("Path must not end with a '.'") }
        if s.current == "(" { throw s.error("Functions are not supported in paths") }
        return s.text(start..<s.pos)
    }

    static func parseBracket(_ s: inout PathScanner, depth: Int) throws(JSONPathSyntaxError) -> PathSegment {
        s.pos += 1  // [
        s.skipSpaces()
        guard let c = s.current else { throw s.error("Unterminated '['") }
        let segment: PathSegment
        if c == "'" || c == "\"" {
            var names: [String] = []
            while true {
                names.append(try readQuoted(&s))
                s.skipSpaces()
                if s.current == "," { s.pos += 1; s.skipSpaces(); continue }
                break
            }
            segment = names.count == 1 ? .member(names[0]) : .members(names)
        } else if c == "*" {
            s.pos += 1
            segment = .wildcard
        } else if c == "?" {
            s.pos += 1
            s.skipSpaces()
            guard s.current == "(" else { throw s.error("Expected '(' after '?'") }
            s.pos += 1
            guard depth < maxFilterDepth else { throw s.error("Filters nest too deeply") }
            let expr = try FilterParser.parseOr(&s, depth: depth + 1)
            s.skipSpaces()
            guard s.current == ")" else { throw s.error("Expected ')' to close the filter") }
            s.pos += 1
            segment = .filter(expr)
        } else {
            segment = try parseIndexes(&s)
        }
        s.skipSpaces()
        guard s.current == "]" else { throw s.error("Expected ']'") }
        s.pos += 1
        return segment
    }

    /// A quoted member name. Jayway uses `\` only to skip the next character while looking for
    /// the closing quote and keeps the text as written, which AWS's recordings confirm.
    static func readQuoted(_ s: inout PathScanner) throws(JSONPathSyntaxError) -> String {
        guard let quote = s.current, quote == "'" || quote == "\"" else { throw s.error("Expected a quoted name") }
        s.pos += 1
        let start = s.pos
        var escaped = false
        while let c = s.current {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == quote {
                let name = s.text(start..<s.pos)
                s.pos += 1
                return name
            }
            s.pos += 1
        }
        throw s.error("Unterminated quoted name")
    }

    /// `[3]`, `[-1]`, `[0,2]`, `[1:3]`, `[:2]`, `[-2:]`.
    static func parseIndexes(_ s: inout PathScanner) throws(JSONPathSyntaxError) -> PathSegment {
        let first = s.readInt()
        s.skipSpaces()
        if s.current == ":" {
            s.pos += 1
            s.skipSpaces()
            let to = s.readInt()
            if first == nil && to == nil { throw s.error("A slice needs a bound") }
            return .slice(from: first, to: to)
        }
        guard let first else { throw s.error("Expected an index, a quoted name, '*' or a filter") }
        var list = [first]
        while s.current == "," {
            s.pos += 1
            s.skipSpaces()
            guard let n = s.readInt() else { throw s.error("Expected an index") }
            list.append(n)
            s.skipSpaces()
        }
        return list.count == 1 ? .index(first) : .indexes(list)
    }
}
