import SFNJSON

/// Block structure: mappings and sequences nested by indentation. Every function here returns
/// with `pos` at the first character of the next content line (or at the end), so the caller
/// decides by that line's column whether its own collection goes on.
extension YAMLParser {
    mutating func parseDocument() throws(YAMLError) -> JSONValue {
        // Blank lines, comments and directives (%YAML, %TAG) before the document.
        while !atEnd {
            let lineStart = pos
            skipBlanks()
            guard atLineEndOrComment || (pos == lineStart && peek() == UInt8(ascii: "%")) else { break }
            while !atEnd && peek() != 0x0A { pos += 1 }
            if !atEnd { pos += 1 }
        }
        if atEnd || (isDocumentMarker(at: pos) && peek() == UInt8(ascii: ".")) {
            record(0)
            return .null
        }
        if bytes[(pos - column)..<pos].contains(0x09) { throw fail("a tab character cannot indent YAML; use spaces") }
        let value: JSONValue
        if isDocumentMarker(at: pos) {
            pos += 3
            value = try parseValue(parent: -1, compactSequence: true, inlineMapping: false)
        } else {
            value = try parseNode(parent: -1, inlineMapping: true)
        }
        if !atDocumentEnd { throw fail("unexpected text '\(restOfLine())': check the indentation") }
        return value
    }

    /// The value after `key:`, after `- `, or of the document: on the same line, or on the lines
    /// below indented deeper than `parent` (a sequence may sit at the parent's own column under a
    /// mapping key). Nothing there is null.
    mutating func parseValue(parent: Int, compactSequence: Bool, inlineMapping: Bool) throws(YAMLError)
        -> JSONValue
    {
        skipBlanks()
        if atLineEndOrComment {
            let lineEnd = pos
            try skipToNextContent()
            if atDocumentEnd { return nullValue(at: lineEnd) }
            let c = column
            if c > parent || (compactSequence && c == parent && isSequenceEntry) {
                return try parseNode(parent: parent, inlineMapping: true)
            }
            return nullValue(at: lineEnd)
        }
        return try parseNode(parent: parent, inlineMapping: inlineMapping)
    }

    private mutating func nullValue(at offset: Int) -> JSONValue {
        record(offset)
        return .null
    }

    var isSequenceEntry: Bool { peek() == UInt8(ascii: "-") && Self.isBreakOrBlank(peek(1)) }

