import SFNJSON
import SFNYAML

/// What turns a file into a definition: `${Name}` substitutions, the state machine to pick from a
/// template, and where the file's relative paths start.
public struct DefinitionSourceOptions: Sendable {
    /// Values for `${Name}` placeholders, `Ref`s and `Fn::GetAtt`s (`Name.Attribute`); they win
    /// over a template's own `DefinitionSubstitutions`.
    public var substitutions: [String: String]
    /// The logical id (CloudFormation, SAM) or name (Serverless) of the state machine to read from
    /// a template that has several.
    public var stateMachine: String?

    public init(substitutions: [String: String] = [:], stateMachine: String? = nil) {
        self.substitutions = substitutions
        self.stateMachine = stateMachine
    }
}

/// A definition read from where people keep it: an ASL file in JSON or YAML, or a state machine in
/// a CloudFormation/SAM template or a `serverless.yml`, with its substitutions applied as AWS applies
/// `DefinitionSubstitutions`. Every command that takes a definition reads it through here.
public struct DefinitionSource: Sendable {
    /// The kind of file the definition came from.
    public enum Kind: String, Sendable {
        case definition, cloudFormation, serverless
    }

    /// The file that `locations` point into (a template's `DefinitionUri` names another file).
    public var file: String
    public var kind: Kind
    /// The definition with every substitution made.
    public var definition: JSONValue
    /// Where each value of `definition` is in `file`, keyed by the definition's own JSON pointers.
    public var locations: SourceLocations?
    /// The state machine's name in a template (its logical id), else nil.
    public var stateMachineName: String?
    /// One warning per `${Name}` nothing substituted, with its place. AWS would keep the text as it
    /// is; `sfn validate` warns, a command that runs the machine refuses.
    public var unresolved: [Diagnostic]

    /// Reads `path` ("-" is standard input).
    public static func read(file path: String, options: DefinitionSourceOptions = DefinitionSourceOptions())
        throws(DefinitionSourceError) -> DefinitionSource
    {
        let text: String
        do { text = try readHandlerFile(path == "-" ? "/dev/stdin" : path, what: "definition") } catch {
            throw DefinitionSourceError(message: error.cause ?? "cannot read '\(path)'", unreadable: true)
        }
        return try read(text: text, file: path, options: options)
    }

    /// Reads a definition, template or Serverless file given as text; `file` names it in
    /// diagnostics and is where a `DefinitionUri` is resolved from.
    public static func read(text: String, file: String, options: DefinitionSourceOptions = DefinitionSourceOptions())
        throws(DefinitionSourceError) -> DefinitionSource
    {
        let (value, locations) = try SourceDocument.parse(text, file: file, substitutions: options.substitutions)
        if let templateKind = TemplateReader.kind(of: value) {
            var reader = TemplateReader(
                document: value, locations: locations, file: file, options: options, text: text)
            return try reader.read(kind: templateKind)
        }
        var source = DefinitionSource(
            file: file, kind: .definition, definition: value, locations: locations, stateMachineName: nil,
            unresolved: [])
        source.substitute(options.substitutions)
        return source
    }

    /// The validation report of the definition: the unresolved placeholders first (warnings), then
    /// what the load pass finds. An error at the very place of an unresolved placeholder is left
    /// out: the warning names its cause, and AWS's verdict depends on the value it will get.
    public func validationReport() -> ValidationReport {
        var report = DefinitionValidator.validate(definition: definition, locations: locations)
        let placeholders = Set(unresolved.map(\.pointer))
        report.diagnostics.removeAll { $0.severity == .error && placeholders.contains($0.pointer) }
        report.diagnostics = unresolved + report.diagnostics
        return report
    }

    /// Applies `${Name}` substitutions to every string (and key) of the definition and lists the
    /// placeholders left.
    mutating func substitute(_ values: [String: String]) {
        guard Substitution.containsPlaceholder(definition) else { return }
        var found: [(pointer: String, name: String)] = []
        definition = Substitution.apply(values, to: definition, pointer: "", unresolved: &found)
        unresolved = found.map { item in
            Diagnostic(
                severity: .warning, code: .unresolvedSubstitution,
                message: "The placeholder ${\(item.name)} has no value (give --substitute \(item.name)=VALUE or "
                    + "--substitutions FILE); AWS would keep it as literal text",
                pointer: item.pointer, location: locations?.location(of: item.pointer))
        }
    }
}

