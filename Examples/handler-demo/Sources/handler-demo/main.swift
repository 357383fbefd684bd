// Registers a Swift task handler under a Lambda ARN and runs a definition with it.
//
//     swift run --package-path Examples/handler-demo handler-demo [DEFINITION [INPUT]]
//
// Defaults to definitions/handler-demo.asl.json and .input.json of this repository; prints the
// execution output as JSON on stdout.
import Foundation
import SFNCore
import SFNJSON

struct Item: Codable {
    var sku: String
    var price: Double
    var quantity: Int
}

struct Order: Codable {
    var orderId: Int64
    var coupon: String?
    var items: [Item]
}

struct Quote: Codable {
    var orderId: Int64
    var lines: Int
    var units: Int
    var subtotal: Double
    var discount: Double
    var total: Double
}

/// A business error: Retry/Catch in the definition can match "Order.Empty".
struct EmptyOrder: TaskErrorConvertible {
    var statesError: StatesError { StatesError("Order.Empty", "An order needs at least one item.") }
}

let quoteFunction = "arn:aws:lambda:us-east-1:123456789012:function:QuoteOrder"

var tasks = TaskDispatcher()
tasks.register(resource: quoteFunction) { (order: Order) async throws -> Quote in
    guard !order.items.isEmpty else { throw EmptyOrder() }
    let subtotal = order.items.reduce(0) { $0 + $1.price * Double($1.quantity) }
    let discount = order.coupon == "TENOFF" ? (subtotal * 0.1).rounded() : 0
    return Quote(orderId: order.orderId, lines: order.items.count, units: order.items.reduce(0) { $0 + $1.quantity },
                 subtotal: subtotal, discount: discount, total: subtotal - discount)
}

// MARK: Running the definition

/// The repository root, found from this file's location (Examples/handler-demo/Sources/handler-demo/).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let arguments = CommandLine.arguments.dropFirst()
let definitionPath = arguments.first ?? repository.appendingPathComponent("definitions/handler-demo.asl.json").path
let inputPath = arguments.dropFirst().first
    ?? definitionPath.replacingOccurrences(of: ".asl.json", with: ".input.json")

func load(_ path: String) throws -> JSONValue {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try JSONParser.parse(text)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

let definition: JSONValue
let input: JSONValue
do {
    definition = try load(definitionPath)
    input = try load(inputPath)
} catch {
    fail("handler-demo: \(error)")
}

// The same engine as `sfn run`, with this program's handler in the dispatcher.
let machine: StateMachine
do {
    machine = try StateMachine(definition: definition)
} catch {
    fail("handler-demo: invalid definition: \(error)")
}
var options = ExecutionOptions()
options.tasks = tasks
let result = await machine.run(input: input, options: options)
guard result.status == .succeeded, let output = result.output else {
    fail("handler-demo: execution \(result.status): \(result.error ?? "")\(result.cause.map { ": \($0)" } ?? "")")
}
print(JSONPrinter.compact(output))
