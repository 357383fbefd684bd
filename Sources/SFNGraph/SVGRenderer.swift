/// Draws a `Diagram` as SVG. Every state is a `<g class="state" data-state data-type>` holding
/// its shape and text, every transition a `<g class="edge" data-from data-to data-kind>` holding
/// its path, every Parallel, Map, branch and processor a `<g class="frame">`, so that tools
/// and tests can read the picture.
struct SVGRenderer {
    var diagram: Diagram
    var overlay: ExecutionOverlay?
    var title: String?

    static let legendHeight = 34.0

    var height: Double { diagram.height + (overlay == nil ? 0 : Self.legendHeight) }
    var width: Double { max(diagram.width, overlay.map { legendWidth($0) + 32 } ?? 0) }

    private func legendHeadline(_ overlay: ExecutionOverlay) -> String {
        var headline = "Execution " + overlay.executionStatus
        if let error = overlay.executionError { headline += " · " + TextMetrics.shortened(error, limit: 40) }
        return headline
    }

    private func legendWidth(_ overlay: ExecutionOverlay) -> Double {
        StateStatus.allCases.reduce(TextMetrics.width(legendHeadline(overlay), fontSize: 11) + 18) {
            $0 + 30 + TextMetrics.width(Palette.label($1), fontSize: 11)
        }
    }

