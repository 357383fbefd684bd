import SFNJSON

/// A definition as AWS will run it, and a CloudFormation template that deploys it: every local
/// stand-in whose resources-map entry names an `awsArn` is replaced by it; everything else is
/// left exactly as written. In the template's `Definition` each replaced value is a
/// `${Name}` placeholder filled by `DefinitionSubstitutions`, and the execution role is the
/// template parameter `RoleArn`.
public struct AWSExport: Sendable {
    /// The definition with the ARNs in place.
    public var definition: JSONValue
    /// The same definition with `${Name}` placeholders where the ARNs go.
    public var templateDefinition: JSONValue
    /// Placeholder names to the values they stand for, in the order they first appear.
    public var substitutions: JSONObject
    /// The template: an `AWS::StepFunctions::StateMachine` resource named `logicalId`.
    public var template: JSONValue
    public var logicalId: String

    /// Exports `definition` as the state machine `name`; throws the findings that nothing on AWS
    /// would run (no ARN in the definition, none in the map).
    public init(
        definition: JSONValue, report: LocalOnlyReport, name: String, type: String = "STANDARD"
    ) throws(AWSExportError) {
        let blocking = report.blocking
        guard blocking.isEmpty else { throw AWSExportError(findings: blocking) }
        var aws = definition
        var placeholders = definition
        var names = JSONObject()
        let taken = JSONPrinter.compact(definition)
        for finding in report.findings {
            guard let value = finding.replacement else { continue }
            let tokens = Self.tokens(finding.pointer)
            aws = Self.replacing(aws, at: tokens[...], with: value)
            let name = Self.placeholderName(for: value, bucket: finding.pointer.hasSuffix("/Bucket"), names, taken)
            if names[name] == nil { names.append(name, .string(value)) }
            placeholders = Self.replacing(placeholders, at: tokens[...], with: "${\(name)}")
        }
        self.definition = aws
        templateDefinition = placeholders
        substitutions = names
        logicalId = Self.logicalId(name)

        var properties = JSONObject()
        properties["StateMachineName"] = .string(name)
        properties["StateMachineType"] = .string(type)
        properties["RoleArn"] = ["Ref": "RoleArn"]
        properties["Definition"] = placeholders
        if !names.isEmpty { properties["DefinitionSubstitutions"] = .object(names) }
        var resource = JSONObject()
        resource["Type"] = "AWS::StepFunctions::StateMachine"
        resource["Properties"] = .object(properties)
        var template = JSONObject()
        template["AWSTemplateFormatVersion"] = "2010-09-09"
        template["Parameters"] = ["RoleArn": ["Type": "String"]]
        template["Resources"] = .object(JSONObject([(logicalId, .object(resource))]))
        template["Outputs"] = ["StateMachineArn": ["Value": .object(JSONObject([("Ref", .string(logicalId))]))]]
        self.template = .object(template)
    }

    /// A pointer's unescaped tokens ("/States/A~1B/Resource" → ["States", "A/B", "Resource"]).
    static func tokens(_ pointer: String) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
            var out = ""
            var tilde = false
            for c in token {
                if tilde {
                    out.append(c == "1" ? "/" : c == "0" ? "~" : c)
                    tilde = false
                } else if c == "~" {
                    tilde = true
                } else {
                    out.append(c)
                }
            }
            return out
        }
    }

    /// `value` with the string at `tokens` replaced; the rest, key order included, unchanged.
    static func replacing(_ value: JSONValue, at tokens: ArraySlice<String>, with new: String) -> JSONValue {
        guard let first = tokens.first else { return .string(new) }
        switch value {
        case .object(var object):
            guard let child = object[first] else { return value }
            object[first] = replacing(child, at: tokens.dropFirst(), with: new)
            return .object(object)
        case .array(var items):
            guard let i = Int(first), items.indices.contains(i) else { return value }
            items[i] = replacing(items[i], at: tokens.dropFirst(), with: new)
            return .array(items)
        default:
            return value
        }
    }

    /// `PriceOrderArn` for a function ARN, `ReportsProdBucket` for a bucket: letters and digits
    /// from the resource's name, unique among the placeholders and the definition's own text.
    static func placeholderName(for value: String, bucket: Bool, _ names: JSONObject, _ text: String) -> String {
        for (name, v) in names where v.stringValue == value { return name }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var base: String
        if parts.count >= 7, parts[2] == "lambda", parts[5] == "function" {
            base = parts[6...].joined(separator: "-")
        } else if parts.count >= 6 {
            var tail = parts[5...].joined(separator: ":")
            if let slash = tail.lastIndex(of: "/") { tail = String(tail[tail.index(after: slash)...]) }
            // A revision (`family:3`) does not name the resource.
            if let colon = tail.lastIndex(of: ":"), tail[tail.index(after: colon)...].allSatisfy(\.isNumber) {
                tail = String(tail[..<colon])
            }
            base = tail
        } else {
            base = value
        }
        base = pascal(base)
        if base.isEmpty || base.first!.isNumber { base = "Resource" + base }
        base += bucket ? "Bucket" : "Arn"
        var name = base
        var n = 2
        while names[name] != nil || text.contains("${\(name)}") {
            name = base + String(n)
            n += 1
        }
        return name
    }

    /// A CloudFormation logical id (letters and digits) for a state machine name.
    static func logicalId(_ name: String) -> String {
        let id = pascal(name)
        return id.isEmpty || id.first!.isNumber ? "StateMachine" + id : id
    }

    /// Words of letters and digits, each capitalised: `reports-prod` → `ReportsProd`.
    static func pascal(_ text: String) -> String {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}

/// The findings that keep a definition from running on AWS: each names its state and resource.
public struct AWSExportError: Error, Sendable {
    public var findings: [LocalOnlyFinding]
}
