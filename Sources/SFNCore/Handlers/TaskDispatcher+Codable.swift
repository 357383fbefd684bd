import SFNJSON

extension TaskDispatcher {
    /// Runs a typed closure for `resource`: the task input is decoded as `Input`, the returned
    /// value encoded as the result. Input that does not decode fails the task with
    /// States.TaskFailed naming the type and what was wrong.
    ///
    ///     dispatcher.register(resource: "arn:aws:lambda:us-east-1:123456789012:function:Greet") {
    ///         (order: Order) async throws -> Receipt in ...
    ///     }
    public mutating func register<Input: Decodable, Output: Encodable>(
        resource: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) {
        register(resource: resource, handler: CodableTaskHandler(body))
    }

    /// Same, with the whole request at hand (state name, context object, attempt).
    public mutating func register<Input: Decodable, Output: Encodable>(
        resource: String, _ body: @escaping @Sendable (Input, TaskRequest) async throws -> Output
    ) {
        register(resource: resource, handler: CodableTaskHandler(body))
    }
}

/// A handler whose input and output are Codable types.
public struct CodableTaskHandler<Input: Decodable, Output: Encodable>: TaskHandler {
    // Two optionals rather than one adapting closure, which would capture the generic metatypes.
    private let plain: (@Sendable (Input) async throws -> Output)?
    private let withRequest: (@Sendable (Input, TaskRequest) async throws -> Output)?

    public init(_ body: @escaping @Sendable (Input) async throws -> Output) {
        plain = body
        withRequest = nil
    }

    public init(_ body: @escaping @Sendable (Input, TaskRequest) async throws -> Output) {
        plain = nil
        withRequest = body
    }

    public func invoke(_ request: TaskRequest) async throws -> JSONValue {
        let input: Input
        do {
            input = try JSONValueCoding.decode(Input.self, from: request.input)
        } catch {
            throw StatesError(
                "States.TaskFailed",
                "The input of resource '\(request.resource)' could not be decoded as \(Input.self): \(describe(error))")
        }
        let output: Output
        if let withRequest {
            output = try await withRequest(input, request)
        } else if let plain {
            output = try await plain(input)
        } else {
            throw StatesError("States.Runtime", "No handler body.")
        }
        do {
            return try JSONValueCoding.encode(output)
        } catch {
            throw StatesError(
                "States.TaskFailed",
                "The result of resource '\(request.resource)' could not be encoded as JSON: \(describe(error))")
        }
    }

    private func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c):
            return "missing key '\(key.stringValue)'\(path(c.codingPath))"
        case DecodingError.typeMismatch(let type, let c):
            return "expected \(type)\(path(c.codingPath)): \(c.debugDescription)"
        case DecodingError.valueNotFound(let type, let c):
            return "expected \(type) but found null\(path(c.codingPath))"
        case DecodingError.dataCorrupted(let c):
            let underlying = c.underlyingError.map { " (\($0))" } ?? ""
            return "\(c.debugDescription)\(underlying)\(path(c.codingPath))"
        default:
            return String(describing: error)
        }
    }

    private func path(_ p: [any CodingKey]) -> String {
        p.isEmpty ? "" : " at " + p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// JSONValue ⇄ Codable without a detour through JSON text (`JSONValueDecoder`,
/// `JSONValueEncoder`): integers stay exact and keys keep their order.
public enum JSONValueCoding {
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoder().decode(T.self, from: value)
    }

    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }
}
