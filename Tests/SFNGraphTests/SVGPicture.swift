import Foundation
import SFNGraph
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG made by `sfn graph`, read back as XML: its states, transitions, frames and markers with
/// their geometry, as a tool reading the picture would see them.
struct SVGPicture {
    struct State {
        var name: String
        var type: String
        var scope: String
        var status: String?
        var box: Rect
        var texts: [String] = []
        /// Each text's font size and the x where it starts and ends as laid out (anchor applied).
        var textSpans: [(size: Double, x: Double, anchor: String)] = []
    }

    struct Edge {
        var from: String?
        var to: String?
        var kind: String
        var scope: String
        var index: Int?
        var points: [Point] = []
        var label: Rect?
        var isTransition: Bool
    }

    struct Frame {
        var kind: String
        var owner: String
        var scope: String
        var box: Rect
    }

    var states: [State] = []
    var edges: [Edge] = []
    var frames: [Frame] = []
    var markers: [Rect] = []
    var width = 0.0
    var height = 0.0

    init(_ svg: String) throws {
        let delegate = Reader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw PictureError.notXML(parser.parserError.map { "\($0)" } ?? "unknown")
        }
        self = delegate.picture
    }

    enum PictureError: Error { case notXML(String) }

    /// Builds the picture from the elements: a `g.state` (or edge, frame, marker) owns the
    /// shapes and text until its end.
    final class Reader: NSObject, XMLParserDelegate {
        var picture = SVGPicture(empty: ())
        var stack: [String] = []
        var state: State?
        var edge: Edge?
        var frame: Frame?
        var marker = false
        var inLabel = false
        var text: String?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes a: [String: String] = [:]
        ) {
            let cls = a["class"] ?? ""
            stack.append(name == "g" ? cls : "")
            switch name {
            case "svg":
                picture.width = Double(a["width"] ?? "") ?? 0
                picture.height = Double(a["height"] ?? "") ?? 0
            case "g" where cls == "state":
                state = State(
                    name: a["data-state"] ?? "", type: a["data-type"] ?? "", scope: a["data-scope"] ?? "",
                    status: a["data-status"], box: Rect(x: 0, y: 0, width: 0, height: 0))
            case "g" where cls == "edge" || cls == "terminal-edge":
                edge = Edge(
                    from: a["data-from"], to: a["data-to"], kind: a["data-kind"] ?? "", scope: a["data-scope"] ?? "",
                    index: a["data-index"].flatMap { Int($0) }, isTransition: cls == "edge")
            case "g" where cls == "frame":
                frame = Frame(
                    kind: a["data-kind"] ?? "", owner: a["data-state"] ?? "", scope: a["data-scope"] ?? "",
                    box: Rect(x: 0, y: 0, width: 0, height: 0))
            case "g" where cls == "marker":
                marker = true
            case "g" where cls == "label":
                inLabel = true
            case "rect":
                let r = Self.rect(a)
                if state != nil && a["class"] == "shape" { state?.box = r }
                if frame != nil && frame?.box.width == 0 { frame?.box = r }
                if marker { picture.markers.append(r) }
                if edge != nil && inLabel { edge?.label = r }
            case "polygon":
                if state != nil, let points = a["points"] { state?.box = Self.bounds(Self.points(points)) }
            case "path":
                if edge != nil, let d = a["d"] { edge?.points = Self.points(d) }
            case "text":
                text = ""
                state?.textSpans.append(
                    (Double(a["font-size"] ?? "") ?? 12, Double(a["x"] ?? "") ?? 0, a["text-anchor"] ?? "start"))
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let cls = stack.removeLast()
            if name == "text", let t = text {
                state?.texts.append(t)
                text = nil
            }
            guard name == "g" else { return }
            switch cls {
            case "state":
                if let s = state { picture.states.append(s) }
                state = nil
            case "edge", "terminal-edge":
                if let e = edge { picture.edges.append(e) }
                edge = nil
            case "frame":
                if let f = frame { picture.frames.append(f) }
                frame = nil
            case "marker": marker = false
            case "label": inLabel = false
            default: break
            }
        }

        static func rect(_ a: [String: String]) -> Rect {
            Rect(
                x: Double(a["x"] ?? "") ?? 0, y: Double(a["y"] ?? "") ?? 0, width: Double(a["width"] ?? "") ?? 0,
                height: Double(a["height"] ?? "") ?? 0)
        }

        /// The numbers of a path's `d` (M and L commands only) or a polygon's `points`, in pairs.
        static func points(_ text: String) -> [Point] {
            let numbers = text.split(whereSeparator: { " ,MLz".contains($0) }).compactMap { Double($0) }
            return stride(from: 0, to: numbers.count - 1, by: 2).map { Point(numbers[$0], numbers[$0 + 1]) }
        }

        static func bounds(_ points: [Point]) -> Rect {
            let xs = points.map(\.x)
            let ys = points.map(\.y)
            let x = xs.min() ?? 0
            let y = ys.min() ?? 0
            return Rect(x: x, y: y, width: (xs.max() ?? 0) - x, height: (ys.max() ?? 0) - y)
        }
    }

    private init(empty: Void) {}
}

/// The reader's own contract: states, edges and frames come back with their names and boxes.
@Test func svgPictureReadsStatesEdgesAndFrames() throws {
    let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <g class="frame" data-kind="parallel" data-owner="P"><rect x="0" y="0" width="200" height="100"/></g>
        <g class="state" data-state="A" data-type="Pass"><rect x="10" y="10" width="40" height="20"/><text>A</text></g>
        <g class="edge" data-from="A" data-to="B" data-kind="next"><path d="M 30 30 L 30 60"/></g>
        </svg>
        """
    let picture = try SVGPicture(svg)
    #expect(picture.states.map(\.name) == ["A"])
    #expect(picture.states.first?.type == "Pass")
    #expect(picture.edges.contains { $0.from == "A" && $0.to == "B" && $0.kind == "next" })
    #expect(picture.frames.count == 1)
}
