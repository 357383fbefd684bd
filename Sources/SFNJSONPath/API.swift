import SFNJSON

// The public surface of SFNJSONPath.

/// A JSONPath as AWS Step Functions accepts it, compiled once when the definition loads.
///
/// AWS evaluates paths the way the Jayway JsonPath library does: a definite path (`$.a.b`, `$.a[2]`)
/// yields one value; an indefinite one (wildcard, filter, slice, union, `..`) yields an array of
/// every match. The root may be the state input (`$`), the context object (`$$`) or, with workflow
/// variables, a variable (`$name`).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Root: Sendable, Hashable {
        case input
        case context
        case variable(String)
    }

    /// The path as written in the definition.
    public let text: String
    public let root: Root
    /// The compiled steps after the root.
    let compiled: CompiledPath
    var segments: [PathSegment] { compiled.segments }

    /// Compiles `text`; throws with the offset of the first problem.
    public init(_ text: String) throws(JSONPathSyntaxError) {
        let (root, segments) = try JSONPathParser.parse(text)
        self.text = text
        self.root = root
        self.compiled = CompiledPath(segments)
    }

    /// True when the path names at most one node (no wildcard, filter, slice, union or `..`).
    public var isDefinite: Bool { compiled.definite }

    /// True when the path may be used where AWS wants a reference path (ResultPath, Choice
    /// `Variable`, ...): a definite path of member names and non-negative indexes only.
    public var isReferencePath: Bool {
        segments.allSatisfy { segment in
            switch segment {
            case .member: return true
            case .index(let i): return i >= 0
            default: return false
            }
        }
    }

    /// Evaluates the path against the value its root names.
    public func evaluate(_ value: JSONValue) -> Result<JSONValue, JSONPathFailure> {
        if compiled.definite {
            if let found = compiled.definiteValue(value) { return .success(found) }
            return PathEvaluator.definite(segments, on: value)
        }
        return PathEvaluator.general(segments, on: value, root: value)
    }

    /// The value this path names in `root` (the value its root names), or Jayway's failure:
    /// `evaluate(_:)` without a `Result` to build and take apart, for the run loop's paths.
    public func value(in root: JSONValue) throws(JSONPathFailure) -> JSONValue {
        if compiled.definite {
            if let found = compiled.definiteValue(root) { return found }
            return try PathEvaluator.definite(segments, on: root).get()
        }
        return try PathEvaluator.general(segments, on: root, root: root).get()
    }

    /// True when the path is rooted at `$` (the state's effective input).
    @inlinable public var readsInput: Bool { if case .input = root { return true } else { return false } }

    /// Evaluates the path with its root resolved from `environment` (input, `$$` or a variable).
    public func evaluate(in environment: PathEnvironment) -> Result<JSONValue, JSONPathFailure> {
        switch root {
        case .input: return evaluate(environment.input)
        case .context: return evaluate(environment.context)
        case .variable(let name):
            guard let value = environment.variable(name) else {
                return .failure(JSONPathFailure(message: "The variable '$\(name)' is not defined"))
            }
            return evaluate(value)
        }
    }

    /// Writes `newValue` at this reference path inside `target`, creating missing objects on the
    /// way (ResultPath semantics). `$` replaces the whole target.
    public func setting(_ newValue: JSONValue, in target: JSONValue) -> Result<JSONValue, JSONPathFailure> {
        set(newValue, in: target)
    }

    public var description: String { text }

    // The text determines the root and the segments.
    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// Why a well-formed path could not be evaluated. `message` is Jayway's wording, which AWS puts into
/// its error causes after "Invalid path '<path>' : ", e.g. "No results for path: $['x']" or
/// "Missing property in path $['no']".
public struct JSONPathFailure: Error, Sendable, Hashable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// A path or intrinsic call that does not parse.
public struct JSONPathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Offset in characters into the expression text.
    public var offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) (at offset \(offset))" }
}

/// What a path or intrinsic call can see when it runs.
public struct PathEnvironment {
    /// The state's effective input (`$`).
    public var input: JSONValue
    /// The context object (`$$`).
    public var context: JSONValue
    /// Workflow variables (`$name`); nil when not assigned.
    public var variable: (String) -> JSONValue?
    /// Injected randomness for States.UUID and States.MathRandom: uniformly random 64 bits.
    public var random: () -> UInt64
    /// The largest value, in bytes of compact JSON, that an intrinsic function may produce
    /// (`--max-payload`); functions that can grow a value past it fail instead.
    public var maxBytes = Int.max

    public init(
        input: JSONValue, context: JSONValue = .object([:]),
        variable: @escaping (String) -> JSONValue? = { _ in nil },
        random: @escaping () -> UInt64 = { UInt64.random(in: .min ... .max) }
    ) {
        self.input = input
        self.context = context
        self.variable = variable
        self.random = random
    }
}

