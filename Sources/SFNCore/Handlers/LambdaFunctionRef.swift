/// A Lambda function as a Resource or a `FunctionName` names it: a bare name, `name:qualifier`, a
/// partial ARN (`123456789012:function:name`) or a full ARN, each with an optional version or alias.
public struct LambdaFunctionRef: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// A version number, `$LATEST` or an alias; nil when unqualified.
    public var qualifier: String?

    public init(name: String, qualifier: String? = nil) {
        self.name = name
        self.qualifier = qualifier
    }

    /// Parses any of the accepted spellings; nil for strings that cannot name a function (other
    /// ARNs, empty names).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var rest: ArraySlice<String>
        if parts.first == "arn" {
            // arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
            guard parts.count == 7 || parts.count == 8, parts[2] == "lambda", parts[5] == "function" else { return nil }
            rest = parts[6...]
        } else if parts.count >= 3, parts[1] == "function" {
            // ACCOUNT:function:NAME[:QUALIFIER]
            guard parts.count <= 4 else { return nil }
            rest = parts[2...]
        } else {
            guard parts.count <= 2 else { return nil }
            rest = parts[...]
        }
        guard let n = rest.first, !n.isEmpty else { return nil }
        name = n
        qualifier = rest.count > 1 ? rest[rest.startIndex + 1] : nil
        if qualifier?.isEmpty == true { return nil }
    }

    /// True for a Resource that is a Lambda function ARN (invoked directly, result = payload).
    public static func isFunctionARN(_ resource: String) -> Bool {
        resource.hasPrefix("arn:") && resource.contains(":lambda:") && resource.contains(":function:")
    }

    /// True for the optimized `lambda:invoke` integration (any partition), without a
    /// `.waitForTaskToken` or `.sync` suffix.
    public static func isInvokeIntegration(_ resource: String) -> Bool {
        resource.hasPrefix("arn:") && resource.hasSuffix(":states:::lambda:invoke")
    }

    /// How well `self`, a key in a map, matches a requested function: nil when it does not;
    /// higher is better (an exact qualifier beats an unqualified entry).
    func matchScore(for request: LambdaFunctionRef) -> Int? {
        guard name == request.name else { return nil }
        if qualifier == request.qualifier { return 2 }
        if qualifier == nil { return 1 }
        if qualifier == "$LATEST" && request.qualifier == nil { return 1 }
        return nil
    }

    /// The version AWS reports as ExecutedVersion: a numeric qualifier, else `$LATEST` (an alias
    /// would report the version it points to, which a local run does not know).
    public var executedVersion: String {
        if let q = qualifier, !q.isEmpty, q.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return q }
        return "$LATEST"
    }

    public var description: String { qualifier.map { "\(name):\($0)" } ?? name }
}

/// Lookup of values by Lambda function, alongside exact strings.
struct LambdaKeyedTable<Value: Sendable>: Sendable {
    private var exact: [String: Value] = [:]
    private var functions: [(LambdaFunctionRef, Value)] = []

    var isEmpty: Bool { exact.isEmpty }

    mutating func insert(_ key: String, _ value: Value) {
        exact[key] = value
        guard let ref = LambdaFunctionRef(key) else { return }
        if let i = functions.firstIndex(where: { $0.0 == ref }) {
            functions[i].1 = value
        } else {
            functions.append((ref, value))
        }
    }

    subscript(exact key: String) -> Value? { exact[key] }

    /// The entry for a function: exact string first, then the best function match.
    func lookup(function key: String) -> Value? {
        if let v = exact[key] { return v }
        guard let ref = LambdaFunctionRef(key) else { return nil }
        var best: (Int, Value)?
        for (k, v) in functions {
            if let s = k.matchScore(for: ref), s > (best?.0 ?? 0) { best = (s, v) }
        }
        return best?.1
    }
}
