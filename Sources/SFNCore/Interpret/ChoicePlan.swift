import SFNJSON
import SFNJSONPath

/// A JSONPath-mode Choice state's rules compiled for the run loop (see TemplatePlan): conditions
/// are final classes whose `let` fields the evaluation borrows, called through `Unmanaged` slots.
/// Copying a `ChoiceCondition` out of its indirect box (with its `JSONPath` and `ChoiceTest`)
/// retained and released them per rule per transition. Outcomes and error wording are those of
/// `Executor.evaluate(_:input:states:_:)`.
final class ChoicePlan: @unchecked Sendable {
    let conditions: [ConditionNode]
    let slots: [Unmanaged<ConditionNode>]
    /// Each rule's Next, and its Assign (nil: the state's own), held by `assignNodes`.
    let nexts: [Int]
    let assignNodes: [TemplateNode?]
    let assigns: [Unmanaged<TemplateNode>?]
    let defaultIndex: Int?

    init(_ choice: ChoiceState) {
        conditions = choice.choices.map { ConditionNode.compile($0.condition) }
        slots = conditions.map { Unmanaged.passUnretained($0) }
        nexts = choice.choices.map(\.next)
        assignNodes = choice.choices.map { $0.assign.map(TemplateNode.compile) }
        assigns = assignNodes.map { $0.map { Unmanaged.passUnretained($0) } }
        defaultIndex = choice.defaultIndex
    }

    /// The first rule that matches (its Next and Assign), or the Default; States.NoChoiceMatched
    /// without one. `plan` is called without retaining it.
    @inline(__always)
    static func choose(_ plan: Unmanaged<ChoicePlan>, _ input: JSONValue, _ executor: Executor, _ run: StateRun)
        throws(StatesError) -> (index: Int, assign: Unmanaged<TemplateNode>?)
    {
        do {
            return try plan._withUnsafeGuaranteedRef { (choice) in
                if let i = try choice.match(input, executor, run) { return (choice.nexts[i], choice.assigns[i]) }
                guard let d = choice.defaultIndex else { throw executor.noChoiceMatched(run) }
                return (d, nil)
            }
        } catch {
            // `_withUnsafeGuaranteedRef` rethrows untyped; only StatesError is thrown inside.
            throw error as! StatesError
        }
    }

    /// The first rule whose condition holds for `input`, or nil.
    @inline(__always)
    func match(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Int? {
        try slots.withUnsafeBufferPointer { (slots) throws(StatesError) -> Int? in
            for i in slots.indices where try ConditionNode.holds(slots[i], input, executor, run) { return i }
            return nil
        }
    }
}

class ConditionNode: @unchecked Sendable {
    func holds(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Bool {
        preconditionFailure("ConditionNode is abstract")
    }

    static func compile(_ condition: ChoiceCondition) -> ConditionNode {
        switch condition {
        case .and(let subs): return AllNode(subs.map(compile), all: true)
        case .or(let subs): return AllNode(subs.map(compile), all: false)
        case .not(let sub): return NotNode(compile(sub))
        case .compare(let variable, let test): return CompareNode(variable, test)
        case .constant, .jsonata: return OtherConditionNode(condition)
        }
    }

    @inline(__always)
    static func holds(
        _ node: Unmanaged<ConditionNode>, _ input: JSONValue, _ executor: Executor, _ run: StateRun
    ) throws(StatesError) -> Bool {
        do {
            return try node._withUnsafeGuaranteedRef { try $0.holds(input, executor, run) }
        } catch {
            // `_withUnsafeGuaranteedRef` rethrows untyped; only StatesError is thrown inside.
            throw error as! StatesError
        }
    }
}

/// `Variable` and a comparison.
final class CompareNode: ConditionNode {
    let variable: JSONPath
    let test: ChoiceTest

    init(_ variable: JSONPath, _ test: ChoiceTest) {
        self.variable = variable
        self.test = test
    }

    override func holds(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Bool {
        let value: JSONValue
        if variable.readsInput {
            do {
                value = try variable.value(in: input)
            } catch {
                // AWS never fails an indefinite path: no match is an empty list.
                if variable.isDefinite {
                    if case .isPresent(let expected) = test { return !expected }
                    throw executor.invalidPath(variable.text, error, run)
                }
                value = .array([])
            }
        } else {
            switch executor.evaluatePath(variable, input: input, run) {
            case .success(let v): value = v
            case .failure(let f):
                if case .isPresent(let expected) = test { return !expected }
                throw executor.invalidPath(variable.text, f, run)
            }
        }
        return try executor.apply(test, to: value, input: input, run)
    }
}

/// And (`all`) or Or.
final class AllNode: ConditionNode {
    let children: [ConditionNode]
    let slots: [Unmanaged<ConditionNode>]
    let all: Bool

    init(_ children: [ConditionNode], all: Bool) {
        self.children = children
        slots = children.map { Unmanaged.passUnretained($0) }
        self.all = all
    }

    override func holds(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Bool {
        try slots.withUnsafeBufferPointer { (slots) throws(StatesError) -> Bool in
            for slot in slots where try ConditionNode.holds(slot, input, executor, run) != all { return !all }
            return all
        }
    }
}

final class NotNode: ConditionNode {
    let child: ConditionNode
    init(_ child: ConditionNode) { self.child = child }

    override func holds(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Bool {
        !(try child.holds(input, executor, run))
    }
}

/// A literal or JSONata condition (JSONata-mode Choices do not use the plan; kept for completeness).
final class OtherConditionNode: ConditionNode {
    let condition: ChoiceCondition
    init(_ condition: ChoiceCondition) { self.condition = condition }

    override func holds(_ input: JSONValue, _ executor: Executor, _ run: StateRun) throws(StatesError) -> Bool {
        try executor.evaluate(condition, input: input, states: .null, run)
    }
}
