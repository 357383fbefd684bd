import SFNJSON

/// An error as the AWS JSON 1.0 protocol sends it: HTTP status, `{"__type": ..., "message": ...}`.
/// The names are Step Functions' exception names.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var type: String
    public var message: String
    public var status: Int

    public init(_ type: String, _ message: String, status: Int = 400) {
        self.type = type
        self.message = message
        self.status = status
    }

    public var description: String { "\(type): \(message)" }

    var json: JSONValue {
        ["__type": .string("com.amazonaws.swf.service.v2.model#" + type), "message": .string(message)]
    }

    static func validation(_ message: String) -> APIError { APIError("ValidationException", message) }
    static func invalidArn(_ arn: String) -> APIError { APIError("InvalidArn", "Invalid Arn: '\(arn)'") }
    static func missingMachine(_ arn: String) -> APIError {
        APIError("StateMachineDoesNotExist", "State Machine Does Not Exist: '\(arn)'")
    }
    static func missingExecution(_ arn: String) -> APIError {
        APIError("ExecutionDoesNotExist", "Execution Does Not Exist: '\(arn)'")
    }
}

/// The request's members, read with the validation AWS applies (a wrong type is a
/// SerializationException, a missing required member a ValidationException).
struct APIRequest {
    let members: JSONObject

    init(_ body: [UInt8]) throws(APIError) {
        if body.isEmpty {
            members = JSONObject()
            return
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes: body) } catch {
            throw APIError("SerializationException", "the request body is not valid JSON: \(error.message)")
        }
        guard case .object(let object) = value else {
            throw APIError("SerializationException", "the request body must be a JSON object")
        }
        members = object
    }

    func string(_ key: String) throws(APIError) -> String? {
        guard let value = members[key], !value.isNull else { return nil }
        guard case .string(let s) = value else {
            throw APIError("SerializationException", "'\(key)' must be a string, not \(value.typeName)")
        }
        return s
    }

    func required(_ key: String) throws(APIError) -> String {
        guard let s = try string(key) else {
            throw APIError.validation(
                "1 validation error detected: Value null at '\(key)' failed to satisfy constraint: Member must not be null"
            )
        }
        return s
    }

    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = members[key], !value.isNull else { return nil }
        guard case .bool(let b) = value else {
            throw APIError("SerializationException", "'\(key)' must be a boolean, not \(value.typeName)")
        }
        return b
    }

    func int(_ key: String) throws(APIError) -> Int? {
        guard let value = members[key], !value.isNull else { return nil }
        guard let i = value.intValue else {
            throw APIError("SerializationException", "'\(key)' must be an integer, not \(value.typeName)")
        }
        return i
    }

    /// `maxResults` (0 or absent: the default page of 100; at most 1000) and `nextToken` (an
    /// offset this server handed out).
    func page() throws(APIError) -> (offset: Int, size: Int) {
        let size = try int("maxResults") ?? 0
        guard (0...1000).contains(size) else {
            throw APIError.validation(
                "1 validation error detected: Value '\(size)' at 'maxResults' failed to satisfy constraint: "
                    + "Member must have value less than or equal to 1000")
        }
        var offset = 0
        if let token = try string("nextToken") {
            guard let o = Int(token.dropFirst(5)), token.hasPrefix("page-"), o >= 0 else {
                throw APIError("InvalidToken", "Invalid Token: '\(token)'")
            }
            offset = o
        }
        return (offset, size == 0 ? 100 : size)
    }
}

extension JSONObject {
    /// Appends a page of `items` under `key`, with `nextToken` when more follow.
    mutating func appendPage(_ key: String, _ items: [JSONValue], offset: Int, size: Int) {
        let end = Swift.min(items.count, offset + size)
        append(key, .array(offset < end ? Array(items[offset..<end]) : []))
        if end < items.count { append("nextToken", .string("page-\(end)")) }
    }
}
