import SFNCore
import SFNJSON

/// One self-contained page: the SVG, pan and zoom, and a side panel that shows a clicked state's
/// definition and, with an execution, its input, output, error and timing. Everything is inline
/// (style, script, data); the page makes no network request of any kind, not even for a favicon.
struct HTMLRenderer {
    var graph: WorkflowGraph

    func render() -> String {
        let svg = graph.svgRenderer()
        let title = graph.title ?? "State machine"
        var status = ""
        if let overlay = graph.overlay {
            status = "Execution " + overlay.executionStatus
            if let error = overlay.executionError { status += " · " + error }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
            script-src 'unsafe-inline'; img-src data:">
            <link rel="icon" href="data:,">
            <title>\(XML.escape(title))</title>
            <style>\(HTMLAssets.style)</style>
            </head>
            <body>
            <header><h1>\(XML.escape(title))</h1><span id="status">\(XML.escape(status))</span>
            <span class="tools"><button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" \
            title="Zoom out">−</button><button id="zoom-fit" title="Fit">Fit</button><button id="zoom-one" \
            title="100%">1:1</button></span></header>
            <main>
            <div id="canvas">
            \(svg.render())</div>
            <aside id="panel"><p class="hint">Click a state to see its definition\
            \(graph.overlay == nil ? "" : " and what the execution did there").</p></aside>
            </main>
            <script type="application/json" id="sfn-data">\(dataJSON(svg.diagram))</script>
            <script>\(HTMLAssets.script)</script>
            </body>
            </html>

            """
    }

    /// Per state (by its `data-id` in the SVG): its definition and its run.
    private func dataJSON(_ diagram: Diagram) -> String {
        var states: [JSONValue] = []
        for s in diagram.states {
            var o = JSONObject()
            o.append("name", .string(s.name))
            o.append("type", .string(s.type))
            o.append("pointer", .string(s.pointer))
            if let source = graph.source, let value = Self.resolve(s.pointer, in: source) {
                o.append("definition", .string(JSONPrinter.pretty(value)))
            }
            if let overlay = graph.overlay {
                let run = overlay.run(of: s.name)
                var r = JSONObject()
                r.append("status", .string(run.status.rawValue))
                r.append("entered", .int(run.entered))
                r.append("retries", .int(run.retries))
                r.append("iterations", .int(run.iterations))
                r.append("iterationsFailed", .int(run.iterationsFailed))
                for (key, value) in [
                    ("input", run.input), ("output", run.output), ("error", run.error), ("cause", run.cause),
                ] {
                    if let value { r.append(key, .string(value)) }
                }
                if let t = run.started { r.append("started", .number(t)) }
                if let t = run.ended { r.append("ended", .number(t)) }
                o.append("run", .object(r))
            }
            states.append(.object(o))
        }
        let text = JSONPrinter.compact(.array(states))
        // Inside a script element, "</script" would end it: no "<" appears outside strings in
        // JSON, and inside them \u003c means the same.
        return text.replacing("<", with: "\\u003c")
    }

    /// The value at an RFC 6901 pointer.
    static func resolve(_ pointer: String, in value: JSONValue) -> JSONValue? {
        var current = value
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = token.replacing("~1", with: "/").replacing("~0", with: "~")
            if let array = current.arrayValue {
                guard let i = Int(key), i >= 0, i < array.count else { return nil }
                current = array[i]
            } else if let next = current[String(key)] {
                current = next
            } else {
                return nil
            }
        }
        return current
    }
}
