import SFNJSON

/// Flow collections (`[a, b]`, `{k: v}`) and quoted scalars, which may span lines.
extension YAMLParser {
    /// Skips blanks, line breaks and comments inside a flow collection.
    mutating func skipFlowSpace() {
        while !atEnd {
            let c = peek()
            if Self.isBlank(c) || c == 0x0A {
                pos += 1
            } else if c == UInt8(ascii: "#") && (pos == 0 || Self.isBreakOrBlank(bytes[pos - 1])) {
                while !atEnd && peek() != 0x0A { pos += 1 }
            } else {
                return
            }
        }
    }

    mutating func parseFlowCollection() throws(YAMLError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw fail("the document nests deeper than \(maxDepth) levels") }
        let open = pos
        let isMapping = peek() == UInt8(ascii: "{")
        let close = isMapping ? UInt8(ascii: "}") : UInt8(ascii: "]")
        pos += 1
        var items: [JSONValue] = []
        var object = JSONObject()
        let parentPointer = pointer
        while true {
            skipFlowSpace()
            if atEnd {
                throw fail(
                    "unclosed '\(isMapping ? "{" : "[")': expected '\(Character(Unicode.Scalar(close)))'", at: open)
            }
            if peek() == close {
                pos += 1
                break
            }
            let entryStart = pos
            if isMapping {
                let key = try parseFlowKey()
                skipFlowSpace()
                pointer = JSONPointer.appending(parentPointer, key)
                record(entryStart)
                var value = JSONValue.null
                if peek() == UInt8(ascii: ":") {
                    pos += 1
                    skipFlowSpace()
                    if peek() != UInt8(ascii: ",") && peek() != close { value = try parseFlowNode() }
                }
                pointer = parentPointer
                if object.contains(key) { throw fail("duplicate mapping key '\(key)'", at: entryStart) }
                object.append(key, value)
            } else {
                pointer = JSONPointer.appending(parentPointer, items.count)
                record(entryStart)
                var value = try parseFlowNode()
                skipFlowSpace()
                if peek() == UInt8(ascii: ":") {
                    // `[k: v]`: a single-pair mapping as the entry.
                    pos += 1
                    skipFlowSpace()
                    let key = try Self.keyText(value, at: entryStart, parser: self)
                    let inner = peek() == UInt8(ascii: ",") || peek() == close ? JSONValue.null : try parseFlowNode()
                    value = .object(JSONObject([(key, inner)]))
                }
                pointer = parentPointer
                items.append(value)
            }
            skipFlowSpace()
            if atEnd {
                throw fail(
                    "unclosed '\(isMapping ? "{" : "[")': expected '\(Character(Unicode.Scalar(close)))'", at: open)
            }
            if peek() == UInt8(ascii: ",") {
                pos += 1
            } else if peek() != close {
                throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))' in a flow collection")
            }
        }
        return isMapping ? .object(object) : .array(items)
    }

    private mutating func parseFlowKey() throws(YAMLError) -> String {
        let start = pos
        return try Self.keyText(try parseFlowNode(isKey: true), at: start, parser: self)
    }

    /// A mapping key as JSON's object keys are: text. A collection as a key has no place in a
    /// definition, and spelling nested ones out as JSON would double their escapes at every level.
    private static func keyText(_ key: JSONValue, at offset: Int, parser: Self) throws(YAMLError) -> String {
        switch key {
        case .string(let s): return s
        case .array, .object:
            throw parser.fail("a flow collection cannot be a mapping key: JSON object keys are strings", at: offset)
        default: return JSONPrinter.compact(key)
        }
    }

    /// A node inside a flow collection.
    mutating func parseFlowNode(isKey: Bool = false) throws(YAMLError) -> JSONValue {
        let start = pos
        record(start)
        var anchor: String?
        var tag: String?
        while peek() == UInt8(ascii: "&") || peek() == UInt8(ascii: "!") {
            if peek() == UInt8(ascii: "&") {
                pos += 1
                anchor = readName()
            } else {
                tag = readTag()
            }
            skipFlowSpace()
        }
        var value: JSONValue
        switch peek() {
        case UInt8(ascii: "["), UInt8(ascii: "{"): value = try parseFlowCollection()
        case UInt8(ascii: "\""), UInt8(ascii: "'"): value = .string(try parseQuoted())
        case UInt8(ascii: "*"): value = try parseAlias()
        default:
            let s = readFlowPlain()
            value = tag != nil || isKey ? .string(s) : Self.resolvePlain(s)
        }
        value = try applyTag(tag, to: value, at: start)
        if let anchor { anchors[anchor] = value }
        return value
    }

    /// A plain scalar inside a flow collection: ends at `,`, `[`, `]`, `{`, `}`, `: ` or ` #`; line
    /// breaks fold to spaces.
    private mutating func readFlowPlain() -> String {
        var out = ""
        var lineStart = pos
        var lastContent = pos
        while !atEnd {
            let c = peek()
            if Self.isFlowIndicator(c) { break }
            if c == UInt8(ascii: ":") && (Self.isBreakOrBlank(peek(1)) || Self.isFlowIndicator(peek(1))) { break }
            if c == UInt8(ascii: "#") && pos > 0 && Self.isBreakOrBlank(bytes[pos - 1]) { break }
            if c == 0x0A {
                out += text(lineStart, lastContent)
                pos += 1
                while Self.isBlank(peek()) { pos += 1 }
                if Self.isFlowIndicator(peek()) || peek() == UInt8(ascii: ":") || peek() == 0x0A { break }
                out += out.isEmpty ? "" : " "
                lineStart = pos
                lastContent = pos
                continue
            }
            pos += 1
            if !Self.isBlank(c) { lastContent = pos }
        }
        if lineStart <= lastContent { out += text(lineStart, lastContent) }
        return out
    }

    /// A single- or double-quoted scalar; line breaks inside fold as in plain scalars.
    mutating func parseQuoted() throws(YAMLError) -> String {
        let open = pos
        let quote = peek()
        let double = quote == UInt8(ascii: "\"")
        pos += 1
        var out: [UInt8] = []
        while true {
            guard !atEnd else { throw fail("unclosed \(double ? "double" : "single")-quoted string", at: open) }
            let c = peek()
            if c == quote {
                if !double && peek(1) == quote {
                    out.append(quote)
                    pos += 2
                    continue
                }
                pos += 1
                break
            }
            if c == 0x0A {
                // Trailing blanks go, the break folds: one break is a space, more are newlines.
                while let last = out.last, Self.isBlank(last) { out.removeLast() }
                var breaks = 0
                while peek() == 0x0A || Self.isBlank(peek()) {
                    if peek() == 0x0A { breaks += 1 }
                    pos += 1
                }
                if breaks == 1 { out.append(0x20) } else { out += [UInt8](repeating: 0x0A, count: breaks - 1) }
                continue
            }
            if double && c == UInt8(ascii: "\\") {
                try readEscape(into: &out)
                continue
            }
            out.append(c)
            pos += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(YAMLError) {
        let at = pos
        pos += 1
        let e = peek()
        pos += 1
        let simple: [UInt8: String] = [
            UInt8(ascii: "0"): "\0", UInt8(ascii: "a"): "\u{07}", UInt8(ascii: "b"): "\u{08}",
            UInt8(ascii: "t"): "\t", 0x09: "\t", UInt8(ascii: "n"): "\n", UInt8(ascii: "v"): "\u{0B}",
            UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "r"): "\r", UInt8(ascii: "e"): "\u{1B}", 0x20: " ",
            UInt8(ascii: "\""): "\"", UInt8(ascii: "/"): "/", UInt8(ascii: "\\"): "\\",
            UInt8(ascii: "N"): "\u{85}", UInt8(ascii: "_"): "\u{A0}", UInt8(ascii: "L"): "\u{2028}",
            UInt8(ascii: "P"): "\u{2029}",
        ]
        if let s = simple[e] {
            out += Array(s.utf8)
            return
        }
        if e == 0x0A {
            // An escaped line break joins the lines with nothing between them.
            while Self.isBlank(peek()) { pos += 1 }
            return
        }
        let width: Int
        switch e {
        case UInt8(ascii: "x"): width = 2
        case UInt8(ascii: "u"): width = 4
        case UInt8(ascii: "U"): width = 8
        default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a double-quoted string", at: at)
        }
        guard pos + width <= bytes.count, let code = UInt32(text(pos, pos + width), radix: 16),
            let scalar = Unicode.Scalar(code)
        else { throw fail("invalid escape in a double-quoted string: expected \(width) hex digits", at: at) }
        pos += width
        out += Array(String(Character(scalar)).utf8)
    }
}
