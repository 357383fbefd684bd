// Generated from docs/embedding.md by Tests/SFNCLITests/ExamplePackageTests.swift (SFN_RECORD=1): edit the doc, not this file.
import SFNCore
import SFNJSON
import Synchronization

let definitionText = """
    {
      "Comment": "Quote an order, retrying a flaky pricing service",
      "StartAt": "Quote",
      "States": {
        "Quote": {
          "Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Quote",
          "Retry": [{"ErrorEquals": ["Pricing.Busy"], "IntervalSeconds": 1, "MaxAttempts": 2}],
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Rejected"}],
          "ResultPath": "$.quote",
          "Next": "Large?"
        },
        "Large?": {
          "Type": "Choice",
          "Choices": [{"Variable": "$.quote.total", "NumericGreaterThan": 100, "Next": "Review"}],
          "Default": "Done"
        },
        "Review": {"Type": "Pass", "Result": "needs review", "ResultPath": "$.status", "Next": "Done"},
        "Rejected": {"Type": "Fail", "Error": "Order.Rejected"},
        "Done": {"Type": "Succeed"}
      }
    }
    """

let machine: StateMachine
do {
    let loaded = try StateMachine.load(definitionText)
    for warning in loaded.warnings { print("warning: \(warning.message)") }
    machine = loaded.machine
} catch {
    for d in error.diagnostics {
        let at = d.location.map { "\($0.line):\($0.column)" } ?? d.pointer
        print("\(at): \(d.code.rawValue): \(d.message)")
    }
    fatalError("the definition does not load")
}

do {
    _ = try StateMachine.load(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#)
} catch {
    for d in error.diagnostics { print("\(d.code.rawValue) at \(d.pointer)") }
}

struct Order: Codable {
    var items: [Double]
}

struct Quote: Codable {
    var total: Double
}

/// Counts calls across the concurrent tasks a handler may run on.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

let attempts = Counter()

var tasks = TaskDispatcher()
tasks.register(resource: "arn:aws:lambda:us-east-1:123456789012:function:Quote") {
    (order: Order) async throws -> Quote in
    // The first call fails, so the Retrier runs the state again.
    if attempts.next() == 1 { throw StatesError("Pricing.Busy", "try again") }
    return Quote(total: order.items.reduce(0, +))
}

final class PrintingObserver: ExecutionObserver {
    func receive(_ event: HistoryEvent) {
        let state = event.stateName.map { " \($0)" } ?? ""
        print("#\(event.id) (after #\(event.previousEventId)) \(event.type.rawValue)\(state)")
    }
}

var options = ExecutionOptions()
options.tasks = tasks
options.skipWaits = true
options.observers = [PrintingObserver()]

let input = try JSONParser.parse(#"{"items": [80, 45.5]}"#)
let result = await machine.run(input: input, options: options)
print(result.status.rawValue, JSONPrinter.compact(result.output ?? .null))

let graph = machine.definition.graph
for state in graph.states {
    let targets = state.edges.map { graph.states[$0.target].name }
    let line = state.location.map { "line \($0.line)" } ?? "-"
    let next = targets.isEmpty ? "(ends here)" : targets.joined(separator: ", ")
    print("\(state.name): \(state.kind.typeName) at \(line) -> \(next)")
}

let local = LocalOnlyReport(definition: try JSONParser.parse(definitionText), tasks: tasks, s3Root: ".sfn/s3")
for finding in local.findings {
    print("\(finding.state): \(finding.kind) at \(finding.pointer), on AWS \(finding.awsResource ?? "nothing")")
}
