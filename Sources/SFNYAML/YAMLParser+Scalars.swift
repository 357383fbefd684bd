import SFNJSON

/// Plain and block scalars, the core schema's resolution of plain scalars, and tags.
extension YAMLParser {
    /// A plain scalar in block context: its first line, then every following line indented
    /// deeper than `parent`, folded (a line break is a space, an empty line a newline).
    mutating func parsePlainBlockScalar(parent: Int, tagged: Bool) throws(YAMLError) -> JSONValue {
        if peek() == UInt8(ascii: "@") || peek() == UInt8(ascii: "`") || peek() == UInt8(ascii: "%") {
            throw fail("a plain scalar cannot start with '\(Character(Unicode.Scalar(peek())))'; quote it")
        }
        var result = readPlainLine()
        var endedByComment = atLineEndOrComment && peek() == UInt8(ascii: "#")
        skipBlanks()
        if !atLineEndOrComment {
            throw fail("unexpected '\(restOfLine())' after the plain scalar '\(result)' (a second ': ' on one line?)")
        }
        endedByComment = endedByComment || peek() == UInt8(ascii: "#")
        while true {
            // Look at the next lines without committing: continuation lines are deeper than the parent.
            var p = pos
            while p < bytes.count && bytes[p] != 0x0A { p += 1 }
            var emptyLines = 0
            var found: Int?
            while p < bytes.count {
                p += 1
                var q = p
                while q < bytes.count && Self.isBlank(bytes[q]) { q += 1 }
                if q >= bytes.count { break }
                if bytes[q] == 0x0A {
                    emptyLines += 1
                    p = q
                    continue
                }
                found = q
                break
            }
            guard !endedByComment, let q = found, column(of: q) > parent, bytes[q] != UInt8(ascii: "#"),
                !isDocumentMarker(at: q)
            else { break }
            pos = q
            let line = readPlainLine()
            result += emptyLines == 0 ? " " : String(repeating: "\n", count: emptyLines)
            result += line
            skipBlanks()
            if !atLineEndOrComment { throw fail("unexpected '\(restOfLine())' inside a multi-line plain scalar") }
            endedByComment = peek() == UInt8(ascii: "#")
        }
        try skipToNextContent()
        return tagged ? .string(result) : Self.resolvePlain(result)
    }

    /// One line of a plain scalar: up to `: `, ` #` or the line end, without trailing blanks.
    private mutating func readPlainLine() -> String {
        let s = pos
        var e = pos
        while !atEnd && peek() != 0x0A {
            let c = peek()
            if c == UInt8(ascii: ":") && Self.isBreakOrBlank(peek(1)) { break }
            if c == UInt8(ascii: "#") && pos > s && Self.isBlank(bytes[pos - 1]) { break }
            pos += 1
            if !Self.isBlank(c) { e = pos }
        }
        let line = text(s, e)
        pos = e
        return line
    }

