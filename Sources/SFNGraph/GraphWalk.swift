import SFNCore

/// Visits every graph of a definition for the text formats (dot, mermaid), giving each state an
/// identifier that is unique across the whole definition (names may repeat across branches).
struct GraphWalk {
    struct Visit {
        var id: String
        var state: StateNode
        var detail: String
        var badge: String?
    }

    private(set) var ids: [String: String] = [:]
    private var counter = 0

    init(_ definition: MachineDefinition) {
        assign(definition.graph)
    }

    private mutating func assign(_ graph: StateGraph) {
        for state in graph.states {
            ids[key(graph.pointer, state.name)] = "s\(counter)"
            counter += 1
            for inner in Self.nested(state) { assign(inner.graph) }
        }
    }

    func key(_ scope: String, _ name: String) -> String { scope + "\u{0}" + name }

    func id(_ graph: StateGraph, _ index: Int) -> String { ids[key(graph.pointer, graph.states[index].name)] ?? "?" }

    /// A Parallel's branches or a Map's processor, with their captions.
    static func nested(_ state: StateNode) -> [(graph: StateGraph, caption: String)] {
        switch state.kind {
        case .parallel(let p): return p.branches.enumerated().map { ($1, "Branch \($0 + 1)") }
        case .map(let m): return [(m.processor, "ItemProcessor · " + StateText.mapCaption(m))]
        default: return []
        }
    }

    /// Each transition of a graph with its kind, label and whether it is dashed (Catch).
    static func transitions(_ graph: StateGraph) -> [(from: Int, to: Int, label: String?, dashed: Bool)] {
        var out: [(Int, Int, String?, Bool)] = []
        for (i, state) in graph.states.enumerated() {
            for edge in state.edges {
                switch edge.kind {
                case .next: out.append((i, edge.target, nil, false))
                case .default: out.append((i, edge.target, "Default", false))
                case .choice(let k):
                    guard case .choice(let c) = state.kind else { continue }
                    out.append((i, edge.target, StateText.rule(c.choices[k].condition), false))
                case .catch(let k): out.append((i, edge.target, StateText.catchLabel(state.catchers[k]), true))
                }
            }
        }
        return out
    }
}
