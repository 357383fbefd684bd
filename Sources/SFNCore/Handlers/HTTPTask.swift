import Foundation
import SFNJSON

/// `arn:aws:states:::http:invoke`: the task's parameters (ApiEndpoint, Method, Headers,
/// QueryParameters, RequestBody, Transform, Authentication) made into a real request, and the
/// response in AWS's shape, `{"Headers", "ResponseBody", "StatusCode", "StatusText"}`. A status
/// outside 2xx fails the task with `States.Http.StatusCode.NNN`, the response as its cause.
struct HTTPTask {
    static let resource = "arn:aws:states:::http:invoke"
    static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]

    var connections: HTTPConnections

    func run(_ parameters: JSONValue, stateName: String) throws(StatesError) -> JSONValue {
        guard let endpoint = parameters["ApiEndpoint"]?.stringValue else {
            throw StatesError("States.Runtime", "The HTTP task of state '\(stateName)' needs a string ApiEndpoint.")
        }
        let method = parameters["Method"]?.stringValue?.uppercased() ?? ""
        guard Self.methods.contains(method) else {
            throw StatesError(
                "States.Runtime",
                "The HTTP task of state '\(stateName)' has Method '\(parameters["Method"].map(JSONPrinter.compact) ?? "")'; "
                    + "AWS takes one of \(Self.methods.sorted().joined(separator: ", ")).")
        }
        var request = HTTPClient.Request(method: method, url: endpoint)
        if let query = parameters["QueryParameters"]?.objectValue, !query.isEmpty {
            let pairs = query.flatMap { key, value in Self.queryValues(value).map { (key, $0) } }
            request.url += (endpoint.contains("?") ? "&" : "?") + Self.formEncode(pairs)
        }
        if let headers = parameters["Headers"]?.objectValue {
            for (name, value) in headers { request.headers.append((name, Self.text(value))) }
        }
        if let body = parameters["RequestBody"] {
            let urlEncoded = parameters["Transform"]?["RequestBodyEncoding"]?.stringValue == "URL_ENCODED"
            if urlEncoded, let object = body.objectValue {
                let pairs = object.flatMap { key, value in Self.queryValues(value).map { (key, $0) } }
                request.body = Array(Self.formEncode(pairs).utf8)
                setDefault("Content-Type", "application/x-www-form-urlencoded", &request.headers)
            } else if case .string(let s) = body {
                request.body = Array(s.utf8)
            } else {
                request.body = Array(JSONPrinter.compact(body).utf8)
                setDefault("Content-Type", "application/json", &request.headers)
            }
        }
        if let arn = parameters["Authentication"]?["ConnectionArn"]?.stringValue,
            let credentials = connections.credentials(arn)
        {
            try authorize(credentials, &request.headers)
        }
        let response = try HTTPClient.perform(request)
        let result = Self.result(response)
        guard (200..<300).contains(response.statusCode) else {
            throw StatesError("States.Http.StatusCode.\(response.statusCode)", JSONPrinter.compact(result))
        }
        return result
    }

    /// AWS's response object: headers by name, each with its list of values; a JSON body parsed.
    static func result(_ response: HTTPClient.Response) -> JSONValue {
        var headers = JSONObject()
        var contentType = ""
        for (name, value) in response.headers {
            if name.lowercased() == "content-type" { contentType = value.lowercased() }
            if case .array(var list)? = headers[name] {
                list.append(.string(value))
                headers[name] = .array(list)
            } else {
                headers[name] = .array([.string(value)])
            }
        }
        let text = String(decoding: response.body, as: UTF8.self)
        var body: JSONValue = .string(text)
        if contentType.contains("json"), let parsed = try? JSONParser.parse(text) { body = parsed }
        var o = JSONObject()
        o.append("Headers", .object(headers))
        o.append("ResponseBody", body)
        o.append("StatusCode", .int(response.statusCode))
        o.append("StatusText", .string(response.statusText))
        return .object(o)
    }

    private func authorize(_ credentials: HTTPConnections.Credentials, _ headers: inout [(String, String)])
        throws(StatesError)
    {
        switch credentials {
        case .apiKey(let name, let value):
            headers.append((name, value))
        case .basic(let user, let password):
            headers.append(("Authorization", "Basic " + Self.base64(Array("\(user):\(password)".utf8))))
        case .oauth(let id, let secret, let endpoint, let scope):
            // OAuth client credentials: a token from the authorization endpoint, then a bearer header.
            var pairs = [("grant_type", "client_credentials")]
            if let scope { pairs.append(("scope", scope)) }
            let tokenRequest = HTTPClient.Request(
                method: "POST", url: endpoint,
                headers: [
                    ("Authorization", "Basic " + Self.base64(Array("\(id):\(secret)".utf8))),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ], body: Array(Self.formEncode(pairs).utf8))
            let response = try HTTPClient.perform(tokenRequest)
            guard (200..<300).contains(response.statusCode),
                let token = (try? JSONParser.parse(String(decoding: response.body, as: UTF8.self)))?["access_token"]?
                    .stringValue
            else {
                throw StatesError(
                    "States.Http.StatusCode.\(response.statusCode == 200 ? 401 : response.statusCode)",
                    "The connection's OAuth endpoint \(endpoint) gave no access_token (status \(response.statusCode)).")
            }
            headers.append(("Authorization", "Bearer " + token))
        }
    }

    private func setDefault(_ name: String, _ value: String, _ headers: inout [(String, String)]) {
        if !headers.contains(where: { $0.0.lowercased() == name.lowercased() }) { headers.append((name, value)) }
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONPrinter.compact(value)
    }

    /// An array value repeats its key (AWS's default array format for query strings).
    static func queryValues(_ value: JSONValue) -> [String] {
        if case .array(let items) = value { return items.map(text) }
        return [text(value)]
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { percent($0.0) + "=" + percent($0.1) }.joined(separator: "&")
    }

    static func percent(_ s: String) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(b)))
            default:
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let b0 = bytes[i]
            let b1 = n > 1 ? bytes[i + 1] : 0
            let b2 = n > 2 ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(n > 1 ? table[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(n > 2 ? table[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension TaskDispatcher {
    /// Runs blocking work (a libcurl transfer) on a thread of its own and awaits it, so that the
    /// executor's few pool threads stay free for the execution's other branches.
    static func offPool(_ work: @escaping @Sendable () throws(StatesError) -> JSONValue) async throws(StatesError)
        -> JSONValue
    {
        let result = await withCheckedContinuation {
            (done: CheckedContinuation<Result<JSONValue, StatesError>, Never>) in
            Thread.detachNewThread {
                do throws(StatesError) { done.resume(returning: .success(try work())) } catch {
                    done.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
