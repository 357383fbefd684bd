import SFNJSON

/// A parse-tree node. The parser fills in the raw shape; `ASTProcessor` then rewrites it into the
/// form the evaluator walks (paths as step lists, predicates as stages, ancestry slots), as
/// jsonata-js does.
final class Node {
    enum Kind: UInt8 {
        case path, binary, unary, name, string, number, value, wildcard, descendant, parent
        case condition, block, bind, regex, function, partial, variable, lambda, apply, transform
        case sort, op, end
    }

    enum Stage {
        case filter(Node, position: Int)
        case index(String)
    }

    struct SortTerm {
        var descending: Bool
        var expression: Node
    }

    var kind: Kind
    /// Operator symbol, name, variable name or string literal text.
    var value: String
    var position: Int
    /// Literal value for number/string/value nodes.
    var literal: Val = .undefined

    var lhs: Node?
    var rhs: Node?
    var expression: Node?
    var expressions: [Node] = []
    var pairs: [(Node, Node)] = []
    var steps: [Node] = []
    var arguments: [Node] = []
    var procedure: Node?
    var body: Node?
    var condition: Node?
    var then: Node?
    var otherwise: Node?
    var pattern: Node?
    var update: Node?
    var delete: Node?
    var terms: [SortTerm] = []

    var predicate: [Stage]?
    var stages: [Stage]?
    var group: (pairs: [(Node, Node)], position: Int)?

    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var tuple = false
    var thunk = false
    var focus: String?
    var index: String?
    var ancestor: Slot?
    var slot: Slot?
    var seekingParent: [Slot]?
    var signature: Signature?
    var regex: RegexLiteral?
    /// Path of plain name steps after an optional variable: evaluated without sequences.
    var simplePath = false

    init(_ kind: Kind, _ value: String = "", position: Int) {
        self.kind = kind
        self.value = value
        self.position = position
    }

    /// Frees the subtree with a work list: an expression of tens of thousands of terms is a tree
    /// that deep, and releasing it child by child would overflow the stack.
    deinit {
        var pending: [Node] = []
        takeChildren(into: &pending)
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) { node.takeChildren(into: &pending) }
        }
    }
}

/// Where a `%` parent reference is resolved: the label under which the ancestor is bound in tuples.
final class Slot {
    var label: String
    var level: Int
    var index: Int
    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}
