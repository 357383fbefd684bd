import SFNCore
import SFNGraph
import Testing

/// What every picture must satisfy, as problems in words (empty when the picture is right):
/// one node per state, one edge per transition, no two boxes overlapping, no edge through a box
/// it does not connect, no edge into a frame it does not belong to, no label on a box.
enum PictureChecks {
    struct Transition: Hashable {
        var scope: String
        var from: String
        var to: String
        var kind: String
        var index: Int?
    }

    static func expected(_ graph: StateGraph) -> (states: [String], transitions: [Transition]) {
        var states: [String] = []
        var transitions: [Transition] = []
        for state in graph.states {
            states.append(graph.pointer + "|" + state.name)
            for edge in state.edges {
                let (kind, index): (String, Int?)
                switch edge.kind {
                case .next: (kind, index) = ("next", nil)
                case .default: (kind, index) = ("default", nil)
                case .choice(let i): (kind, index) = ("choice", i)
                case .catch(let i): (kind, index) = ("catch", i)
                }
                transitions.append(
                    Transition(
                        scope: graph.pointer, from: state.name, to: graph.states[edge.target].name, kind: kind,
                        index: index))
            }
            var inner: [StateGraph] = []
            if case .parallel(let p) = state.kind { inner = p.branches }
            if case .map(let m) = state.kind { inner = [m.processor] }
            for g in inner {
                let e = expected(g)
                states += e.states
                transitions += e.transitions
            }
        }
        return (states, transitions)
    }

    static func problems(_ picture: SVGPicture, _ definition: MachineDefinition) -> [String] {
        var problems: [String] = []
        let want = expected(definition.graph)
        let drawn = picture.states.map { $0.scope + "|" + $0.name }
        if drawn.sorted() != want.states.sorted() {
            problems.append("states drawn \(drawn.sorted()) but the definition has \(want.states.sorted())")
        }
        let edges = picture.edges.filter(\.isTransition).map {
            Transition(scope: $0.scope, from: $0.from ?? "", to: $0.to ?? "", kind: $0.kind, index: $0.index)
        }
        if count(edges) != count(want.transitions) {
            problems.append("edges drawn \(edges.count), transitions \(want.transitions.count): differ")
        }
        // Boxes: every state's shape and the Start and End markers.
        let boxes: [(key: String, rect: Rect)] =
            picture.states.map { ($0.scope + "|" + $0.name, $0.box) } + picture.markers.map { ("marker", $0) }
        for i in boxes.indices {
            if boxes[i].rect.width <= 0 || boxes[i].rect.height <= 0 { problems.append("\(boxes[i].key): no box") }
            for j in boxes.indices where j > i && boxes[i].rect.overlaps(boxes[j].rect) {
                problems.append("boxes of \(boxes[i].key) and \(boxes[j].key) overlap")
            }
        }
        for edge in picture.edges {
            let ends: Set<String> = [edge.scope + "|" + (edge.from ?? ""), edge.scope + "|" + (edge.to ?? "")]
            let name = "\(edge.kind) edge \(edge.from ?? "Start") -> \(edge.to ?? "End")"
            if edge.points.count < 2 { problems.append("\(name): no path") }
            for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                for box in boxes where !ends.contains(box.key) && box.key != "marker" {
                    if box.rect.isCrossed(from: a, to: b) { problems.append("\(name) crosses the box of \(box.key)") }
                }
                for marker in picture.markers where marker.isCrossed(from: a, to: b) {
                    if edge.isTransition { problems.append("\(name) crosses a Start or End marker") }
                }
                // An edge enters a Parallel or Map frame only when it belongs inside it.
                for frame in picture.frames where frame.kind == "parallel" || frame.kind == "map" {
                    let inside = edge.scope.hasPrefix(frame.scope + "/States/")
                    if !inside && frame.box.isCrossed(from: a, to: b)
                        && !ends.contains(frame.scope + "|" + frame.owner)
                    {
                        problems.append("\(name) crosses the frame of \(frame.owner)")
                    }
                }
            }
            if let label = edge.label {
                for box in boxes where box.rect.overlaps(label) {
                    problems.append("label of \(name) lies on the box of \(box.key)")
                }
            }
        }
        for state in picture.states {
            if state.box.maxX > picture.width || state.box.maxY > picture.height {
                problems.append("\(state.name) lies outside the picture")
            }
        }
        return problems
    }

    private static func count(_ list: [Transition]) -> [Transition: Int] {
        list.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

/// The expected picture of a definition: one node per state and one transition per Next, Choice
/// rule, Default and Catcher.
@Test func pictureChecksExpectEveryStateAndTransition() throws {
    let machine = try StateMachine(
        definitionText: """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "T"}],
                    "Default": "D"},
              "T": {"Type": "Task", "Resource": "shell:cat", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "D"}],
                    "End": true},
              "D": {"Type": "Succeed"}}}
            """)
    let expected = PictureChecks.expected(machine.definition.graph)
    #expect(expected.states.count == 3)
    #expect(expected.transitions.map(\.kind).sorted() == ["catch", "choice", "default"])
}
