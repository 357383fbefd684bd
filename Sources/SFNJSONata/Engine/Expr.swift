import SFNJSON

/// The immutable, evaluation-ready form of a processed parse tree. Built once per compile from
/// `Node` (which the parser and AST processor mutate freely); every field is a `let`, so walking
/// it costs no exclusivity checks and it is safe to share across threads.
final class Expr {
    enum Stage {
        case filter(Expr, position: Int)
        case index(String)
    }

    struct SortTerm {
        let descending: Bool
        let expression: Expr
    }

    typealias Kind = Node.Kind

    let kind: Kind
    let value: String
    let position: Int
    let literal: Val
    let lhs: Expr?
    let rhs: Expr?
    let expression: Expr?
    let expressions: [Expr]
    let pairs: [(Expr, Expr)]
    let steps: [Expr]
    let arguments: [Expr]
    let procedure: Expr?
    let body: Expr?
    let condition: Expr?
    let then: Expr?
    let otherwise: Expr?
    let pattern: Expr?
    let update: Expr?
    let delete: Expr?
    let terms: [SortTerm]
    let predicate: [Stage]?
    let stages: [Stage]?
    let group: (pairs: [(Expr, Expr)], position: Int)?
    let keepArray: Bool
    let keepSingletonArray: Bool
    let consarray: Bool
    let tuple: Bool
    let thunk: Bool
    let focus: String?
    let index: String?
    /// Label under which a `%` ancestor is bound (on name/wildcard steps).
    let ancestorLabel: String?
    /// Label a `%` node reads.
    let slotLabel: String?
    let signature: Signature?
    let regex: RegexLiteral?
    let simplePath: Bool
    /// For lambdas: the body as a frame-free fast expression, when it is that simple.
    let fast: FastExpr?
    /// For lambdas: the body in fast form over the parameters.
    let fastBody: FastExpr?
    /// `fast` and `fastBody` compiled to closures (what the evaluator runs).
    let fastRun: FastCompiled.ValFn?
    let fastBodyRun: FastCompiled.ValFn?
    /// Blocks that bind variables get their own frame; others can share the enclosing one.
    let needsFrame: Bool
    /// A name step with nothing attached: over an input object, its value is the member itself.
    let isPlainName: Bool
    /// The member name when this is a path of one plain name (a group-by key such as `region`).
    let plainNameKey: String?
    /// For a name step, its member read (which remembers where the member was last found).
    let member: MemberRead?
    /// `plainNameKey`'s member read.
    let plainNameMember: MemberRead?
    /// `fast` run straight over an input object, for a number or a test (ObjectRoute).
    let objectNum: ObjectRoute.NumFn?
    let objectBool: ObjectRoute.BoolFn?

    static func containsBind(_ n: Node, depth: Int) -> Bool {
        if n.kind == .bind || depth > 400 { return true }
        if n.kind == .lambda { return false }
        var found = false
        n.forEachChild { c in if !found && containsBind(c, depth: depth + 1) { found = true } }
        return found
    }

    init(_ n: Node) {
        kind = n.kind
        value = n.value
        position = n.position
        literal = n.literal
        lhs = n.lhs.map(Expr.init)
        rhs = n.rhs.map(Expr.init)
        expression = n.expression.map(Expr.init)
        expressions = n.expressions.map(Expr.init)
        pairs = n.pairs.map { (Expr($0.0), Expr($0.1)) }
        steps = n.steps.map(Expr.init)
        arguments = n.arguments.map(Expr.init)
        procedure = n.procedure.map(Expr.init)
        body = n.body.map(Expr.init)
        condition = n.condition.map(Expr.init)
        then = n.then.map(Expr.init)
        otherwise = n.otherwise.map(Expr.init)
        pattern = n.pattern.map(Expr.init)
        update = n.update.map(Expr.init)
        delete = n.delete.map(Expr.init)
        terms = n.terms.map { SortTerm(descending: $0.descending, expression: Expr($0.expression)) }
        predicate = n.predicate.map(Expr.stages)
        stages = n.stages.map(Expr.stages)
        group = n.group.map { g in (g.pairs.map { (Expr($0.0), Expr($0.1)) }, g.position) }
        keepArray = n.keepArray
        keepSingletonArray = n.keepSingletonArray
        consarray = n.consarray
        tuple = n.tuple
        thunk = n.thunk
        focus = n.focus
        index = n.index
        ancestorLabel = n.ancestor?.label
        slotLabel = n.slot?.label
        signature = n.signature
        regex = n.regex
        simplePath = Expr.isSimplePath(n)
        if n.kind == .lambda, !n.thunk, let b = n.body {
            fastBody = FastExpr.build(b, params: n.arguments.map { $0.value })
        } else {
            fastBody = nil
        }
        fast = (n.kind == .binary || n.kind == .block) ? FastExpr.build(n, params: []) : nil
        fastRun = fast.map(FastCompiled.val)
        fastBodyRun = fastBody.map(FastCompiled.val)
        needsFrame = n.kind == .block && Expr.containsBind(n, depth: 0)
        isPlainName =
            n.kind == .name && n.predicate == nil && n.stages == nil && n.group == nil && !n.keepArray
            && n.focus == nil && n.index == nil && !n.tuple && n.ancestor == nil && !n.consarray
        plainNameKey = simplePath && n.steps.count == 1 && n.steps[0].kind == .name ? n.steps[0].value : nil
        member = n.kind == .name ? MemberRead(n.value) : nil
        plainNameMember = plainNameKey == nil ? nil : steps[0].member
        objectNum = fast.flatMap(ObjectRoute.num)
        objectBool = fast.flatMap(ObjectRoute.bool)
    }

    static func stages(_ list: [Node.Stage]) -> [Stage] {
        list.map { s in
            switch s {
            case .filter(let e, let p): return .filter(Expr(e), position: p)
            case .index(let name): return .index(name)
            }
        }
    }

    /// A path of plain names (after an optional variable) with nothing attached to any step.
    static func isSimplePath(_ n: Node) -> Bool {
        guard n.kind == .path, !n.steps.isEmpty, n.group == nil, !n.keepSingletonArray, !n.tuple,
            n.predicate == nil
        else { return false }
        for (i, s) in n.steps.enumerated() {
            guard s.kind == .name || (i == 0 && s.kind == .variable) else { return false }
            guard s.predicate == nil, s.stages == nil, s.group == nil, s.focus == nil, s.index == nil,
                !s.tuple, !s.keepArray, s.ancestor == nil, !s.consarray
            else { return false }
        }
        return true
    }
}
