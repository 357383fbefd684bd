import SFNJSON

/// Rewrites the raw parse tree into evaluator form: location paths become step lists,
/// predicates become stages, `@`/`#` bind tuples and `%` parents get ancestry slots.
struct ASTProcessor {
    var ancestorLabel = 0
    var ancestorIndex = 0
    var ancestry: [Node] = []
    var depth = 0

    static func process(_ raw: Node) throws(JSONataError) -> Node {
        var p = ASTProcessor()
        let ast = try p.process(raw)
        if ast.kind == .parent || ast.seekingParent != nil {
            throw .make("S0217", position: ast.position, token: ast.kind == .parent ? "parent" : "\(ast.kind)")
        }
        return ast
    }

    mutating func seekParent(_ node: Node, _ slotIn: Slot) throws(JSONataError) -> Slot {
        var slot = slotIn
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    if slot.index < ancestry.count { ancestry[slot.index].slot?.label = existing.label }
                    node.ancestor = slot
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.tuple = true
                slot = try seekParent(last, slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw .make("S0217", position: node.position, token: "\(node.kind)")
        }
        return slot
    }

    func pushAncestry(_ result: Node, _ value: Node) {
        if value.seekingParent != nil || value.kind == .parent {
            var slots = value.seekingParent ?? []
            if value.kind == .parent, let s = value.slot { slots.append(s) }
            if result.seekingParent == nil { result.seekingParent = slots } else { result.seekingParent! += slots }
        }
    }