/// The value of a `.$` field (or ErrorPath, ItemsPath, ...): a path rooted at `$`, `$$` or `$name`,
/// or an intrinsic function call such as `States.Format('{}', $.x)`, compiled once.
public enum PathExpression: Sendable, Hashable {
    case path(JSONPath)
    case intrinsic(IntrinsicCall)

    /// A text starting with `$` is a path; anything else must be an intrinsic call.
    public static func compile(_ text: String) throws(JSONPathSyntaxError) -> PathExpression {
        if text.hasPrefix("$") { return .path(try JSONPath(text)) }
        return .intrinsic(try IntrinsicCall(text))
    }

    /// The path or call as written in the definition.
    public var text: String {
        switch self {
        case .path(let path): return path.text
        case .intrinsic(let call): return call.text
        }
    }

    public func evaluate(in environment: PathEnvironment) -> Result<JSONValue, PathExpressionFailure> {
        switch self {
        case .path(let path):
            switch path.evaluate(in: environment) {
            case .success(let v): return .success(v)
            case .failure(let f): return .failure(.pathNotFound(path: path.text, failure: f))
            }
        case .intrinsic(let call):
            return call.evaluate(in: environment)
        }
    }
}

/// Why a path expression failed at run time.
public enum PathExpressionFailure: Error, Sendable, Hashable {
    /// A path matched nothing. The core words the cause per field
    /// ("The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '...'").
    case pathNotFound(path: String, failure: JSONPathFailure)
    /// An intrinsic function failed: States.IntrinsicFailure with this cause text, worded as AWS does.
    case intrinsicFailure(cause: String)
    /// An intrinsic function's result (or what it would print) is larger than
    /// `PathEnvironment.maxBytes`: States.DataLimitExceeded with this cause text.
    case dataLimitExceeded(cause: String)
}

/// A parsed intrinsic function call (`States.Format(...)`, nested up to 10 deep).
public struct IntrinsicCall: Sendable, Hashable, CustomStringConvertible {
    /// The call as written.
    public let text: String
    /// The function name, e.g. "States.Format".
    public let name: String
    /// The parsed call tree.
    let node: IntrinsicNode

    /// Parses the call, checking function names, argument counts and nesting depth.
    public init(_ text: String) throws(JSONPathSyntaxError) {
        let node = try IntrinsicParser.parse(text)
        self.text = text
        self.name = node.function.rawValue
        self.node = node
    }

    /// What AWS refuses in this call when the definition loads, though it parses and would fail only
    /// when it runs: a string, boolean or null literal where a number must go. nil when nothing is.
    public var problemAtLoad: String? {
        func problem(_ node: IntrinsicNode) -> String? {
            for (i, argument) in node.arguments.enumerated() {
                var numeric = true
                switch argument {
                case .call(let inner):
                    if let p = problem(inner) { return p }
                case .literal(let v): numeric = v.isNumber
                case .string: numeric = false
                case .path: break
                }
                if !numeric, node.function.numericArguments.contains(i) {
                    return "passes a non-numeric literal as argument \(i + 1) of \(node.function.rawValue)"
                }
            }
            return nil
        }
        return problem(node)
    }

    /// Every path argument, nested calls' too, in the order written (for the variables a call reads).
    public var pathArguments: [JSONPath] {
        func paths(_ node: IntrinsicNode) -> [JSONPath] {
            node.arguments.flatMap { argument -> [JSONPath] in
                switch argument {
                case .path(let p): return [p]
                case .call(let inner): return paths(inner)
                case .literal, .string: return []
                }
            }
        }
        return paths(node)
    }

    /// Evaluates the arguments left to right, then the function. A path argument that matches
    /// nothing gives `.pathNotFound` (AWS: States.Runtime); a bad argument `.intrinsicFailure`.
    public func evaluate(in environment: PathEnvironment) -> Result<JSONValue, PathExpressionFailure> {
        IntrinsicEvaluator.evaluate(node, in: environment)
    }

    /// Evaluates the call with `$` given as `input`: `environment` is asked for only by an
    /// argument rooted at `$$` or a variable, or by a function that needs randomness, so that a
    /// call reading `$` (`States.MathAdd($.i, 1)`) builds no environment. Same results and
    /// failures as `evaluate(in:)` with that environment.
    public func evaluate(input: JSONValue, maxBytes: Int, environment: () -> PathEnvironment)
        throws(PathExpressionFailure) -> JSONValue
    {
        try IntrinsicEvaluator.value(node, input: input, maxBytes: maxBytes, environment: environment)
    }

    public var description: String { text }
}