extension DefinitionSourceOptions {
    /// Reads a `--substitutions FILE`: a JSON or YAML object of names to values, the AWS CLI's
    /// parameters list (`[{"ParameterKey": ..., "ParameterValue": ...}]`) or a CodePipeline
    /// template configuration (`{"Parameters": {...}}`).
    public static func substitutions(fromFile path: String) throws(DefinitionSourceError) -> [String: String] {
        let text: String
        do { text = try readHandlerFile(path, what: "substitutions file") } catch {
            throw DefinitionSourceError(message: error.cause ?? "cannot read '\(path)'", unreadable: true)
        }
        let (value, _) = try SourceDocument.parse(text, file: path)
        guard let values = Substitution.values(from: value) else {
            throw DefinitionSourceError(
                message: "The substitutions file '\(path)' must be an object of names to values, or a list of "
                    + "{\"ParameterKey\": ..., \"ParameterValue\": ...}")
        }
        return values
    }

    /// Adds `NAME=VALUE` (from `--substitute`); false when there is no `=` or no name.
    public mutating func addSubstitution(_ assignment: String) -> Bool {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else { return false }
        substitutions[String(assignment[..<eq])] = String(assignment[assignment.index(after: eq)...])
        return true
    }
}

/// A definition file that cannot be read at all, or a template without the state machine asked for.
public struct DefinitionSourceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Where in the file, when the problem is a syntax error.
    public var location: SourceLocation?
    /// True when the file is missing or unreadable, as opposed to a file that is not a definition.
    public var unreadable: Bool

    public init(message: String, location: SourceLocation? = nil, unreadable: Bool = false) {
        self.message = message
        self.location = location
        self.unreadable = unreadable
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

extension DiagnosticCode {
    /// Warning (ours): a `${Name}` placeholder that no substitution filled.
    public static let unresolvedSubstitution = DiagnosticCode(rawValue: "UNRESOLVED_SUBSTITUTION")
}

/// Text to a JSON value with locations: JSON when it looks like JSON (so a broken JSON file gets
/// JSON's error), YAML otherwise.
enum SourceDocument {
    static func parse(_ text: String, file: String, substitutions: [String: String] = [:]) throws(DefinitionSourceError)
        -> (JSONValue, SourceLocations?)
    {
        if text.allSatisfy(\.isWhitespace) {
            throw DefinitionSourceError(
                message: "The definition is empty", location: SourceLocation(line: 1, column: 1))
        }
        let first = text.utf8.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        let isYAMLName = file.hasSuffix(".yaml") || file.hasSuffix(".yml")
        if !isYAMLName && (first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || file.hasSuffix(".json")) {
            do {
                let (v, l) = try JSONParser.parseWithLocations(text)
                return (v, l)
            } catch {
                // `"TimeoutSeconds": ${Timeout}` is JSON only once substituted: substitute the text, as
                // CloudFormation does, and read it again.
                if text.contains("${") {
                    var none: [(pointer: String, name: String)] = []
                    let filled = Substitution.fill(text, substitutions, pointer: "", unresolved: &none)
                    if let (v, l) = try? JSONParser.parseWithLocations(filled) { return (v, l) }
                    if let (v, l) = try? YAMLReader.parseWithLocations(text) { return (v, l) }
                }
                throw DefinitionSourceError(
                    message: "Invalid JSON: \(error.message)",
                    location: SourceLocation(line: error.line, column: error.column))
            }
        }
        do {
            let (v, l) = try YAMLReader.parseWithLocations(text)
            return (v, l)
        } catch {
            throw DefinitionSourceError(
                message: "Invalid YAML: \(error.message)",
                location: SourceLocation(line: error.line, column: error.column))
        }
    }
}
