import SFNJSON

/// JSON values as block YAML, for `sfn export --format yaml`: mappings and sequences in block
/// style, keys plain where YAML reads them back as the same string, every string value
/// double-quoted with JSON's escapes (which YAML's double-quoted scalars share), so nothing is
/// read back as a number, a boolean or a tag. Key order is kept.
enum YAMLPrinter {
    /// The whole document, without a trailing newline.
    static func document(_ value: JSONValue) -> String {
        guard let lines = block(value, indent: 0) else { return scalar(value) }
        return lines.joined(separator: "\n")
    }

    /// The lines of a non-empty mapping or sequence, each indented by `indent`; nil for anything
    /// written on one line.
    private static func block(_ value: JSONValue, indent: Int) -> [String]? {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let object) where !object.isEmpty:
            var lines: [String] = []
            for (key, child) in object {
                if let nested = block(child, indent: indent + 2) {
                    lines.append(pad + self.key(key) + ":")
                    lines += nested
                } else {
                    lines.append(pad + self.key(key) + ": " + scalar(child))
                }
            }
            return lines
        case .array(let items) where !items.isEmpty:
            var lines: [String] = []
            for item in items {
                guard var nested = block(item, indent: indent + 2) else {
                    lines.append(pad + "- " + scalar(item))
                    continue
                }
                // The item's first line follows the dash: "- key: value", "- - item".
                nested[0] = pad + "- " + nested[0].dropFirst(indent + 2)
                lines += nested
            }
            return lines
        default:
            return nil
        }
    }

    /// A value on one line: a quoted string, a number, true, false, null, {} or [].
    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        default: return JSONPrinter.compact(value)
        }
    }

    /// A key plain when it is a word YAML reads back as that string, else quoted.
    private static func key(_ key: String) -> String {
        let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
            key.unicodeScalars.allSatisfy({
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || "_.$-".unicodeScalars.contains($0)
            }),
            !reserved.contains(key.lowercased())
        else { return JSONPrinter.compact(.string(key)) }
        return key
    }
}
