import SFNCore

/// Graphviz's dot language: one node per state, clusters for Parallel branches and Map
/// processors, Catch edges dashed, Choice edges labelled.
struct DOTRenderer {
    var definition: MachineDefinition
    var overlay: ExecutionOverlay?

    func render() -> String {
        let walk = GraphWalk(definition)
        var out = """
            digraph StateMachine {
              rankdir=TB;
              node [fontname="monospace", fontsize=11, style="rounded,filled"];
              edge [fontname="monospace", fontsize=10, color="#5b6770"];
              start [label="Start", shape=circle, style=filled, fillcolor="#1d2327", fontcolor="#ffffff"];
              end [label="End", shape=doublecircle, style=filled, fillcolor="#ffffff"];

            """
        let top = definition.graph
        var cluster = 0
        graph(top, walk: walk, indent: "  ", cluster: &cluster, into: &out)
        out += "  start -> \(walk.id(top, top.startIndex));\n"
        for (i, state) in top.states.enumerated() where state.transition == .end && !state.isChoice {
            out += "  \(walk.id(top, i)) -> end;\n"
        }
        return out + "}\n"
    }

    private func graph(_ g: StateGraph, walk: GraphWalk, indent: String, cluster: inout Int, into out: inout String) {
        for (i, state) in g.states.enumerated() {
            let id = walk.id(g, i)
            let colours =
                overlay.map { Palette.status($0.run(of: state.name).status) } ?? Palette.type(state.kind.typeName)
            var label = state.name + "\n" + StateText.detail(state)
            if let badge = StateText.retryBadge(state) { label += "  " + badge }
            if let summary = overlay?.summary(of: state.name) { label += "\n" + summary }
            let shape: String
            switch state.kind {
            case .choice: shape = "hexagon"
            case .succeed, .fail: shape = "box, peripheries=2"
            default: shape = "box"
            }
            out += "\(indent)\(id) [label=\(quote(label)), shape=\(shape), fillcolor=\"\(colours.fill)\", "
            out += "color=\"\(colours.stroke)\"];\n"
            for inner in GraphWalk.nested(state) {
                cluster += 1
                out +=
                    "\(indent)subgraph cluster_\(cluster) {\n\(indent)  label=\(quote(state.name + " · " + inner.caption));\n"
                out += "\(indent)  style=dashed; color=\"#2a8c87\";\n"
                graph(inner.graph, walk: walk, indent: indent + "  ", cluster: &cluster, into: &out)
                out += "\(indent)}\n"
                out +=
                    "\(indent)\(id) -> \(walk.id(inner.graph, inner.graph.startIndex)) [style=dotted, arrowhead=none];\n"
            }
        }
        for t in GraphWalk.transitions(g) {
            var attributes: [String] = []
            if let label = t.label { attributes.append("label=\(quote(label))") }
            if t.dashed { attributes.append("style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\"") }
            let list = attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]"
            out += "\(indent)\(walk.id(g, t.from)) -> \(walk.id(g, t.to))\(list);\n"
        }
    }

    private func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
