import SFNJSON

/// An intrinsic call whose paths all read the state input (`$`), made ready once to be evaluated
/// against many inputs: a Map's fused iterations (SFNCore's Executor+MapFusion) run one such call
/// per item.
///
/// `IntrinsicCall.evaluate(in:)` reads its arguments through a `PathEnvironment` and copies each
/// argument out of its node (a retain and a release of the path's text and compiled steps, of a
/// nested call's box), about 700 instructions a call of two arguments; States.Format scans its
/// template on every call. Here the arguments are laid out once (string literals already values,
/// paths as their compiled steps) and a Format template with a string literal is split once into
/// its literal runs and placeholders.
///
/// Only success is answered: `evaluate` returns nil for any failure (a missing path, a bad
/// argument, the payload limit), and the caller then evaluates the call the general way, which
/// words the failure as it always has. A successful value is exactly the general way's: the same
/// function bodies and limits are used, and the split Format template writes what the byte
/// scan writes (`IntrinsicFunctions.format`).
public final class IntrinsicInputCall: @unchecked Sendable {
    private let root: Node

    /// nil when the call cannot be made ready: a path rooted elsewhere than `$` (the context or a
    /// variable), or a function that draws random numbers (the executor's source of them must
    /// be used).
    public init?(_ call: IntrinsicCall) {
        guard let root = Node(call.node) else { return nil }
        self.root = root
    }

    /// The call's value with `$` being `input`; nil when the call fails. `maxBytes` is the payload
    /// limit (`PathEnvironment.maxBytes`).
    @inline(__always)
    public func evaluate(_ input: JSONValue, maxBytes: Int) -> JSONValue? {
        root.evaluate(input, maxBytes)
    }

    /// One argument, evaluated the way `IntrinsicEvaluator.argument` evaluates it. Its payloads
    /// are trivial (indexes and unretained references, kept alive by the node), so reading an
    /// argument retains nothing: copying the enum of a path out of an array retained its text
    /// and its compiled steps, about 100 instructions an argument.
    private enum Argument {
        case value(Int)
        case path(Unmanaged<CompiledPath>, Int)
        case call(Unmanaged<Node>)
    }

    private final class Node {
        let node: IntrinsicNode
        let arguments: [Argument]
        /// What the arguments refer to: literal values, paths (for their general evaluation),
        /// nested calls.
        let values: [JSONValue]
        let paths: [JSONPath]
        let calls: [Node]
        /// States.Format's template split at its placeholders, when it is a string literal.
        let format: FormatTemplate?

        init?(_ node: IntrinsicNode) {
            if node.function == .mathRandom || node.function == .uuid { return nil }
            var arguments: [Argument] = []
            var values: [JSONValue] = []
            var paths: [JSONPath] = []
            var calls: [Node] = []
            for argument in node.arguments {
                switch argument {
                case .literal(let v):
                    arguments.append(.value(values.count))
                    values.append(v)
                case .string(let s, _):
                    arguments.append(.value(values.count))
                    values.append(.string(s))
                case .path(let p):
                    guard p.root == .input else { return nil }
                    arguments.append(.path(Unmanaged.passUnretained(p.compiled), paths.count))
                    paths.append(p)
                case .call(let inner):
                    guard let n = Node(inner) else { return nil }
                    arguments.append(.call(Unmanaged.passUnretained(n)))
                    calls.append(n)
                }
            }
            self.node = node
            self.arguments = arguments
            self.values = values
            self.paths = paths
            self.calls = calls
            if node.function == .format, case .string(_, let raw)? = node.arguments.first {
                format = FormatTemplate(raw)
            } else {
                format = nil
            }
        }

        @inline(__always)
        func argument(_ i: Int, _ input: JSONValue, _ maxBytes: Int) -> JSONValue? {
            switch arguments[i] {
            case .value(let k): return values[k]
            case .path(let compiled, let k):
                let found = compiled._withUnsafeGuaranteedRef { c -> JSONValue? in
                    c.definite ? c.definiteValue(input) : nil
                }
                if let found { return found }
                if case .success(let v) = paths[k].evaluate(input) { return v }
                return nil
            case .call(let node):
                return node._withUnsafeGuaranteedRef { $0.evaluate(input, maxBytes) }
            }
        }

