/// A laid-out picture: every box, frame and edge with its coordinates. The renderers (SVG,
/// HTML) only draw what is here; the tests check it through the SVG.
struct Diagram {
    enum Shape {
        /// Task, Pass, Wait; Parallel and Map headers.
        case box
        /// Choice: a box with pointed sides.
        case hexagon
        /// Succeed and Fail: a box with round ends.
        case terminal
    }

    struct State {
        var name: String
        var type: String
        /// The pointer of the graph the state belongs to ("" for the top level, "/States/P/Branches/0").
        var scope: String
        var pointer: String
        var rect: Rect
        var shape: Shape
        var nameLines: [String]
        var detail: String
        var badge: String?
        var summary: String?
        var status: StateStatus?
    }

    enum EdgeKind: String {
        case next, choice, `default`, `catch`, start, end
    }

    struct Edge {
        var from: String
        var to: String
        var scope: String
        var kind: EdgeKind
        /// The Choice rule's or Catcher's index.
        var index: Int?
        var label: String?
        var labelOrigin: Point?
        var points: [Point]
    }

    struct Frame {
        enum Kind: String { case parallel, map, branch, processor }
        var kind: Kind
        /// The Parallel or Map state the frame belongs to.
        var owner: String
        var scope: String
        var rect: Rect
        var caption: String?
    }

    struct Marker {
        var isStart: Bool
        var rect: Rect
    }

    var states: [State] = []
    var edges: [Edge] = []
    var frames: [Frame] = []
    var markers: [Marker] = []
    var width = 0.0
    var height = 0.0

    mutating func append(_ other: Diagram, at dx: Double, _ dy: Double) {
        for var s in other.states {
            s.rect = s.rect.offset(by: dx, dy)
            states.append(s)
        }
        for var e in other.edges {
            e.points = e.points.map { $0.offset(by: dx, dy) }
            e.labelOrigin = e.labelOrigin?.offset(by: dx, dy)
            edges.append(e)
        }
        for var f in other.frames {
            f.rect = f.rect.offset(by: dx, dy)
            frames.append(f)
        }
        for var m in other.markers {
            m.rect = m.rect.offset(by: dx, dy)
            markers.append(m)
        }
    }
}
