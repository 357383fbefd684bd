import SFNCore

/// A Mermaid flowchart: boxes, hexagons for Choice, stadiums for Succeed and Fail, subgraphs for
/// Parallel branches and Map processors, dotted arrows for Catch.
struct MermaidRenderer {
    var definition: MachineDefinition
    var overlay: ExecutionOverlay?

    func render() -> String {
        let walk = GraphWalk(definition)
        var out = "flowchart TD\n  start((Start))\n  finish(((End)))\n"
        var classes: [String: [String]] = [:]
        var sub = 0
        graph(definition.graph, walk: walk, indent: "  ", sub: &sub, classes: &classes, into: &out)
        let top = definition.graph
        out += "  start --> \(walk.id(top, top.startIndex))\n"
        for (i, state) in top.states.enumerated() where state.transition == .end && !state.isChoice {
            out += "  \(walk.id(top, i)) --> finish\n"
        }
        for name in classes.keys.sorted() {
            let colours = StateStatus(rawValue: name).map(Palette.status) ?? Palette.type(name)
            out += "  classDef c\(name.replacing("-", with: "")) fill:\(colours.fill),stroke:\(colours.stroke)\n"
            out += "  class \(classes[name]!.joined(separator: ",")) c\(name.replacing("-", with: ""))\n"
        }
        return out
    }

    private func graph(
        _ g: StateGraph, walk: GraphWalk, indent: String, sub: inout Int, classes: inout [String: [String]],
        into out: inout String
    ) {
        for (i, state) in g.states.enumerated() {
            let id = walk.id(g, i)
            var label = escape(state.name) + "<br/>" + escape(StateText.detail(state))
            if let badge = StateText.retryBadge(state) { label += " " + escape(badge) }
            if let summary = overlay?.summary(of: state.name) { label += "<br/>" + escape(summary) }
            switch state.kind {
            case .choice: out += "\(indent)\(id){{\"\(label)\"}}\n"
            case .succeed, .fail: out += "\(indent)\(id)([\"\(label)\"])\n"
            default: out += "\(indent)\(id)[\"\(label)\"]\n"
            }
            let key = overlay.map { $0.run(of: state.name).status.rawValue } ?? state.kind.typeName
            classes[key, default: []].append(id)
            for inner in GraphWalk.nested(state) {
                sub += 1
                out += "\(indent)subgraph g\(sub) [\"\(escape(state.name + " · " + inner.caption))\"]\n"
                graph(inner.graph, walk: walk, indent: indent + "  ", sub: &sub, classes: &classes, into: &out)
                out += "\(indent)end\n"
                out += "\(indent)\(id) -.- \(walk.id(inner.graph, inner.graph.startIndex))\n"
            }
        }
        for t in GraphWalk.transitions(g) {
            let arrow = t.dashed ? "-.->" : "-->"
            let label = t.label.map { "|\"\(escape($0))\"|" } ?? ""
            out += "\(indent)\(walk.id(g, t.from)) \(arrow)\(label) \(walk.id(g, t.to))\n"
        }
    }

    /// Mermaid's entity codes for what would end a quoted label or read as markup.
    private func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "#": out += "#35;"
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
