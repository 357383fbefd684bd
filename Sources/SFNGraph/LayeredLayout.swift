/// A Sugiyama-style layered layout of one graph whose nodes are rectangles: cycles broken by a
/// depth-first search, longest-path layering, every edge split into one-rank steps by dummy nodes
/// (the first dummy of an edge carries its label, so labels get room of their own), crossings
/// reduced by barycentre sweeps, and x coordinates chosen by weighted isotonic regression so that
/// chains run straight down. Nodes sit on even ranks, labels and dummies on odd ones.
struct LayeredLayout {
    struct Node {
        var width: Double
        var height: Double
        /// Where edges attach, as offsets from the box's left side: `top` for arriving edges,
        /// `bottom` for leaving ones (a frame attaches only at its header).
        var top: ClosedRange<Double>
        var bottom: ClosedRange<Double>
        /// Room kept free to the right of the box (self-loops and their labels).
        var rightMargin = 0.0
        /// Height the node's rank must give it (at least `height`).
        var bandHeight: Double

        init(width: Double, height: Double, top: ClosedRange<Double>? = nil, bottom: ClosedRange<Double>? = nil) {
            self.width = width
            self.height = height
            let inset = min(12, width / 4)
            self.top = top ?? inset...(width - inset)
            self.bottom = bottom ?? inset...(width - inset)
            self.bandHeight = height
        }
    }

    struct Edge {
        var from: Int
        var to: Int
        /// The label's size; nil for none.
        var label: (width: Double, height: Double)?
        /// How strongly the edge pulls its ends into line: the main flow (Next, Default) more
        /// than the ways out (Catch), so that the main path runs straight.
        var weight = 1.0
    }

    struct Result {
        /// Top left corner of each node's box.
        var origins: [Point]
        /// Each edge's polyline from its source to its target (empty for self-loops, which the
        /// caller draws beside the box).
        var routes: [[Point]]
        /// Where each edge's label goes (its top left corner).
        var labels: [Point?]
        var width: Double
        var height: Double
    }

    var nodes: [Node]
    var edges: [Edge]
    /// Where the depth-first search starts (the Start marker or the start state), so that the
    /// main path is the one whose edges point down.
    var roots: [Int]
    /// A node kept alone on the last rank (the End marker).
    var last: Int?

    static let rankGap = 22.0
    static let nodeGap = 28.0
    static let dummyGap = 10.0
    static let dummyWidth = 8.0
    static let stub = 7.0
    static let portGap = 14.0

    func run() -> Result {
        var proper = ProperGraph(layout: self)
        proper.order()
        proper.place()
        return proper.route()
    }
}
