/// One HTTP exchange through libcurl (`Curl`): the request as bytes in, the status line, headers
/// and body out. No redirects are followed, as the HTTP task does not follow them.
struct HTTPClient {
    struct Request {
        var method: String
        var url: String
        var headers: [(String, String)] = []
        var body: [UInt8]?
        /// Seconds; AWS gives an HTTP task's request 60 s.
        var timeoutSeconds = 60
    }

    struct Response {
        var statusCode: Int
        var statusText: String
        var headers: [(String, String)]
        var body: [UInt8]
    }

    /// What libcurl's callbacks fill in, reached through their user-data pointer.
    final class Sink {
        var body: [UInt8] = []
        var headerLines: [String] = []
    }

    /// Performs the request; a failure to connect or a timeout is `States.Http.Socket`, as AWS names
    /// a connection that fails.
    static func perform(_ request: Request) throws(StatesError) -> Response {
        let curl = try Curl.shared()
        guard let h = curl.makeHandle() else { throw StatesError("States.Runtime", "libcurl could not make a handle.") }
        defer { curl.cleanup(h) }
        let sink = Sink()
        var list: OpaquePointer?
        defer { curl.free(list) }
        _ = curl.set(h, Curl.optURL, string: request.url)
        curl.set(h, Curl.optNoSignal, long: 1)
        curl.set(h, Curl.optTimeout, long: request.timeoutSeconds)
        switch request.method {
        case "GET": curl.set(h, Curl.optHTTPGet, long: 1)
        case "HEAD": curl.set(h, Curl.optNoBody, long: 1)
        default: _ = curl.set(h, Curl.optCustomRequest, string: request.method)
        }
        if let body = request.body, request.method != "GET", request.method != "HEAD" {
            curl.set(h, Curl.optPostFieldSize, long: body.count)
            body.withUnsafeBytes {
                _ = curl.set(h, Curl.optCopyPostFields, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
            }
            // A POST with a custom method keeps curl from switching methods on its own.
            if request.method == "POST" { _ = curl.set(h, Curl.optCustomRequest, string: "POST") }
        }
        // An empty Expect keeps curl from waiting for "100 Continue" on larger bodies.
        for line in request.headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] { list = curl.append(list, line) }
        curl.set(h, Curl.optHTTPHeader, UnsafeRawPointer(list))
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let context = UnsafeRawPointer(box.toOpaque())
        _ = curl.set(
            h, Curl.optWriteFunction,
            callback: { data, size, count, user in
                guard let data, let user else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                data.withMemoryRebound(to: UInt8.self, capacity: size * count) {
                    sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size * count))
                }
                return size * count
            })
        curl.set(h, Curl.optWriteData, context)
        _ = curl.set(
            h, Curl.optHeaderFunction,
            callback: { data, size, count, user in
                guard let data, let user else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                let line = data.withMemoryRebound(to: UInt8.self, capacity: size * count) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: size * count), as: UTF8.self)
                }
                sink.headerLines.append(line)
                return size * count
            })
        curl.set(h, Curl.optHeaderData, context)
        let code = curl.perform(h)
        guard code == 0 else {
            throw StatesError(
                "States.Http.Socket", "The request to \(request.url) failed: \(curl.message(code)) (libcurl \(code)).")
        }
        return response(status: curl.responseCode(h), lines: sink.headerLines, body: sink.body)
    }

    /// The last response's status text and headers (an interim `100 Continue` block is dropped).
    static func response(status: Int, lines: [String], body: [UInt8]) -> Response {
        var text = ""
        var headers: [(String, String)] = []
        for raw in lines {
            let line = raw.trimmingCharacters(in: .newlines)
            if line.hasPrefix("HTTP/") {
                headers = []
                let parts = line.split(separator: " ", maxSplits: 2)
                text = parts.count > 2 ? String(parts[2]) : ""
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers.append((name, value))
            }
        }
        if text.isEmpty { text = reasonPhrases[status] ?? "" }
        return Response(statusCode: status, statusText: text, headers: headers, body: body)
    }

    /// HTTP/2 has no reason phrase: the standard ones stand in.
    static let reasonPhrases: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
        304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]
}
