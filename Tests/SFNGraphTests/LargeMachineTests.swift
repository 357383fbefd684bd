import Foundation
import SFNCore
import SFNJSON
import Testing

@testable import SFNGraph

/// A 60-state machine stays readable at 100% zoom: no overlaps or crossings through boxes, text
/// at 10 px or more, and no wider than a screen, so that it reads by scrolling down only.
struct LargeMachineTests {
    /// Sixty states: a main line of Tasks and Waits, a Choice every eighth state that either goes
    /// on, skips ahead or loops back, every Task caught by one handler, and a Parallel.
    static func definition(states count: Int = 60) -> String {
        var states: [String] = []
        func name(_ i: Int) -> String {
            i % 5 == 0 ? "Step\(i)WithARatherLongDescriptiveStateName" : "Step\(i)"
        }
        for i in 0..<count - 2 {
            let next = "\"Next\": \"\(name(i + 1))\""
            if i % 8 == 7 {
                let skip = name(min(i + 3, count - 3))
                let back = name(max(i - 5, 0))
                states.append(
                    """
                    "\(name(i))": {"Type": "Choice", "Choices": [
                      {"Variable": "$.mode", "StringEquals": "skip", "Next": "\(skip)"},
                      {"Variable": "$.retries", "NumericLessThan": 3, "Next": "\(back)"}],
                      "Default": "\(name(i + 1))"}
                    """)
            } else if i % 8 == 3 {
                states.append("\"\(name(i))\": {\"Type\": \"Wait\", \"Seconds\": \(i * 10), \(next)}")
            } else if i == 20 {
                states.append(
                    """
                    "\(name(i))": {"Type": "Parallel", "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}},
                      {"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": "shell:true", "End": true}}}],
                      \(next)}
                    """)
            } else {
                states.append(
                    """
                    "\(name(i))": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": \(i % 4 + 1)}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleError"}], \(next)}
                    """)
            }
        }
        states.append("\"\(name(count - 2))\": {\"Type\": \"Succeed\"}")
        states.append("\"HandleError\": {\"Type\": \"Fail\", \"Error\": \"Failed\"}")
        return "{\"StartAt\": \"\(name(0))\", \"States\": {\(states.joined(separator: ",\n"))}}"
    }

    @Test func sixtyStatesAreReadable() throws {
        let machine = try StateMachine.load(Self.definition()).machine
        #expect(machine.definition.graph.states.count == 60)
        let svg = WorkflowGraph(machine.definition).render(.svg)
        let picture = try SVGPicture(svg)
        let problems = PictureChecks.problems(picture, machine.definition)
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        #expect(picture.width <= 1600, "\(picture.width) px wide")
        let sizes = svg.split(separator: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 10 })
    }

    /// Every text of every box, measured with the fixed font metrics where it is anchored, lies
    /// within the box (inside the pointed or round ends for Choice, Succeed and Fail).
    @Test(arguments: ["large", "order-fulfilment", "shell-pipeline", "choice-router", "jsonata-orders"])
    func textStaysInsideItsBox(_ name: String) throws {
        let text: String
        if name == "large" {
            text = Self.definition()
        } else {
            let url = GraphStructureTests.packageRoot.appendingPathComponent("definitions/\(name).asl.json")
            text = try String(contentsOf: url, encoding: .utf8)
        }
        let machine = try StateMachine.load(text).machine
        let picture = try SVGPicture(WorkflowGraph(machine.definition).render(.svg))
        var problems: [String] = []
        for state in picture.states {
            let inset =
                state.type == "Choice" || state.type == "Succeed" || state.type == "Fail"
                ? state.box.height / 4 : 0
            for (content, span) in zip(state.texts, state.textSpans) {
                let width = TextMetrics.width(content, fontSize: span.size)
                let start: Double
                switch span.anchor {
                case "middle": start = span.x - width / 2
                case "end": start = span.x - width
                default: start = span.x
                }
                if start < state.box.x + inset || start + width > state.box.maxX - inset {
                    problems.append("\(state.name): \"\(content)\"")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
    }
}