    mutating func resolveAncestry(_ path: Node) throws(JSONataError) {
        var index = path.steps.count - 1
        let laststep = path.steps[index]
        var slots = laststep.seekingParent ?? []
        if laststep.kind == .parent, let s = laststep.slot { slots.append(s) }
        for var slot in slots {
            index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    if path.seekingParent == nil {
                        path.seekingParent = [slot]
                    } else {
                        path.seekingParent!.append(slot)
                    }
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }

    mutating func process(_ expr: Node) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > 500 { throw .make("U1001", position: expr.position) }
        var result: Node
        switch expr.kind {
        case .binary:
            result = try processBinary(expr)
        case .unary:
            result = Node(.unary, expr.value, position: expr.position)
            if expr.value == "[" {
                for item in expr.expressions {
                    let v = try process(item)
                    pushAncestry(result, v)
                    result.expressions.append(v)
                }
            } else if expr.value == "{" {
                for (k, v) in expr.pairs {
                    let key = try process(k)
                    pushAncestry(result, key)
                    let value = try process(v)
                    pushAncestry(result, value)
                    result.pairs.append((key, value))
                }
            } else {
                let e = try process(expr.expression!)
                if expr.value == "-" && e.kind == .number, let d = e.literal.number {
                    result = e
                    result.literal = .number(-d)
                } else {
                    result.expression = e
                    pushAncestry(result, e)
                }
            }
        case .function, .partial:
            result = Node(expr.kind, expr.value, position: expr.position)
            for arg in expr.arguments {
                let a = try process(arg)
                pushAncestry(result, a)
                result.arguments.append(a)
            }
            result.procedure = try process(expr.procedure!)
        case .lambda:
            result = Node(.lambda, expr.value, position: expr.position)
            result.arguments = expr.arguments
            result.signature = expr.signature
            let body = try process(expr.body!)
            result.body = tailCallOptimize(body)
        case .condition:
            result = Node(.condition, position: expr.position)
            result.condition = try process(expr.condition!)
            pushAncestry(result, result.condition!)
            result.then = try process(expr.then!)
            pushAncestry(result, result.then!)
            if let e = expr.otherwise {
                result.otherwise = try process(e)
                pushAncestry(result, result.otherwise!)
            }
        case .transform:
            result = Node(.transform, position: expr.position)
            result.pattern = try process(expr.pattern!)
            result.update = try process(expr.update!)
            if let d = expr.delete { result.delete = try process(d) }
        case .block:
            result = Node(.block, position: expr.position)
            for item in expr.expressions {
                let part = try process(item)
                pushAncestry(result, part)
                if part.consarray || (part.kind == .path && part.steps[0].consarray) { result.consarray = true }
                result.expressions.append(part)
            }
        case .name:
            result = Node(.path, position: expr.position)
            result.steps = [expr]
            if expr.keepArray { result.keepSingletonArray = true }
        case .parent:
            result = Node(.parent, position: expr.position)
            result.slot = Slot(label: "!\(ancestorLabel)", level: 1, index: ancestorIndex)
            ancestorLabel += 1
            ancestorIndex += 1
            ancestry.append(result)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex:
            result = expr
        case .op:
            if expr.value == "and" || expr.value == "or" || expr.value == "in" {
                expr.kind = .name
                result = try process(expr)
            } else if expr.value == "?" {
                result = expr
            } else {
                throw .make("S0201", position: expr.position, token: expr.value)
            }
        case .end:
            throw .make("S0207", position: expr.position, token: expr.value)
        default:
            throw .make("S0206", position: expr.position, token: expr.value)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    mutating func processBinary(_ expr: Node) throws(JSONataError) -> Node {
        switch expr.value {
        case ".":
            let lstep = try process(expr.lhs!)
            let result: Node
            if lstep.kind == .path {
                result = lstep
            } else {
                result = Node(.path, position: lstep.position)
                result.steps = [lstep]
            }
            if lstep.kind == .parent, let s = lstep.slot { result.seekingParent = [s] }
            let rest = try process(expr.rhs!)
            if rest.kind == .path {
                result.steps += rest.steps
            } else {
                if rest.predicate != nil {
                    rest.stages = rest.predicate
                    rest.predicate = nil
                }
                result.steps.append(rest)
            }
            for step in result.steps {
                if step.kind == .number || step.kind == .value {
                    throw .make("S0213", position: step.position, value: step.literal)
                }
                if step.kind == .string { step.kind = .name }
            }
            if result.steps.contains(where: { $0.keepArray }) { result.keepSingletonArray = true }
            let first = result.steps[0]
            if first.kind == .unary && first.value == "[" { first.consarray = true }
            let last = result.steps[result.steps.count - 1]
            if last.kind == .unary && last.value == "[" { last.consarray = true }
            try resolveAncestry(result)
            return result
        case "[":
            let result = try process(expr.lhs!)
            var step = result
            var isStages = false
            if result.kind == .path {
                step = result.steps[result.steps.count - 1]
                isStages = true
            }
            if step.group != nil { throw .make("S0209", position: expr.position) }
            let predicate = try process(expr.rhs!)
            if let seeking = predicate.seekingParent {
                for slot in seeking {
                    if slot.level == 1 { _ = try seekParent(step, slot) } else { slot.level -= 1 }
                }
                pushAncestry(step, predicate)
            }
            let stage = Node.Stage.filter(predicate, position: expr.position)
            if isStages {
                if step.stages == nil { step.stages = [] }
                step.stages!.append(stage)
            } else {
                if step.predicate == nil { step.predicate = [] }
                step.predicate!.append(stage)
            }
            return result
        case "{":
            let result = try process(expr.lhs!)
            if result.group != nil { throw .make("S0210", position: expr.position) }
            var pairs: [(Node, Node)] = []
            for (k, v) in expr.pairs { pairs.append((try process(k), try process(v))) }
            result.group = (pairs, expr.position)
            return result
        case "^":
            var result = try process(expr.lhs!)
            if result.kind != .path {
                let p = Node(.path, position: result.position)
                p.steps = [result]
                result = p
            }
            let sortStep = Node(.sort, position: expr.position)
            for term in expr.terms {
                let e = try process(term.expression)
                pushAncestry(sortStep, e)
                sortStep.terms.append(Node.SortTerm(descending: term.descending, expression: e))
            }
            result.steps.append(sortStep)
            try resolveAncestry(result)
            return result
        case ":=":
            let result = Node(.bind, expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            pushAncestry(result, result.rhs!)
            return result
        case "@":
            let result = try process(expr.lhs!)
            var step = result
            if result.kind == .path { step = result.steps[result.steps.count - 1] }
            if step.stages != nil || step.predicate != nil { throw .make("S0215", position: expr.position) }
            if step.kind == .sort { throw .make("S0216", position: expr.position) }
            if expr.keepArray { step.keepArray = true }
            step.focus = expr.rhs!.value
            step.tuple = true
            return result
        case "#":
            var result = try process(expr.lhs!)
            var step = result
            if result.kind == .path {
                step = result.steps[result.steps.count - 1]
            } else {
                let p = Node(.path, position: result.position)
                p.steps = [result]
                result = p
                if step.predicate != nil {
                    step.stages = step.predicate
                    step.predicate = nil
                }
            }
            if step.stages == nil {
                step.index = expr.rhs!.value
            } else {
                step.stages!.append(.index(expr.rhs!.value))
            }
            step.tuple = true
            return result
        case "~>":
            let result = Node(.apply, expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            result.keepArray = result.lhs!.keepArray || result.rhs!.keepArray
            return result
        default:
            let result = Node(.binary, expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            pushAncestry(result, result.lhs!)
            pushAncestry(result, result.rhs!)
            return result
        }
    }

    func tailCallOptimize(_ expr: Node) -> Node {
        if expr.kind == .function && expr.predicate == nil {
            let thunk = Node(.lambda, position: expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        } else if expr.kind == .condition {
            expr.then = tailCallOptimize(expr.then!)
            if let e = expr.otherwise { expr.otherwise = tailCallOptimize(e) }
            return expr
        } else if expr.kind == .block {
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        }
        return expr
    }
}