    /// One node starting at `pos`: its properties (anchor, tag), then a sequence, a mapping, a
    /// block scalar, a flow collection, an alias or a scalar.
    mutating func parseNode(parent: Int, inlineMapping: Bool) throws(YAMLError) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw fail("the document nests deeper than \(maxDepth) levels") }
        let start = pos
        record(start)
        var anchor: String?
        var tag: String?
        while peek() == UInt8(ascii: "&") || peek() == UInt8(ascii: "!") {
            if peek() == UInt8(ascii: "&") {
                pos += 1
                anchor = readName()
                if anchor!.isEmpty { throw fail("an anchor needs a name after '&'") }
            } else {
                tag = readTag()
            }
            skipBlanks()
        }
        var value: JSONValue
        if (anchor != nil || tag != nil) && atLineEndOrComment {
            // Properties on a line of their own: the node is below them.
            value = try parseValue(parent: parent, compactSequence: false, inlineMapping: true)
        } else if isSequenceEntry {
            value = try parseBlockSequence()
        } else if peek() == UInt8(ascii: "|") || peek() == UInt8(ascii: ">") {
            value = try parseBlockScalar(parent: parent)
        } else if inlineMapping && hasImplicitKey() {
            value = try parseBlockMapping()
        } else if peek() == UInt8(ascii: "*") {
            value = try parseAlias()
            try finishLine()
        } else if peek() == UInt8(ascii: "[") || peek() == UInt8(ascii: "{") {
            value = try parseFlowCollection()
            try finishLine()
        } else if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'") {
            value = .string(try parseQuoted())
            try finishLine()
        } else {
            value = try parsePlainBlockScalar(parent: parent, tagged: tag != nil)
        }
        value = try applyTag(tag, to: value, at: start)
        if let anchor { anchors[anchor] = value }
        return value
    }

    mutating func parseAlias() throws(YAMLError) -> JSONValue {
        let start = pos
        pos += 1
        let name = readName()
        guard let value = anchors[name] else {
            throw fail("alias '*\(name)' names no anchor defined before it", at: start)
        }
        return value
    }

    /// An anchor or alias name: up to a blank, a line end or a flow indicator.
    mutating func readName() -> String {
        let start = pos
        while !Self.isBreakOrBlank(peek()) && !Self.isFlowIndicator(peek()) { pos += 1 }
        return text(start, pos)
    }

    /// `!Name`, `!!str` or `!<uri>`.
    mutating func readTag() -> String {
        let start = pos
        while !Self.isBreakOrBlank(peek()) && !(Self.isFlowIndicator(peek()) && peek() != UInt8(ascii: "!")) {
            pos += 1
        }
        return text(start, pos)
    }

    static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: "{")
            || c == UInt8(ascii: "}")
    }

    /// Whether the current line holds an implicit mapping key: a quoted or plain key, then `:`
    /// followed by a blank or the line end.
    func hasImplicitKey() -> Bool {
        var p = pos
        let c = peek()
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            p += 1
            while p < bytes.count && bytes[p] != 0x0A {
                if bytes[p] == UInt8(ascii: "\\") && c == UInt8(ascii: "\"") {
                    p += 2
                    continue
                }
                if bytes[p] == c {
                    if c == UInt8(ascii: "'") && p + 1 < bytes.count && bytes[p + 1] == c {
                        p += 2
                        continue
                    }
                    break
                }
                p += 1
            }
            guard p < bytes.count, bytes[p] == c else { return false }
            p += 1
            while p < bytes.count && Self.isBlank(bytes[p]) { p += 1 }
            return p < bytes.count && bytes[p] == UInt8(ascii: ":")
                && (p + 1 >= bytes.count || Self.isBreakOrBlank(bytes[p + 1]))
        }
        if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") || c == UInt8(ascii: "#") { return false }
        while p < bytes.count && bytes[p] != 0x0A {
            if bytes[p] == UInt8(ascii: ":") && (p + 1 >= bytes.count || Self.isBreakOrBlank(bytes[p + 1])) {
                return true
            }
            if bytes[p] == UInt8(ascii: "#") && p > pos && Self.isBlank(bytes[p - 1]) { return false }
            p += 1
        }
        return false
    }

    mutating func parseBlockMapping() throws(YAMLError) -> JSONValue {
        let indent = column
        var object = JSONObject()
        var explicitKeys: Set<String> = []
        let parentPointer = pointer
        while true {
            let keyStart = pos
            let key: String
            var isMerge = false
            if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'") {
                key = try parseQuoted()
            } else {
                let s = pos
                while !(peek() == UInt8(ascii: ":") && Self.isBreakOrBlank(peek(1))) {
                    if atEnd || peek() == 0x0A { throw fail("expected 'key: value' in the mapping", at: s) }
                    pos += 1
                }
                var e = pos
                while e > s && Self.isBlank(bytes[e - 1]) { e -= 1 }
                key = text(s, e)
                isMerge = key == "<<"
            }
            skipBlanks()
            guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after the mapping key '\(key)'") }
            pos += 1
            pointer = JSONPointer.appending(parentPointer, key)
            record(keyStart)
            let value = try parseValue(parent: indent, compactSequence: true, inlineMapping: false)
            pointer = parentPointer
            if isMerge {
                try merge(value, into: &object, at: keyStart)
            } else if !explicitKeys.insert(key).inserted {
                throw fail("duplicate mapping key '\(key)'", at: keyStart)
            } else {
                // A key of the mapping's own overrides one a merge brought in.
                object[key] = value
            }
            if atDocumentEnd { break }
            let c = column
            if c < indent { break }
            if c > indent { throw fail("unexpected indentation: expected a key at column \(indent + 1)") }
            if isSequenceEntry { throw fail("a sequence entry where a mapping key was expected") }
        }
        return .object(object)
    }

    /// `<<: *base` (or a list of them): keys the mapping does not set itself come from the merged ones.
    private func merge(_ value: JSONValue, into object: inout JSONObject, at offset: Int) throws(YAMLError) {
        let sources: [JSONValue] = value.arrayValue ?? [value]
        for source in sources {
            guard let o = source.objectValue else { throw fail("a merge key '<<' needs a mapping", at: offset) }
            for (k, v) in o where !object.contains(k) { object.append(k, v) }
        }
    }

    mutating func parseBlockSequence() throws(YAMLError) -> JSONValue {
        let indent = column
        var items: [JSONValue] = []
        let parentPointer = pointer
        while true {
            let entryStart = pos
            pos += 1
            pointer = JSONPointer.appending(parentPointer, items.count)
            record(entryStart)
            items.append(try parseValue(parent: indent, compactSequence: false, inlineMapping: true))
            pointer = parentPointer
            if atDocumentEnd { break }
            let c = column
            if c < indent || (c == indent && !isSequenceEntry) { break }
            if c > indent { throw fail("unexpected indentation: expected '- ' at column \(indent + 1)") }
        }
        return .array(items)
    }
}
