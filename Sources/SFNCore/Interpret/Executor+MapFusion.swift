import SFNJSON
import SFNJSONPath

/// An unobserved INLINE Map whose ItemSelector only passes the item and its index on, and whose
/// item processor is one Pass state with Parameters: each iteration's output is evaluated
/// straight from the item, without the selected object and without the run loop.
///
/// With `"ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value"}` the
/// Pass's `$.value.a` is the item's `$.a` and its `$.index` the item's index: the Parameters are
/// rewritten once so, and per item the selected object (two allocations, its freeing, and a
/// member lookup per path through it) and the run loop's bookkeeping are not needed. What the
/// general route would give is kept: the same output; the two events of the Pass numbered; and
/// an item whose rewritten Parameters fail is run again the general way (selected object, run
/// loop), so its error, cause and event ids are exactly the general route's.
final class FusedPass: Sendable {
    /// The Pass state.
    let state: StateNode
    /// Its Parameters, read from the item (see `rebase`).
    let template: Template

    init(state: StateNode, template: Template) {
        self.state = state
        self.template = template
    }

    /// The fused form of `map`'s iterations, or nil when they are not of that shape. With
    /// `ownKeys`, the template's objects get key arrays of their own (a worker's private copy).
    static func make(_ map: MapState, _ selection: ItemSelection, ownKeys: Bool = false) -> FusedPass? {
        guard let members = selection.members, !selection.needsContext else { return nil }
        var indexKeys: Set<String> = []
        var valueKeys: Set<String> = []
        for (key, member) in zip(members.keys, members.values) {
            guard case .direct(let direct) = member else { return nil }
            if direct == .index { indexKeys.insert(key) } else { valueKeys.insert(key) }
        }
        let graph = map.processor
        guard graph.states.count == 1, let state = graph.states.first, case .pass(let pass) = state.kind,
            pass.result == nil, state.transition == .end, state.assign == nil, state.queryLanguage == .jsonPath,
            !state.usesContext, case .identity = state.io.inputPath, case .replace = state.io.resultPath,
            case .identity = state.io.outputPath, state.io.resultSelector == nil,
            let parameters = state.io.parameters,
            let template = rebase(parameters, index: indexKeys, value: valueKeys, ownKeys: ownKeys)
        else { return nil }
        return FusedPass(state: state, template: template)
    }

    /// `template` reading the item: `$.<value key>` followed by more steps becomes `$` followed by
    /// them, `$.<index key>` alone becomes `$$.Map.Item.Index` (which MapItemLeaves answers from
    /// the index). nil for anything else: other roots, other members, JSONata, the index key
    /// inside an intrinsic call (where no leaf answers it).
    static func rebase(
        _ template: Template, index: Set<String>, value: Set<String>, ownKeys: Bool = false
    ) -> Template? {
        switch template {
        case .literal: return template
        case .jsonata: return nil
        case .object(let keys, let values):
            var rebased: [Template] = []
            rebased.reserveCapacity(values.count)
            for v in values {
                guard let r = rebase(v, index: index, value: value, ownKeys: ownKeys) else { return nil }
                rebased.append(r)
            }
            guard ownKeys else { return .object(keys: keys, values: rebased) }
            var own: [String] = []
            own.reserveCapacity(keys.count)
            own.append(contentsOf: keys)
            return .object(keys: own, values: rebased)
        case .array(let items):
            var rebased: [Template] = []
            rebased.reserveCapacity(items.count)
            for v in items {
                guard let r = rebase(v, index: index, value: value, ownKeys: ownKeys) else { return nil }
                rebased.append(r)
            }
            return .array(rebased)
        case .path(.path(let path), let field):
            guard let r = rebase(path, index: index, value: value, indexAllowed: true) else { return nil }
            return .path(.path(r), field: field)
        case .path(.intrinsic(let call), let field):
            let r = call.replacingPaths { rebase($0, index: index, value: value, indexAllowed: false) }
            guard let r else { return nil }
            return .path(.intrinsic(r), field: field)
        }
    }

    /// One path read from the item; nil when it cannot be.
    static func rebase(_ path: JSONPath, index: Set<String>, value: Set<String>, indexAllowed: Bool) -> JSONPath? {
        guard path.root == .input else { return nil }
        let text = Substring(path.text)
        guard text.hasPrefix("$.") else { return nil }
        let rest = text.dropFirst(2)
        let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
        let name = String(rest[..<end])
        let tail = rest[end...]
        // Inside a filter `$` is the whole input again (the selected object), not the item.
        guard !tail.contains(where: { $0 == "$" || $0 == "?" || $0 == "(" || $0 == "@" }) else { return nil }
        if index.contains(name) {
            return indexAllowed && tail.isEmpty ? try? JSONPath("$$.Map.Item.Index") : nil
        }
        guard value.contains(name) else { return nil }
        return try? JSONPath("$" + tail)
    }
}

extension Executor {
    /// Whether the fused route may run: not under AWS's payload quota, which the run loop
    /// checks on every state's output.
    var fusionApplies: Bool { !options.awsLimits }

    /// One item's output through `route`, or nil when its Parameters fail on it (the item is
    /// then run the general way, which gives the failure as it is). The run loop's checks
    /// before a state are made as it makes them: the execution's timeout, the history quota on
    /// the entered event (an end state's exit is not checked). `bound` grows by the output's
    /// payload bound (`JSONSize.upperBound`).
    ///
    /// `shared` is the Map's log (the executor's own): handed in, because binding the executor's
    /// optional property retained the one log of all workers per item, from every core.
    @inline(__always)
    func runFused(
        _ route: FusedRoute, shared: SharedEventLog, index: Int, item: JSONValue, bound: inout Int
    ) throws(StatesError) -> JSONValue? {
        if deadline < .infinity && now() >= deadline { throw executionTimeout() }
        let output: JSONValue
        if let template = route.template {
            var itemBound = 0
            guard let v = template.evaluate(index: index, item: item, maxBytes: route.maxBytes, bound: &itemBound)
            else { return nil }
            output = v
            bound &+= itemBound
        } else {
            route.env.input = item
            do throws(StatesError) {
                output = try walk(
                    route.pass.template, MapItemLeaves(env: route.env, index: index, item: item), route.run)
            } catch {
                return nil
            }
            bound &+= JSONSize.upperBound(output, cap: route.maxBytes)
        }
        let enteredId = shared.next(block: &idBlock)  // PassStateEntered
        if enteredId >= lastEventId && quotaReached(enteredId) { throw historyQuotaError() }
        _ = shared.next(block: &idBlock)  // PassStateExited
        return output
    }
}

/// What one worker keeps for the fused route: the Pass's run (for error wording only: a
/// failing item is run again the general way), its Parameters made ready (FusedTemplate), or
/// where they cannot be, its path environment, whose input is set per item. A class, so that
/// the per-item loop holds one reference instead of copying them.
final class FusedRoute {
    let pass: FusedPass
    let run: StateRun
    let template: FusedTemplate?
    /// `--max-payload`: the intrinsic functions' limit, and the cap of the payload measure.
    let maxBytes: Int
    var env: PathEnvironment

    init(_ pass: FusedPass, _ executor: Executor) {
        self.pass = pass
        run = StateRun(state: pass.state, enteredEventId: 0, enteredMillis: 0, input: .null)
        env = executor.pathEnvironment(run, input: .null)
        template = FusedTemplate(pass.template)
        maxBytes = executor.options.maxPayloadBytes
    }
}
