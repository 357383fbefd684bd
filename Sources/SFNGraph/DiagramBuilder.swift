import SFNCore

/// Lays out a definition: each graph (the top level, every Parallel branch, every Map processor)
/// by `LayeredLayout`, inside out, so that a Parallel or Map state is one node of its parent's
/// layout, sized by the frame that holds its own graphs.
struct DiagramBuilder {
    var overlay: ExecutionOverlay?

    static let padding = 12.0
    static let frameGap = 16.0
    static let captionHeight = 16.0
    static let loopStep = 8.0

    func build(_ definition: MachineDefinition) -> Diagram {
        let d = layout(definition.graph, top: true)
        let margin = 16.0
        var framed = Diagram()
        framed.append(d, at: margin, margin)
        framed.width = d.width + 2 * margin
        framed.height = d.height + 2 * margin
        return framed
    }

    /// One node of a graph's layout: a state's box, or the frame of a Parallel or Map with its
    /// contents already laid out (coordinates relative to the frame).
    struct Item {
        var state: Diagram.State
        var node: LayeredLayout.Node
        var contents = Diagram()
    }

    func layout(_ graph: StateGraph, top: Bool) -> Diagram {
        var items = graph.states.map { item(for: $0, scope: graph.pointer) }
        var edges: [LayeredLayout.Edge] = []
        var meta: [Diagram.Edge] = []
        let n = graph.states.count
        for (i, state) in graph.states.enumerated() {
            for edge in state.edges {
                var e = Diagram.Edge(
                    from: state.name, to: graph.states[edge.target].name, scope: graph.pointer, kind: .next,
                    points: [])
                switch edge.kind {
                case .next: break
                case .default:
                    e.kind = .default
                    e.label = "Default"
                case .choice(let k):
                    e.kind = .choice
                    e.index = k
                    if case .choice(let choice) = state.kind { e.label = StateText.rule(choice.choices[k].condition) }
                case .catch(let k):
                    e.kind = .catch
                    e.index = k
                    e.label = StateText.catchLabel(state.catchers[k])
                }
                let weight: Double
                switch e.kind {
                case .catch: weight = 0.15
                case .choice: weight = 0.6
                default: weight = 1
                }
                edges.append(
                    LayeredLayout.Edge(from: i, to: edge.target, label: e.label.map(Self.labelSize), weight: weight))
                meta.append(e)
            }
        }
        // Self-loops are drawn beside the box: keep room on its right for them and their labels.
        for i in 0..<n {
            let loops = edges.indices.filter { edges[$0].from == i && edges[$0].to == i }
            guard !loops.isEmpty else { continue }
            let labelWidth = loops.compactMap { edges[$0].label?.width }.max() ?? 0
            items[i].node.rightMargin = 10 + Self.loopStep * Double(loops.count) + 6 + labelWidth
            items[i].node.bandHeight = max(items[i].node.height, Double(loops.count) * TextMetrics.lineHeight + 4)
        }
        var nodes = items.map(\.node)
        var roots = [graph.startIndex]
        var last: Int?
        if top {
            nodes.append(LayeredLayout.Node(width: 64, height: 26))
            nodes.append(LayeredLayout.Node(width: 64, height: 26))
            edges.append(LayeredLayout.Edge(from: n, to: graph.startIndex, label: nil))
            meta.append(Diagram.Edge(from: "", to: graph.start.name, scope: graph.pointer, kind: .start, points: []))
            for (i, state) in graph.states.enumerated() where state.transition == .end && !state.isChoice {
                edges.append(LayeredLayout.Edge(from: i, to: n + 1, label: nil, weight: 0.3))
                meta.append(Diagram.Edge(from: state.name, to: "", scope: graph.pointer, kind: .end, points: []))
            }
            roots = [n]
            last = n + 1
        }
        let result = LayeredLayout(nodes: nodes, edges: edges, roots: roots, last: last).run()
        var d = Diagram()
        for (i, item) in items.enumerated() {
            let origin = result.origins[i]
            var state = item.state
            state.rect = state.rect.offset(by: origin.x, origin.y)
            d.states.append(state)
            d.append(item.contents, at: origin.x, origin.y)
        }
        if top {
            d.markers.append(Diagram.Marker(isStart: true, rect: Self.rect(result.origins[n], nodes[n])))
            d.markers.append(Diagram.Marker(isStart: false, rect: Self.rect(result.origins[n + 1], nodes[n + 1])))
        }
        var loopCount = Array(repeating: 0, count: n)
        for (k, var e) in meta.enumerated() {
            if edges[k].from == edges[k].to {
                let i = edges[k].from
                let box = Self.rect(result.origins[i], nodes[i])
                let step = Double(loopCount[i])
                let loops = Double(edges.filter { $0.from == i && $0.to == i }.count)
                loopCount[i] += 1
                let x = box.maxX + 10 + Self.loopStep * step
                let y1 = box.y + 6 + 3 * step
                let y2 = box.maxY - 6 - 3 * step
                let shape = i < items.count ? items[i].state.shape : .box
                e.points = [
                    Point(Self.rightSide(of: box, shape, at: y1), y1), Point(x, y1), Point(x, y2),
                    Point(Self.rightSide(of: box, shape, at: y2), y2),
                ]
                e.labelOrigin = Point(box.maxX + 16 + Self.loopStep * loops, box.y + TextMetrics.lineHeight * step)
            } else {
                e.points = result.routes[k]
                e.labelOrigin = result.labels[k]
            }
            d.edges.append(e)
        }
        d.width = result.width
        d.height = result.height
        return d
    }

    /// Where a horizontal line at `y` meets the right side of a shape: the pointed side of a
    /// Choice, the round end of a Succeed or Fail.
    static func rightSide(of box: Rect, _ shape: Diagram.Shape, at y: Double) -> Double {
        let half = box.height / 2
        let off = abs(y - (box.y + half))
        switch shape {
        case .box: return box.maxX
        case .hexagon: return box.maxX - (box.height / 4) * off / half
        case .terminal: return box.maxX - half + (half * half - off * off).squareRoot()
        }
    }

    static func rect(_ origin: Point, _ node: LayeredLayout.Node) -> Rect {
        Rect(x: origin.x, y: origin.y, width: node.width, height: node.height)
    }

    static func labelSize(_ text: String) -> (width: Double, height: Double) {
        (TextMetrics.width(text, fontSize: TextMetrics.labelSize) + 6, TextMetrics.lineHeight)
    }
}
