import SFNJSON
import SFNJSONPath

/// A fused Pass's Parameters (FusedPass.template, already reading the item) made ready for one
/// worker: each leaf knows how it reads the item, and each object its keys' share of the
/// payload measure.
///
/// The template walk (TemplateWalk) goes through `TemplateLeaves`, a `PathEnvironment` and
/// `evaluateExpression`, which copy each leaf's field name, path and call out of the template
/// (retains and releases of their strings and boxes) so that a failure can be worded; here a
/// failure is not worded at all: `evaluate` returns nil and the item is run again the general
/// way (FusedRoute), which gives the error as it always has. What a successful evaluation
/// returns is the walk's value: the same paths, the same intrinsic function bodies and limits
/// (IntrinsicInputCall), objects on the template's keys.
///
/// It also measures what it builds for `--max-payload`: the bound `JSONSize.upperBound` would
/// find for the output, added as the output is made, so that the Map's results need not be
/// walked again on the main thread once they are all in (Executor+PayloadLimit).
final class FusedTemplate {
    /// One node of the template. A class read through unretained references, so that walking
    /// the template per item retains nothing of it (an enum's payload copied out of an array
    /// is retained and released).
    final class Node {
        enum Kind {
            case literal
            /// `$$.Map.Item.Index`, as FusedPass.rebase writes `$.index`.
            case index
            /// A path rooted at `$`, read from the item.
            case path
            case call
            case object
            case array
        }
        let kind: Kind
        let literal: JSONValue
        /// A literal's payload bound; an object's braces, commas and keys with their quotes and
        /// colons (each key byte counted as its longest escape, as `JSONSize.upperBound` counts
        /// them); an array's brackets and commas.
        let bound: Int
        let path: JSONPath?
        let call: IntrinsicInputCall?
        let keys: [String]
        let children: [Unmanaged<Node>]
        private let owned: [Node]

        init(
            _ kind: Kind, literal: JSONValue = .null, bound: Int = 0, path: JSONPath? = nil,
            call: IntrinsicInputCall? = nil, keys: [String] = [], children: [Node] = []
        ) {
            self.kind = kind
            self.literal = literal
            self.bound = bound
            self.path = path
            self.call = call
            self.keys = keys
            self.children = children.map { Unmanaged.passUnretained($0) }
            owned = children
        }
    }

    let root: Node

    /// nil for a template with a leaf that cannot be read this way (a path rooted elsewhere, an
    /// intrinsic call that draws random numbers, JSONata): the walk is used then.
    init?(_ template: Template) {
        guard let root = Self.node(template) else { return nil }
        self.root = root
    }

    private static func node(_ template: Template) -> Node? {
        switch template {
        case .literal(let v): return Node(.literal, literal: v, bound: JSONSize.upperBound(v, cap: Int.max - 1))
        case .jsonata: return nil
        case .object(let keys, let values):
            var nodes: [Node] = []
            nodes.reserveCapacity(values.count)
            for v in values {
                guard let n = node(v) else { return nil }
                nodes.append(n)
            }
            let bound = 2 + max(keys.count - 1, 0) + keys.reduce(0) { $0 + 3 + $1.utf8.count * 6 }
            return Node(.object, bound: bound, keys: keys, children: nodes)
        case .array(let items):
            var nodes: [Node] = []
            nodes.reserveCapacity(items.count)
            for v in items {
                guard let n = node(v) else { return nil }
                nodes.append(n)
            }
            return Node(.array, bound: 2 + max(items.count - 1, 0), children: nodes)
        case .path(.path(let p), _):
            if MapItemLeaves.direct(p) == .index { return Node(.index) }
            return p.root == .input ? Node(.path, path: p) : nil
        case .path(.intrinsic(let call), _):
            return IntrinsicInputCall(call).map { Node(.call, call: $0) }
        }
    }

    /// The output for the item at `index`, its payload bound added to `bound`; nil when a leaf
    /// fails on it.
    @inline(__always)
    func evaluate(index: Int, item: JSONValue, maxBytes: Int, bound: inout Int) -> JSONValue? {
        Self.evaluate(root, index: index, item: item, maxBytes: maxBytes, bound: &bound)
    }

    private struct Failed: Error {}

    private static func evaluate(_ node: Node, index: Int, item: JSONValue, maxBytes: Int, bound: inout Int)
        -> JSONValue?
    {
        switch node.kind {
        case .literal:
            bound &+= node.bound
            return node.literal
        case .index:
            bound &+= JSONSize.digits(index)
            return .int(index)
        case .path:
            // As `evaluateExpression` reads a `$` path: an indefinite path matching nothing is [].
            let v: JSONValue
            switch node.path.unsafelyUnwrapped.evaluate(item) {
            case .success(let found): v = found
            case .failure:
                guard !node.path.unsafelyUnwrapped.isDefinite else { return nil }
                v = .array([])
            }
            bound &+= Self.bound(v, maxBytes)
            return v
        case .call:
            guard let v = node.call.unsafelyUnwrapped.evaluate(item, maxBytes: maxBytes) else { return nil }
            bound &+= Self.bound(v, maxBytes)
            return v
        case .object:
            bound &+= node.bound
            let children = node.children
            return try? .object(
                JSONObject(uniqueKeys: node.keys) { (i) throws(Failed) in
                    let v = children[i]._withUnsafeGuaranteedRef {
                        evaluate($0, index: index, item: item, maxBytes: maxBytes, bound: &bound)
                    }
                    guard let v else { throw Failed() }
                    return v
                })
        case .array:
            bound &+= node.bound
            var out: [JSONValue] = []
            out.reserveCapacity(node.children.count)
            for child in node.children {
                let v = child._withUnsafeGuaranteedRef {
                    evaluate($0, index: index, item: item, maxBytes: maxBytes, bound: &bound)
                }
                guard let v else { return nil }
                out.append(v)
            }
            return .array(out)
        }
    }

    /// `JSONSize.upperBound` of a leaf's value, scalars and strings inline.
    @inline(__always)
    static func bound(_ value: JSONValue, _ cap: Int) -> Int {
        switch value {
        case .null, .bool: return 5
        case .int(let i): return JSONSize.digits(i)
        case .double: return 24
        case .string(let s): return 2 + s.utf8.count * 6
        default: return JSONSize.upperBound(value, cap: cap)
        }
    }
}
