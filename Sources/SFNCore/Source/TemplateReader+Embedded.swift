import SFNJSON

extension TemplateReader {
    /// Serverless's `${self:a.b}` reads the serverless file itself: each such placeholder of the
    /// definition that names a scalar in the file gets its value (unless the caller gave one).
    func addSelfReferences(in definition: JSONValue, to values: inout [String: String]) {
        var names: Set<String> = []
        collectPlaceholders(definition, into: &names)
        for name in names where values[name] == nil {
            let key = name.split(separator: ",", maxSplits: 1)[0].trimmingSpaces
            guard key.hasPrefix("self:") else { continue }
            var node: JSONValue? = document
            for part in key.dropFirst("self:".count).split(separator: ".") { node = node?[String(part)] }
            switch node {
            case .string(let s)?: values[name] = s
            case .int, .double, .bool: values[name] = JSONPrinter.compact(node!)
            default: break
            }
        }
    }

    private func collectPlaceholders(_ value: JSONValue, into names: inout Set<String>) {
        switch value {
        case .string(let s) where s.contains("${"):
            _ = Substitution.forEachPlaceholder(in: s) { name in
                names.insert(name)
                return nil
            }
        case .array(let items): for item in items { collectPlaceholders(item, into: &names) }
        case .object(let o): for (_, v) in o { collectPlaceholders(v, into: &names) }
        default: break
        }
    }

    /// Locations for JSON held in a YAML literal block (`DefinitionString: !Sub |`): the JSON's own
    /// lines are the block's lines, so a value at the JSON's line L, column C is in the file at the
    /// block's L-th line, C columns after its indentation. Nil when the string is not such a block
    /// (a `Fn::Join`, a quoted string): then every value points at the property.
    func embeddedLocations(of json: String, keyOffset: Int) -> SourceLocations? {
        guard let locations, !text.utf8.contains(0x0D) else { return nil }
        let bytes = Array(text.utf8)
        guard keyOffset < bytes.count else { return nil }
        var end = keyOffset
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        // The property's line ends in `|`, `|-`, `|+` (after any tag), before any comment.
        var header = String(decoding: bytes[keyOffset..<end], as: UTF8.self)
        if let comment = header.range(of: " #") { header = String(header[..<comment.lowerBound]) }
        header = String(header.reversed().drop { $0 == " " || $0 == "-" || $0 == "+" }.reversed())
        guard header.hasSuffix("|") else { return nil }
        // Where each line of the block starts, and the block's indentation (its first text line's).
        var lineStarts: [Int] = []
        var lineEnds: [Int] = []
        var indent: Int?
        var p = end + 1
        while p < bytes.count {
            var q = p
            while q < bytes.count, bytes[q] == 0x20 { q += 1 }
            let empty = q >= bytes.count || bytes[q] == 0x0A
            if !empty {
                if indent == nil { indent = q - p }
                if q - p < indent! { break }
            }
            lineStarts.append(p)
            while q < bytes.count, bytes[q] != 0x0A { q += 1 }
            lineEnds.append(q)
            p = q + 1
        }
        guard let indent, let inner = try? JSONParser.parseWithLocations(json) else { return nil }
        var offsets: [String: Int] = [:]
        for (pointer, offset) in inner.locations.offsets {
            let at = inner.locations.source.location(ofOffset: offset)
            guard at.line - 1 < lineStarts.count else { return nil }
            // A substitution may have made the line longer than in the file: stay on the line.
            offsets[pointer] = min(lineStarts[at.line - 1] + indent + at.column - 1, lineEnds[at.line - 1])
        }
        return SourceLocations(offsets: offsets, source: locations.source)
    }
}
