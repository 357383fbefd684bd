import SFNCore

extension DiagramBuilder {
    /// The box of a state, sized to hold its text with the fixed font metrics; for a Parallel
    /// or a Map, the frame around its header box and its laid-out graphs.
    fileprivate func box(for state: StateNode, scope: String) -> Diagram.State {
        let nameLines = TextMetrics.wrap(state.name)
        let detail = StateText.detail(state)
        let badge = StateText.retryBadge(state)
        let summary = overlay?.summary(of: state.name)
        var width = nameLines.map { TextMetrics.width($0, fontSize: TextMetrics.nameSize) }.max() ?? 0
        var detailWidth = TextMetrics.width(detail, fontSize: TextMetrics.detailSize)
        if let badge { detailWidth += 10 + TextMetrics.width(badge, fontSize: TextMetrics.detailSize) }
        width = max(width, detailWidth)
        if let summary { width = max(width, TextMetrics.width(summary, fontSize: TextMetrics.detailSize)) }
        let lines = Double(nameLines.count + 1 + (summary == nil ? 0 : 1))
        let shape: Diagram.Shape
        var horizontal = 2 * Self.padding
        switch state.kind {
        case .choice:
            shape = .hexagon
        case .succeed, .fail:
            shape = .terminal
        default:
            shape = .box
        }
        let height = lines * TextMetrics.lineHeight + 14
        // Pointed or round ends take half the height from each side.
        if shape != .box { horizontal += height / 2 }
        return Diagram.State(
            name: state.name, type: state.kind.typeName, scope: scope, pointer: state.pointer,
            rect: Rect(x: 0, y: 0, width: max(120, width + horizontal).rounded(.up), height: height), shape: shape,
            nameLines: nameLines, detail: detail, badge: badge, summary: summary,
            status: overlay.map { $0.run(of: state.name).status })
    }

    func item(for state: StateNode, scope: String) -> Item {
        var header = box(for: state, scope: scope)
        let graphs: [(StateGraph, String, Diagram.Frame.Kind)]
        let caption: String?
        switch state.kind {
        case .parallel(let parallel):
            graphs = parallel.branches.enumerated().map { ($1, "Branch \($0 + 1)", .branch) }
            caption = nil
        case .map(let map):
            graphs = [(map.processor, "ItemProcessor", .processor)]
            caption = StateText.mapCaption(map)
        default:
            let node = LayeredLayout.Node(width: header.rect.width, height: header.rect.height)
            return Item(state: header, node: node)
        }
        let inner = graphs.map { layout($0.0, top: false) }
        let pad = Self.padding
        let columns = inner.map { $0.width + 2 * pad }
        let rowWidth = columns.reduce(0, +) + Self.frameGap * Double(max(inner.count - 1, 0))
        let captionWidth = caption.map { TextMetrics.width($0, fontSize: TextMetrics.detailSize) } ?? 0
        let width = max(header.rect.width, captionWidth, rowWidth) + 2 * pad
        var y = header.rect.height + 8
        if caption != nil { y += Self.captionHeight + 4 }
        let rowHeight = (inner.map(\.height).max() ?? 0) + Self.captionHeight + 2 * pad
        let height = y + rowHeight + pad
        header.rect.x = ((width - header.rect.width) / 2).rounded()
        var contents = Diagram()
        let kind: Diagram.Frame.Kind = graphs.first?.2 == .processor ? .map : .parallel
        contents.frames.append(
            Diagram.Frame(
                kind: kind, owner: state.name, scope: scope, rect: Rect(x: 0, y: 0, width: width, height: height),
                caption: caption))
        var x = ((width - rowWidth) / 2).rounded()
        for (k, graph) in inner.enumerated() {
            let rect = Rect(x: x, y: y, width: columns[k], height: rowHeight)
            contents.frames.append(
                Diagram.Frame(
                    kind: graphs[k].2, owner: state.name, scope: graphs[k].0.pointer, rect: rect,
                    caption: graphs[k].1))
            // Centre each graph in its column, under the column's caption.
            contents.append(graph, at: x + pad, y + Self.captionHeight + pad)
            x += columns[k] + Self.frameGap
        }
        let span = header.rect.x...(header.rect.maxX)
        let inset = min(12, header.rect.width / 4)
        let ports = (span.lowerBound + inset)...(span.upperBound - inset)
        let node = LayeredLayout.Node(width: width, height: height, top: ports, bottom: ports)
        return Item(state: header, node: node, contents: contents)
    }
}

extension StateNode {
    var isChoice: Bool { if case .choice = kind { return true } else { return false } }
}
