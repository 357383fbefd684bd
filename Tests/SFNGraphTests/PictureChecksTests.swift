import SFNCore
import SFNGraph
import Testing

/// The checker finds what it looks for: a picture with the faults it must catch fails it.
struct PictureChecksTests {
    static let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "B"},
          "B": {"Type": "Pass", "Next": "C"},
          "C": {"Type": "Pass", "End": true}}}
        """

    static func svg(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"400\">\(body)</svg>"
    }

    static func state(_ name: String, _ x: Int, _ y: Int) -> String {
        "<g class=\"state\" data-state=\"\(name)\" data-type=\"Pass\" data-scope=\"\">"
            + "<rect class=\"shape\" x=\"\(x)\" y=\"\(y)\" width=\"100\" height=\"40\"/></g>"
    }

    static func edge(_ from: String, _ to: String, _ d: String) -> String {
        "<g class=\"edge\" data-kind=\"next\" data-from=\"\(from)\" data-to=\"\(to)\" data-scope=\"\">"
            + "<path d=\"\(d)\"/></g>"
    }

    @Test func aRightPicturePasses() throws {
        let machine = try StateMachine.load(Self.definition).machine
        let svg = Self.svg(
            Self.state("A", 0, 0) + Self.state("B", 0, 100) + Self.state("C", 0, 200)
                + Self.edge("A", "B", "M50,40 L50,100") + Self.edge("B", "C", "M50,140 L50,200"))
        #expect(PictureChecks.problems(try SVGPicture(svg), machine.definition) == [])
    }

    @Test func overlapsCrossingsAndMissingEdgesAreFound() throws {
        let machine = try StateMachine.load(Self.definition).machine
        // B overlaps A; the edge A -> B runs through C; the edge B -> C is missing.
        let svg = Self.svg(
            Self.state("A", 0, 0) + Self.state("B", 50, 20) + Self.state("C", 200, 0)
                + Self.edge("A", "B", "M100,10 L300,10 L300,60 L150,60"))
        let problems = PictureChecks.problems(try SVGPicture(svg), machine.definition)
        #expect(problems.contains { $0.contains("overlap") })
        #expect(problems.contains { $0.contains("crosses the box of |C") })
        #expect(problems.contains { $0.contains("edges drawn 1, transitions 2") })
    }
}