    func render() -> String {
        let w = XML.number(width)
        let h = XML.number(height)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="sfn-graph" width="\(w)" height="\(h)" \
            viewBox="0 0 \(w) \(h)" font-family="\(Palette.fontFamily)" font-size="12">

            """
        if let title { out += "<title>\(XML.escape(title))</title>\n" }
        out += """
            <defs>
            \(Self.arrow("sfn-arrow", Palette.edge))\(Self.arrow("sfn-arrow-catch", Palette.catchEdge))\
            \(Self.arrow("sfn-arrow-faded", Palette.fadedEdge))\(Self.arrow("sfn-arrow-catch-faded", Palette.fadedCatch))
            </defs>
            <rect class="background" x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>

            """
        for frame in diagram.frames { out += self.frame(frame) }
        for (i, edge) in diagram.edges.enumerated() { out += self.edge(edge, id: i) }
        for marker in diagram.markers { out += self.marker(marker) }
        for (i, state) in diagram.states.enumerated() { out += self.state(state, id: i) }
        if let overlay { out += legend(overlay) }
        out += "</svg>\n"
        return out
    }

    private func frame(_ f: Diagram.Frame) -> String {
        let r = f.rect
        var out = "<g class=\"frame\" data-kind=\"\(f.kind.rawValue)\" data-state=\"\(XML.escape(f.owner))\""
        out += " data-scope=\"\(XML.escape(f.scope))\">"
        switch f.kind {
        case .parallel, .map:
            out += rect(r, rx: 8, fill: "#f7fbfb", stroke: "#2a8c87", extra: "stroke-width=\"1.2\"")
            if let caption = f.caption {
                // The Map's caption sits under its header box, which the builder put at the top.
                let y = r.y + (diagram.states.first { $0.name == f.owner && $0.scope == f.scope }?.rect.height ?? 40)
                out += text(caption, x: r.midX, y: y + 8 + 12, size: 11, anchor: "middle", fill: "#2a6f6b")
            }
        case .branch, .processor:
            out += rect(r, rx: 6, fill: "#ffffff", stroke: "#9fc3c0", extra: "stroke-dasharray=\"4 3\"")
            if let caption = f.caption { out += text(caption, x: r.x + 8, y: r.y + 12, size: 10, fill: "#5d8482") }
        }
        return out + "</g>\n"
    }

    private func edge(_ e: Diagram.Edge, id: Int) -> String {
        let isTransition = e.kind != .start && e.kind != .end
        var out = "<g class=\"\(isTransition ? "edge" : "terminal-edge")\" data-kind=\"\(e.kind.rawValue)\""
        if !e.from.isEmpty { out += " data-from=\"\(XML.escape(e.from))\"" }
        if !e.to.isEmpty { out += " data-to=\"\(XML.escape(e.to))\"" }
        out += " data-scope=\"\(XML.escape(e.scope))\""
        if let index = e.index { out += " data-index=\"\(index)\"" }
        let isCatch = e.kind == .catch
        var stroke = isCatch ? Palette.catchEdge : Palette.edge
        var width = "1.3"
        var arrow = isCatch ? "sfn-arrow-catch" : "sfn-arrow"
        if let overlay {
            // The path the execution took stands out; the others fade.
            let taken: Bool
            switch e.kind {
            case .start: taken = !overlay.states.isEmpty
            case .end: taken = overlay.took(from: e.from, to: nil)
            default: taken = overlay.took(from: e.from, to: e.to)
            }
            if taken {
                width = "2.4"
                out += " data-taken=\"true\""
            } else {
                stroke = isCatch ? Palette.fadedCatch : Palette.fadedEdge
                arrow += "-faded"
            }
        }
        out += ">"
        let d = e.points.enumerated().map { "\($0 == 0 ? "M" : "L")\(XML.number($1.x)),\(XML.number($1.y))" }
        out += "<path d=\"\(d.joined(separator: " "))\" fill=\"none\" stroke=\"\(stroke)\""
        out += " stroke-width=\"\(width)\" marker-end=\"url(#\(arrow))\""
        if isCatch { out += " stroke-dasharray=\"5 4\"" }
        out += "/>"
        if let label = e.label, let o = e.labelOrigin {
            let width = DiagramBuilder.labelSize(label).width
            out += "<g class=\"label\">"
            out += rect(
                Rect(x: o.x, y: o.y, width: width, height: TextMetrics.lineHeight), rx: 3,
                fill: "#ffffff", stroke: "none", extra: "fill-opacity=\"0.92\"")
            let fill = isCatch ? Palette.catchEdge : Palette.muted
            out += text(
                label, x: o.x + 3, y: o.y + 11.5, size: TextMetrics.labelSize, fill: fill,
                italic: e.kind == .default)
            out += "</g>"
        }
        return out + "</g>\n"
    }

    private func marker(_ m: Diagram.Marker) -> String {
        let r = m.rect
        var out = "<g class=\"marker\" data-kind=\"\(m.isStart ? "start" : "end")\">"
        out += rect(
            r, rx: r.height / 2, fill: m.isStart ? "#1d2327" : "#ffffff", stroke: "#1d2327",
            extra: "stroke-width=\"1.5\"")
        out += text(
            m.isStart ? "Start" : "End", x: r.midX, y: r.y + r.height / 2 + 4, size: 11, anchor: "middle",
            fill: m.isStart ? "#ffffff" : "#1d2327", bold: true)
        return out + "</g>\n"
    }

    func state(_ s: Diagram.State, id: Int) -> String {
        let colours = s.status.map(Palette.status) ?? Palette.type(s.type)
        var out = "<g class=\"state\" data-state=\"\(XML.escape(s.name))\" data-type=\"\(s.type)\""
        out += " data-scope=\"\(XML.escape(s.scope))\" data-pointer=\"\(XML.escape(s.pointer))\" data-id=\"\(id)\""
        if let status = s.status { out += " data-status=\"\(status.rawValue)\"" }
        out += "><title>\(XML.escape(s.name + " (" + s.detail + ")"))</title>"
        let r = s.rect
        let dash = s.status == .cancelled || s.status == .notReached ? " stroke-dasharray=\"4 3\"" : ""
        let width = s.status == .failed || s.status == .caught ? "2.2" : "1.4"
        let paint = "fill=\"\(colours.fill)\" stroke=\"\(colours.stroke)\" stroke-width=\"\(width)\"\(dash)"
        switch s.shape {
        case .box:
            out +=
                "<rect class=\"shape\" x=\"\(XML.number(r.x))\" y=\"\(XML.number(r.y))\" width=\"\(XML.number(r.width))\""
            out += " height=\"\(XML.number(r.height))\" rx=\"5\" \(paint)/>"
        case .terminal:
            out +=
                "<rect class=\"shape\" x=\"\(XML.number(r.x))\" y=\"\(XML.number(r.y))\" width=\"\(XML.number(r.width))\""
            out += " height=\"\(XML.number(r.height))\" rx=\"\(XML.number(r.height / 2))\" \(paint)/>"
        case .hexagon:
            let k = r.height / 4
            let pts = [
                (r.x + k, r.y), (r.maxX - k, r.y), (r.maxX, r.y + r.height / 2), (r.maxX - k, r.maxY),
                (r.x + k, r.maxY), (r.x, r.y + r.height / 2),
            ].map { "\(XML.number($0.0)),\(XML.number($0.1))" }
            out += "<polygon class=\"shape\" points=\"\(pts.joined(separator: " "))\" \(paint)/>"
        }
        var y = r.y + 7 + 11.5
        for line in s.nameLines {
            out += text(
                line, x: r.midX, y: y, size: TextMetrics.nameSize, anchor: "middle", fill: Palette.text,
                bold: true)
            y += TextMetrics.lineHeight
        }
        let inset = DiagramBuilder.padding + (s.shape == .box ? 0 : r.height / 4)
        if let badge = s.badge {
            out += text(s.detail, x: r.x + inset, y: y, size: TextMetrics.detailSize, fill: Palette.muted)
            out += text(
                badge, x: r.maxX - inset, y: y, size: TextMetrics.detailSize, anchor: "end",
                fill: "#8a5a00", bold: true, cls: "badge")
        } else {
            out += text(s.detail, x: r.midX, y: y, size: TextMetrics.detailSize, anchor: "middle", fill: Palette.muted)
        }
        if let summary = s.summary {
            y += TextMetrics.lineHeight
            out += text(
                summary, x: r.midX, y: y, size: TextMetrics.detailSize, anchor: "middle",
                fill: colours.stroke, cls: "summary")
        }
        return out + "</g>\n"
    }

    private func legend(_ overlay: ExecutionOverlay) -> String {
        var out = "<g class=\"legend\">"
        var x = 16.0
        let y = diagram.height + 8
        let headline = legendHeadline(overlay)
        out += text(headline, x: x, y: y + 13, size: 11, fill: Palette.text, bold: true)
        x += TextMetrics.width(headline, fontSize: 11) + 18
        for status in StateStatus.allCases {
            let c = Palette.status(status)
            out += rect(Rect(x: x, y: y + 3, width: 12, height: 12), rx: 2, fill: c.fill, stroke: c.stroke, extra: "")
            let label = Palette.label(status)
            out += text(label, x: x + 16, y: y + 13, size: 11, fill: Palette.muted)
            x += 16 + TextMetrics.width(label, fontSize: 11) + 14
        }
        return out + "</g>\n"
    }

    /// An arrowhead of a fixed size, whatever the width of the line it ends.
    private static func arrow(_ id: String, _ colour: String) -> String {
        "<marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" "
            + "markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
            + "fill=\"\(colour)\"/></marker>\n"
    }

    private func rect(_ r: Rect, rx: Double, fill: String, stroke: String, extra: String) -> String {
        "<rect x=\"\(XML.number(r.x))\" y=\"\(XML.number(r.y))\" width=\"\(XML.number(r.width))\" "
            + "height=\"\(XML.number(r.height))\" rx=\"\(XML.number(rx))\" fill=\"\(fill)\" stroke=\"\(stroke)\" \(extra)/>"
    }

    private func text(
        _ s: String, x: Double, y: Double, size: Double, anchor: String = "start", fill: String, bold: Bool = false,
        italic: Bool = false, cls: String? = nil
    ) -> String {
        var out = "<text x=\"\(XML.number(x))\" y=\"\(XML.number(y))\" font-size=\"\(XML.number(size))\""
        if anchor != "start" { out += " text-anchor=\"\(anchor)\"" }
        if bold { out += " font-weight=\"bold\"" }
        if italic { out += " font-style=\"italic\"" }
        if let cls { out += " class=\"\(cls)\"" }
        return out + " fill=\"\(fill)\">\(XML.escape(s))</text>"
    }
}
