import SFNJSON
import Testing

@testable import SFNCore

@Suite struct HandlerDispatcherTests {
    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:Pricing"

    struct Order: Codable, Sendable { var id: Int64; var price: Double; var items: [String]; var note: String? }
    struct Quote: Codable, Sendable { var id: Int64; var total: Double; var count: Int; var free: Bool }

    enum PricingError: Error { case outOfStock }
    struct Rejected: TaskErrorConvertible {
        var statesError: StatesError { StatesError("Pricing.Rejected", "too expensive") }
    }

    func dispatcher() -> TaskDispatcher {
        var d = TaskDispatcher()
        d.register(resource: Self.arn) { (o: Order) async throws -> Quote in
            if o.items.isEmpty { throw PricingError.outOfStock }
            if o.price > 1000 { throw Rejected() }
            if o.price < 0 { throw StatesError("Pricing.Negative", "price \(o.price)") }
            return Quote(id: o.id, total: o.price * Double(o.items.count), count: o.items.count, free: o.price == 0)
        }
        d.register(resource: "local:echo") { request in
            [
                "state": .string(request.stateName), "attempt": .int(request.attempt), "input": request.input,
                "ctx": request.context,
            ]
        }
        return d
    }

    func invoke(_ d: TaskDispatcher, _ resource: String, _ input: JSONValue, attempt: Int = 0) async throws(StatesError)
        -> JSONValue
    {
        try await d.invoke(
            TaskRequest(
                resource: resource, stateName: "Price", input: input, context: ["Execution": ["Id": "e"]],
                attempt: attempt))
    }

    @Test func codableHandlerKeepsIntegersExact() async throws {
        let out = try await invoke(
            dispatcher(), Self.arn, ["id": 9007199254740993, "price": 2.5, "items": ["a", "b"]])
        #expect(out == ["id": 9007199254740993, "total": 5, "count": 2, "free": false])
        guard case .int(let id)? = out["id"] else { Issue.record("id is not an int: \(out)"); return }
        #expect(id == 9007199254740993)
    }

    @Test func lambdaInvokeReachesAHandlerRegisteredUnderTheARN() async throws {
        for name in ["Pricing", "Pricing:live", Self.arn, "123456789012:function:Pricing"] {
            let out = try await invoke(
                dispatcher(), "arn:aws:states:::lambda:invoke",
                ["FunctionName": .string(name), "Payload": ["id": 1, "price": 1, "items": ["x"]]])
            #expect(out["Payload"] == ["id": 1, "total": 1, "count": 1, "free": false])
            #expect(out["StatusCode"] == 200)
        }
    }

    @Test func errorsKeepTheirNames() async throws {
        let d = dispatcher()
        let cases: [(JSONValue, StatesError)] = [
            (
                ["id": 1, "price": 1, "items": []],
                StatesError("PricingError", #"{"errorMessage":"outOfStock","errorType":"PricingError"}"#)
            ),
            (["id": 1, "price": 5000, "items": ["x"]], StatesError("Pricing.Rejected", "too expensive")),
            (["id": 1, "price": -1, "items": ["x"]], StatesError("Pricing.Negative", "price -1.0")),
        ]
        for (input, expected) in cases {
            do { _ = try await invoke(d, Self.arn, input); Issue.record("no error for \(input)") } catch {
                #expect(error == expected)
            }
        }
    }

    static let undecodable: [(JSONValue, String)] = [
        (["id": 1, "price": 1], "missing key 'items'"),
        (["id": "one", "price": 1, "items": []], "at .id"),
        (["id": 1.5, "price": 1, "items": []], "expected Int64 at .id: Expected Int64 but found the number 1.5."),
        (["id": 1, "price": 1, "items": [1]], "at .items[0]"),
        ("text", "expected"),
    ]

    @Test(arguments: undecodable)
    func undecodableInput(input: JSONValue, message: String) async throws {
        do { _ = try await invoke(dispatcher(), Self.arn, input); Issue.record("decoded \(input)") } catch {
            #expect(error.error == "States.TaskFailed")
            #expect(error.cause?.contains("Order") == true)
            #expect(error.cause?.contains(message) == true, "\(error)")
        }
    }

    @Test func requestFieldsReachTheHandler() async throws {
        let out = try await invoke(dispatcher(), "local:echo", [1], attempt: 2)
        #expect(out == ["state": "Price", "attempt": 2, "input": [1], "ctx": ["Execution": ["Id": "e"]]])
    }

    @Test func handlersWinOverResourcesMapAndShell() async throws {
        var d = dispatcher()
        d.resources = try ResourceMap(parsing: #"{"Pricing": "echo 0", "shell:cat": "echo 1"}"#)
        let out = try await invoke(d, Self.arn, ["id": 1, "price": 3, "items": ["x"]])
        #expect(out["total"] == 3)
        #expect(try await invoke(d, "shell:cat", 5) == 1)
        d.register(resource: "shell:cat") { _ in 2 }
        #expect(try await invoke(d, "shell:cat", 5) == 2)
    }

    @Test func shellCanBeTurnedOff() async throws {
        var d = TaskDispatcher()
        d.allowsShell = false
        do { _ = try await invoke(d, "shell:cat", 1); Issue.record("shell ran") } catch {
            #expect(error.error == "States.Runtime")
        }
    }

    @Test func wrappingArbitraryErrors() {
        #expect(StatesError(wrapping: CancellationError()) == .cancelled)
        #expect(StatesError(wrapping: StatesError("A", "b")) == StatesError("A", "b"))
        #expect(StatesError(wrapping: PricingError.outOfStock).error == "PricingError")
    }

    @Test func codableRoundTrip() throws {
        let q = Quote(id: Int64.max, total: 0.1, count: -3, free: true)
        let v = try JSONValueCoding.encode(q)
        #expect(v == ["id": .int(Int.max), "total": 0.1, "count": -3, "free": true])
        let back = try JSONValueCoding.decode(Quote.self, from: v)
        #expect(back.id == Int64.max && back.total == 0.1 && back.count == -3 && back.free)
    }

    @Test func swiftHandlersTimeOut() async throws {
        var d = TaskDispatcher()
        d.register(resource: "local:slow") { _ in
            try await Task.sleep(nanoseconds: 60_000_000_000)
            return "late"
        }
        d.register(resource: "local:fast") { _ in "quick" }
        let start = HandlerClock.now()
        do {
            _ = try await d.invoke(
                TaskRequest(resource: "local:slow", stateName: "Slow", input: nil, timeoutSeconds: 0.2))
            Issue.record("no timeout")
        } catch {
            #expect(error.error == "States.Timeout")
            #expect(error.cause?.contains("'Slow'") == true)
        }
        #expect(HandlerClock.now() - start < 30, "the timeout did not cut the 60-second handler short")
        #expect(
            try await d.invoke(TaskRequest(resource: "local:fast", stateName: "F", input: nil, timeoutSeconds: 5))
                == "quick")
    }

    @Test func plainSwiftErrorsOutsideLambdaKeepTheirDescription() async throws {
        var d = TaskDispatcher()
        d.register(resource: "local:fail") { _ in throw PricingError.outOfStock }
        do {
            _ = try await d.invoke(TaskRequest(resource: "local:fail", stateName: "S", input: nil));
            Issue.record("no error")
        } catch {
            #expect(error == StatesError("PricingError", "outOfStock"))
        }
    }
}
