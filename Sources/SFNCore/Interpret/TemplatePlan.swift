import SFNJSON
import SFNJSONPath
import SFNJSONata

/// A JSONPath-mode template (Parameters, ResultSelector, Assign) compiled for the run loop: a tree
/// of final classes whose fields are `let`s, so that evaluating it borrows everything it reads.
///
/// Walking the `Template` enum copied each node out of its indirect box or array (a retain and a
/// release each, with the path's compiled steps), and built a `PathEnvironment` (four reference
/// counted fields) per template even when every leaf reads only `$`. Here a leaf rooted at `$`
/// reads the input it is handed, and the environment is built only by a leaf that reads `$$` or
/// a variable. Children are held twice: strongly in `children` (their owner) and as `Unmanaged`
/// in `slots`, which the walk calls through without touching their reference counts (their
/// lifetime is the plan's, which the state node holds for the whole run). Results and error
/// wording are those of `Executor.walk` with `PathLeaves`.
class TemplateNode: @unchecked Sendable {
    /// The value of the template with `$` = `input`.
    func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        preconditionFailure("TemplateNode is abstract")
    }

    static func compile(_ template: Template) -> TemplateNode {
        switch template {
        case .literal(let v):
            return LiteralNode(v)
        case .object(let keys, let values):
            return ObjectNode(keys: keys, children: values.map(compile))
        case .array(let items):
            return ArrayNode(children: items.map(compile))
        case .path(.path(let path), let field) where path.readsInput:
            return InputPathNode(path, field: field)
        case .path(.intrinsic(let call), let field):
            return CallNode(call, field: field)
        case .path(let expr, let field):
            return ExpressionNode(expr, field: field)
        case .jsonata(let expr, let field):
            return JSONataNode(expr, field: field)
        }
    }

    /// Calls `slots[i]` without retaining it.
    @inline(__always)
    static func value(
        _ slots: UnsafeBufferPointer<Unmanaged<TemplateNode>>, _ i: Int, _ input: JSONValue, _ executor: Executor,
        _ run: StateRun
    ) throws(StatesError) -> JSONValue {
        try value(slots[i], input, executor, run)
    }

    /// Calls `node` without retaining it.
    @inline(__always)
    static func value(_ node: Unmanaged<TemplateNode>, _ input: JSONValue, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        do {
            return try node._withUnsafeGuaranteedRef { try $0.value(input, executor, run) }
        } catch {
            // `_withUnsafeGuaranteedRef` rethrows untyped; only StatesError is thrown inside.
            throw error as! StatesError
        }
    }
}

final class LiteralNode: TemplateNode {
    let literal: JSONValue
    init(_ literal: JSONValue) { self.literal = literal }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        literal
    }
}

final class ObjectNode: TemplateNode {
    /// Unique (the compiler keeps the last of duplicates), shared with every object built.
    let keys: [String]
    let children: [TemplateNode]
    let slots: [Unmanaged<TemplateNode>]

    init(keys: [String], children: [TemplateNode]) {
        self.keys = keys
        self.children = children
        slots = children.map { Unmanaged.passUnretained($0) }
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        try slots.withUnsafeBufferPointer { (slots) throws(StatesError) -> JSONValue in
            .object(
                try JSONObject(uniqueKeys: keys) { (i) throws(StatesError) in
                    try TemplateNode.value(slots, i, input, executor, run)
                })
        }
    }
}

final class ArrayNode: TemplateNode {
    let children: [TemplateNode]
    let slots: [Unmanaged<TemplateNode>]

    init(children: [TemplateNode]) {
        self.children = children
        slots = children.map { Unmanaged.passUnretained($0) }
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        try slots.withUnsafeBufferPointer { (slots) throws(StatesError) -> JSONValue in
            var out: [JSONValue] = []
            out.reserveCapacity(slots.count)
            for i in slots.indices { out.append(try TemplateNode.value(slots, i, input, executor, run)) }
            return .array(out)
        }
    }
}

/// A `key.$` path rooted at `$`.
final class InputPathNode: TemplateNode {
    let path: JSONPath
    let field: String

    init(_ path: JSONPath, field: String) {
        self.path = path
        self.field = field
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        do {
            return try path.value(in: input)
        } catch {
            if !path.isDefinite { return .array([]) }
            throw executor.pathNotFound(path.text, field: field, input: input, run)
        }
    }
}

/// A `key.$` intrinsic call: its `$` arguments read the input; the environment is built only
/// for arguments rooted elsewhere.
final class CallNode: TemplateNode {
    let call: IntrinsicCall
    let field: String

    init(_ call: IntrinsicCall, field: String) {
        self.call = call
        self.field = field
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        do {
            return try call.evaluate(input: input, maxBytes: executor.options.maxPayloadBytes) {
                executor.pathEnvironment(run, input: input)
            }
        } catch {
            throw executor.expressionError(error, field: field, input: input, run)
        }
    }
}

/// A `key.$` path rooted at `$$` or a variable: evaluated in a path environment.
final class ExpressionNode: TemplateNode {
    let expr: PathExpression
    let field: String

    init(_ expr: PathExpression, field: String) {
        self.expr = expr
        self.field = field
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        try executor.evaluateExpression(expr, field: field, env: executor.pathEnvironment(run, input: input), run)
    }
}

final class JSONataNode: TemplateNode {
    let expr: JSONataExpression
    let field: String

    init(_ expr: JSONataExpression, field: String) {
        self.expr = expr
        self.field = field
    }

    override func value(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> JSONValue {
        try executor.evaluateJSONata(expr, field: field, input: input, run)
    }
}
