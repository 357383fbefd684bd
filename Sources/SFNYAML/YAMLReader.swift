import SFNJSON

/// Reads the YAML that CloudFormation, SAM and Serverless templates use into `JSONValue`s: block and
/// flow collections, every scalar style, comments, anchors, aliases and merge keys, and the
/// CloudFormation short tags (`!Sub`, `!Ref`, `!GetAtt`, ...) read as their long forms
/// (`{"Fn::Sub": ...}`), so a template reads as its JSON form would.
///
/// Only the first document of a stream is read. Plain scalars resolve by YAML 1.2's core schema
/// (`true`, `null`, `12`, `1.5`); everything else is a string.
public enum YAMLReader {
    public static let defaultMaxDepth = 512

    /// Parses a YAML document.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(YAMLError) -> JSONValue {
        var parser = YAMLParser(text: text, maxDepth: maxDepth, recordLocations: false)
        return try parser.parseDocument()
    }

    /// Parses a YAML document and records where each value starts (for mapping entries, where the
    /// key starts), keyed by JSON pointer, so diagnostics can point into the YAML file.
    public static func parseWithLocations(_ text: String, maxDepth: Int = defaultMaxDepth)
        throws(YAMLError) -> (value: JSONValue, locations: SourceLocations)
    {
        var parser = YAMLParser(text: text, maxDepth: maxDepth, recordLocations: true)
        let value = try parser.parseDocument()
        return (value, SourceLocations(offsets: parser.offsets ?? [:], source: SourceText(parser.normalizedText)))
    }
}

/// A YAML syntax error: what is wrong, and where (1-based line and column).
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column): \(message)" }
}
