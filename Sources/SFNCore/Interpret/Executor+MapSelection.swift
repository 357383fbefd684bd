import SFNJSON
import SFNJSONPath
import SFNJSONata

/// A Map's ItemSelector made ready once for all its items.
///
/// `selectItem` builds the whole context object for every item, its EnteredTime formatted anew
/// each time: about 11,000 instructions of the 45,000 an item of the map benchmark cost. Here
/// the context is built once per worker and only `Map.Item` is added per item, and only when
/// the selector reads more of the context than `$$.Map.Item.Index` and `$$.Map.Item.Value`,
/// which are answered without any object at all.
struct ItemSelection: Sendable {
    let selector: Template?
    /// The Map's effective input: what `$` is in a JSONPath selector.
    let effective: JSONValue
    /// Whether the selector reads the context beyond the item's index and value.
    let needsContext: Bool
    /// The members of a selector that is an object (the usual shape), each known to be the
    /// item's index, its value or something to walk: such an object is built without walking.
    let members: (keys: [String], values: [Member])?

    enum Member: Sendable {
        case direct(MapItemLeaves.Direct)
        case walked(Template)
    }

    init(_ selector: Template?, effective: JSONValue) {
        self.selector = selector
        self.effective = effective
        needsContext = selector.map(Self.readsMoreContext) ?? false
        if case .object(let keys, let values)? = selector {
            members = (
                keys,
                values.map { value in
                    if case .path(.path(let p), _) = value, let direct = MapItemLeaves.direct(p) {
                        return .direct(direct)
                    }
                    return .walked(value)
                }
            )
        } else {
            members = nil
        }
    }

    /// Whether the fast selection gives what `selectItem` gives: not with TestState's context
    /// overrides, which are merged into the context after `Map`.
    static func applies(to executor: Executor) -> Bool { executor.execution.contextOverrides == nil }

    /// True when a leaf of `template` reads `$$` other than through the two paths answered
    /// directly (JSONata leaves always see `$states.context`).
    static func readsMoreContext(_ template: Template) -> Bool {
        switch template {
        case .literal: return false
        case .object(_, let values): return values.contains(where: readsMoreContext)
        case .array(let items): return items.contains(where: readsMoreContext)
        case .jsonata: return true
        case .path(let expr, _):
            if case .path(let p) = expr, MapItemLeaves.direct(p) != nil { return false }
            return expr.referencesContext
        }
    }

    /// What one worker keeps between items: the context without `Map`, built once.
    struct Prepared {
        var env: PathEnvironment
        let base: JSONObject
        let jsonata: Bool
        let stateInput: JSONValue
    }

    func prepare(_ executor: Executor, _ run: StateRun) -> Prepared {
        if run.state.queryLanguage == .jsonata {
            let states = executor.jsonataStates(run)
            let base = states["context"]?.objectValue ?? JSONObject()
            return Prepared(
                env: PathEnvironment(input: effective), base: base, jsonata: true, stateInput: run.input)
        }
        let env = executor.pathEnvironment(run, input: effective)
        return Prepared(env: env, base: env.context.objectValue ?? JSONObject(), jsonata: false, stateInput: run.input)
    }

    /// The iteration input of item `index`: what `selectItem` returns for it.
    func select(
        index: Int, item: JSONValue, _ prepared: inout Prepared, _ executor: Executor, _ run: StateRun
    ) throws(StatesError) -> JSONValue {
        guard let selector else { return item }
        if prepared.jsonata {
            var states = JSONObject(minimumCapacity: 2)
            states.append("input", prepared.stateInput)
            states.append("context", .object(Self.context(prepared.base, index: index, item: item)))
            return try executor.evaluateJSONataTemplate(selector, states: .object(states), run)
        }
        if needsContext { prepared.env.context = .object(Self.context(prepared.base, index: index, item: item)) }
        guard let members else {
            return try executor.walk(selector, MapItemLeaves(env: prepared.env, index: index, item: item), run)
        }
        // Template keys are unique (the compiler keeps the last of duplicates).
        var values: [JSONValue] = []
        values.reserveCapacity(members.values.count)
        for member in members.values {
            switch member {
            case .direct(.index): values.append(.int(index))
            case .direct(.value): values.append(item)
            case .walked(let t):
                values.append(try executor.walk(t, MapItemLeaves(env: prepared.env, index: index, item: item), run))
            }
        }
        return .object(JSONObject(uncheckedKeys: members.keys, values: values))
    }

    /// The context object with `Map.Item` last, as `ExecutionInfo.context` orders it for a Map.
    static func context(_ base: JSONObject, index: Int, item: JSONValue) -> JSONObject {
        var entry = JSONObject(minimumCapacity: 2)
        entry.append("Index", .int(index))
        entry.append("Value", item)
        var map = JSONObject(minimumCapacity: 1)
        map.append("Item", .object(entry))
        var ctx = base
        ctx.append("Map", .object(map))
        return ctx
    }
}

/// JSONPath leaves of an ItemSelector: `$$.Map.Item.Index` and `$$.Map.Item.Value` straight
/// from the item, every other expression against the environment.
struct MapItemLeaves: TemplateLeaves {
    let env: PathEnvironment
    let index: Int
    let item: JSONValue

    enum Direct { case index, value }

    /// Which of the two item paths `path` is, as written; nil for any other.
    @inline(__always)
    static func direct(_ path: JSONPath) -> Direct? {
        guard path.root == .context else { return nil }
        let text = path.text
        guard text.utf8.count == 17 else { return nil }
        if text == "$$.Map.Item.Value" { return .value }
        if text == "$$.Map.Item.Index" { return .index }
        return nil
    }

    func path(_ expr: PathExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        if case .path(let p) = expr, let direct = Self.direct(p) {
            return direct == .value ? item : .int(index)
        }
        return try executor.evaluateExpression(expr, field: field, env: env, run)
    }

    func jsonata(_ expr: JSONataExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try executor.evaluateJSONata(expr, field: field, input: env.input, run)
    }
}
