import SFNJSON
import SFNJSONPath
import SFNJSONata

/// What a payload template's expression leaves evaluate against: a path environment (JSONPath
/// mode) or `$states` (JSONata mode).
///
/// The walk is generic over its leaves, not handed a closure: a leaf closure made every Pass
/// state copy its `StateRun` into the closure context and cost the loop benchmark about 40%
/// (2.4M to 1.5M transitions/s); a generic walk is specialised per kind of leaves and copies
/// nothing.
protocol TemplateLeaves {
    func path(_ expr: PathExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    func jsonata(_ expr: JSONataExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
}

struct PathLeaves: TemplateLeaves {
    let env: PathEnvironment

    func path(_ expr: PathExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try executor.evaluateExpression(expr, field: field, env: env, run)
    }

    func jsonata(_ expr: JSONataExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try executor.evaluateJSONata(expr, field: field, input: env.input, run)
    }
}

struct JSONataLeaves: TemplateLeaves {
    let states: JSONValue

    // Not produced by the loader in JSONata mode; evaluated as JSONPath for completeness.
    func path(_ expr: PathExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try executor.evaluateExpression(expr, field: field, env: executor.pathEnvironment(run, input: run.input), run)
    }

    func jsonata(_ expr: JSONataExpression, field: String, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try executor.evaluateJSONata(expr, field: field, states: states, run)
    }
}

extension Executor {
    /// Evaluates a template (Parameters, Arguments, ResultSelector, Output, Assign, ...): literal
    /// JSON with expressions anywhere inside.
    func walk<Leaves: TemplateLeaves>(_ template: Template, _ leaves: Leaves, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        switch template {
        case .literal(let v):
            return v
        case .object(let keys, let values):
            // Keys are unique (the compiler keeps the last of duplicates). The object shares the
            // template's key array and holds its values inline: one allocation per evaluation
            // (a key array, a value array and a storage before).
            return .object(
                try JSONObject(uniqueKeys: keys) { (i) throws(StatesError) in try walk(values[i], leaves, run) })
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try walk(item, leaves, run)) }
            return .array(out)
        case .path(let expr, let field):
            return try leaves.path(expr, field: field, self, run)
        case .jsonata(let expr, let field):
            return try leaves.jsonata(expr, field: field, self, run)
        }
    }
}