    /// `|` (literal) or `>` (folded), with an optional indentation digit and chomping (`-`, `+`).
    mutating func parseBlockScalar(parent: Int) throws(YAMLError) -> JSONValue {
        let folded = peek() == UInt8(ascii: ">")
        pos += 1
        var chomp: UInt8 = 0
        var explicitIndent: Int?
        for _ in 0..<2 {
            let c = peek()
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                chomp = c
                pos += 1
            } else if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") {
                explicitIndent = Int(c - UInt8(ascii: "0"))
                pos += 1
            }
        }
        skipBlanks()
        guard atLineEndOrComment else { throw fail("unexpected '\(restOfLine())' after a block scalar indicator") }
        while !atEnd && peek() != 0x0A { pos += 1 }
        let base = max(parent, 0)
        var indent = explicitIndent.map { base + $0 }
        var lines: [String] = []
        // Read lines until one with content is indented less than the block.
        var lineStart = atEnd ? bytes.count : pos + 1
        while lineStart < bytes.count {
            var q = lineStart
            while q < bytes.count && bytes[q] == 0x20 { q += 1 }
            let spaces = q - lineStart
            let empty = q >= bytes.count || bytes[q] == 0x0A
            if indent == nil && !empty {
                guard spaces > parent else { break }
                indent = spaces
            }
            if !empty, let indent, spaces < indent { break }
            if !empty && isDocumentMarker(at: lineStart) { break }
            var e = q
            while e < bytes.count && bytes[e] != 0x0A { e += 1 }
            if let indent, e - lineStart > indent {
                lines.append(text(lineStart + indent, e))
            } else {
                lines.append("")
            }
            lineStart = e + 1
        }
        // Position at the line that ended the block, then on its content.
        pos = lineStart >= bytes.count ? bytes.count : lineStart - 1
        try skipToNextContent()
        var trailing = 0
        while let last = lines.last, last.isEmpty {
            trailing += 1
            lines.removeLast()
        }
        var body = folded ? Self.fold(lines) : lines.joined(separator: "\n")
        // Clipping keeps the last line break, when the text has one.
        let lastBreak = trailing > 0 || (bytes.last == 0x0A) || lineStart <= bytes.count - 1
        if !lines.isEmpty && chomp != UInt8(ascii: "-") && lastBreak { body += "\n" }
        if chomp == UInt8(ascii: "+") { body += String(repeating: "\n", count: trailing) }
        return .string(body)
    }

    /// Folding of `>` scalars: a line break between two text lines is a space, empty lines are
    /// newlines, and lines indented more than the block keep their breaks.
    static func fold(_ lines: [String]) -> String {
        var out = ""
        var pendingEmpty = 0
        var previousMore: Bool?
        for line in lines {
            if line.isEmpty {
                pendingEmpty += 1
                continue
            }
            let more = line.first == " " || line.first == "\t"
            switch previousMore {
            case nil: out += String(repeating: "\n", count: pendingEmpty)
            case false? where !more: out += pendingEmpty == 0 ? " " : String(repeating: "\n", count: pendingEmpty)
            default: out += String(repeating: "\n", count: pendingEmpty + 1)
            }
            out += line
            pendingEmpty = 0
            previousMore = more
        }
        return out
    }

    /// YAML 1.2's core schema: null, booleans, integers (decimal, 0o, 0x), floats; else a string.
    static func resolvePlain(_ s: String) -> JSONValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        let u = Array(s.utf8)
        guard let first = u.first,
            (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".")
        else { return .string(s) }
        if s.hasPrefix("0x"), u.count > 2, let v = Int(s.dropFirst(2), radix: 16) { return .int(v) }
        if s.hasPrefix("0o"), u.count > 2, let v = Int(s.dropFirst(2), radix: 8) { return .int(v) }
        let digits = u.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        if u.count - digits.count <= 1, !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            if let v = Int(s.hasPrefix("+") ? String(s.dropFirst()) : s) { return .int(v) }
            if let d = Double(s) { return .double(d) }
        }
        if isCoreFloat(u), let d = Double(s), d.isFinite { return .double(d) }
        return .string(s)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isCoreFloat(_ u: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let s = i
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
            return i - s
        }
        if i < u.count && (u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")) { i += 1 }
        let whole = digits()
        var fraction = 0
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return false }
        if i < u.count && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
            i += 1
            if i < u.count && (u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == u.count
    }

    /// The CloudFormation short forms become their long forms; the standard `!!` tags convert
    /// the scalar; other tags are kept out of the value.
    func applyTag(_ tag: String?, to value: JSONValue, at offset: Int) throws(YAMLError) -> JSONValue {
        guard let tag else { return value }
        switch tag {
        case "!!str": return value.stringValue.map(JSONValue.string) ?? value
        case "!!int", "!!float", "!!bool", "!!null":
            guard let s = value.stringValue else { return value }
            let v = Self.resolvePlain(s)
            if case .string = v { throw fail("'\(s)' is not a valid \(tag.dropFirst(2))", at: offset) }
            return v
        case "!Ref": return ["Ref": value]
        case "!Condition": return ["Condition": value]
        case "!GetAtt":
            if let s = value.stringValue, let dot = s.firstIndex(of: ".") {
                return ["Fn::GetAtt": [.string(String(s[..<dot])), .string(String(s[s.index(after: dot)...]))]]
            }
            return ["Fn::GetAtt": value]
        default:
            if tag.hasPrefix("!"), !tag.hasPrefix("!!"), Self.cloudFormationFunctions.contains(String(tag.dropFirst()))
            {
                return .object(JSONObject([("Fn::" + tag.dropFirst(), value)]))
            }
            return value
        }
    }

    static let cloudFormationFunctions: Set<String> = [
        "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
        "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString", "ForEach",
    ]
}