        func evaluate(_ input: JSONValue, _ maxBytes: Int) -> JSONValue? {
            let outcome: Result<JSONValue, PathExpressionFailure>
            switch arguments.count {
            case 1:
                guard let a = argument(0, input, maxBytes) else { return nil }
                outcome = IntrinsicEvaluator.unary(node.function, a) ?? apply([a], input, maxBytes)
            case 2:
                guard let a = argument(0, input, maxBytes), let b = argument(1, input, maxBytes) else { return nil }
                if let format, let text = format.text(b) {
                    // The general way's limits: the arguments, then the result (a short string
                    // is within any limit of 128 bytes or more).
                    if IntrinsicLimit.arguments(ArgumentPair(a, b), .format, maxBytes) != nil { return nil }
                    if text.utf8.count <= 21, maxBytes >= 128 { return .string(text) }
                    outcome = IntrinsicLimit.result(.success(.string(text)), .format, maxBytes)
                } else if node.function == .format {
                    outcome = IntrinsicEvaluator.format(node, ArgumentPair(a, b), maxBytes)
                } else {
                    outcome = IntrinsicEvaluator.binary(node.function, a, b) ?? apply([a, b], input, maxBytes)
                }
            default:
                var args: [JSONValue] = []
                args.reserveCapacity(arguments.count)
                for i in 0..<arguments.count {
                    guard let v = argument(i, input, maxBytes) else { return nil }
                    args.append(v)
                }
                outcome = apply(args, input, maxBytes)
            }
            if case .success(let v) = outcome { return v }
            return nil
        }

        private func apply(_ args: [JSONValue], _ input: JSONValue, _ maxBytes: Int)
            -> Result<JSONValue, PathExpressionFailure>
        {
            // Only UUID and MathRandom read the environment, and the route leaves those out.
            IntrinsicEvaluator.apply(node, args, maxBytes) {
                var env = PathEnvironment(input: input)
                env.maxBytes = maxBytes
                return env
            }
        }
    }
}

/// Collects a template's literal runs (`FormatTemplate.init`).
private struct RunSink: FormatSink {
    var runs: [[UInt8]] = []
    var current: [UInt8] = []

    mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>) { current.append(contentsOf: bytes) }

    mutating func value(_ value: JSONValue) {
        runs.append(current)
        current = []
    }
}

/// A States.Format template written as a string literal, split once at its placeholders: the
/// literal runs between them with their escapes (`\{`, `\}`, `\'`, `\\`) already resolved, as
/// `IntrinsicFunctions.formatBytes` resolves them on every call.
final class FormatTemplate {
    /// The literal runs, one more than the placeholders.
    let runs: [[UInt8]]
    var placeholders: Int { runs.count - 1 }
    /// The runs one after the other, and where the first ends: the text of a template of one
    /// placeholder is written from them without reading the nested arrays.
    let literal: [UInt8]
    let split: Int

    init(_ raw: String) {
        // formatBytes's own walk, with a placeholder for every `{}`: each ends a run.
        var sink = RunSink()
        var failure: PathExpressionFailure?
        _ = IntrinsicFunctions.formatBytes(raw, repeatElement(JSONValue.null, count: Int.max), &failure, into: &sink)
        var runs = sink.runs
        runs.append(sink.current)
        self.runs = runs
        literal = runs.flatMap { $0 }
        split = runs[0].count
    }

    /// The template with its one placeholder replaced by `value`, when the template has exactly
    /// one and `value` is a string or an integer; nil otherwise (the general way decides).
    @inline(__always)
    func text(_ value: JSONValue) -> String? {
        guard runs.count == 2 else { return nil }
        let valueBytes: Int
        switch value {
        case .string(let s): valueBytes = s.utf8.count
        case .int(let i): valueBytes = JSONSize.digits(i)
        default: return nil
        }
        let split = self.split
        return literal.withUnsafeBufferPointer { lit in
            String(unsafeUninitializedCapacity: max(lit.count + valueBytes, 1)) { out in
                let base = out.baseAddress!
                if let l = lit.baseAddress { base.update(from: l, count: split) }
                var count = split
                switch value {
                case .string(var s):
                    count += s.withUTF8 { v in
                        if let p = v.baseAddress { (base + count).update(from: p, count: v.count) }
                        return v.count
                    }
                case .int(let i):
                    count += IntrinsicFunctions.writeDecimal(
                        i, into: UnsafeMutableBufferPointer(rebasing: out[count...]))
                default: break
                }
                if let l = lit.baseAddress { (base + count).update(from: l + split, count: lit.count - split) }
                return count + lit.count - split
            }
        }
    }
}
