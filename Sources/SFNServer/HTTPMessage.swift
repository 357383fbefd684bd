/// One HTTP/1.1 request as the server read it: the request line, the headers in their order and
/// the whole body (Content-Length bodies only).
public struct HTTPRequest: Sendable {
    public typealias Header = (name: String, value: String)
    public var method: String
    public var target: String
    public var version: String
    public var headers: [Header]
    public var body: [UInt8]

    public init(method: String, target: String, version: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = body
    }

    /// The first header called `name`, compared without case as HTTP requires.
    public func header(_ name: String) -> String? {
        headers.first { Self.sameIgnoringCase($0.name, name) }?.value
    }

    /// ASCII case-insensitive equality, without building lowercased copies.
    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] {
                    let l = x[i] | 0x20
                    guard l == y[i] | 0x20, l >= 97 && l <= 122 else { return false }
                }
                return true
            }
        }
    }

    /// Whether the connection stays open after the response: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let connection = header("Connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }
}

/// A response: a body in full, or a stream written in chunks as it is produced (for live updates
/// such as Server-Sent Events; the connection closes when the stream's writer returns).
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Written with `Transfer-Encoding: chunked`; `write` returns false once the client is gone.
        case stream(@Sendable (_ write: ([UInt8]) -> Bool) -> Void)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = .bytes(body)
    }

    public init(status: Int, headers: [(String, String)] = [], stream: @escaping @Sendable (([UInt8]) -> Bool) -> Void)
    {
        self.status = status
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = .stream(stream)
    }

    /// A short plain-text error, for requests that never reach the protocol (bad framing, limits).
    public static func plain(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array((text + "\n").utf8))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 421: return "Misdirected Request"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}

/// What a server accepts before it answers with an error and closes the connection.
public struct HTTPLimits: Sendable {
    /// The largest body (AWS's own API refuses requests over 8 MiB... more than any definition needs).
    public var maxBodyBytes = 8 * 1024 * 1024
    /// The request line and headers together.
    public var maxHeaderBytes = 32 * 1024
    public var maxHeaderCount = 100
    /// Seconds a client may leave a request half-sent (or an idle keep-alive connection open).
    public var readTimeoutSeconds = 30
    /// Connections served at once; more wait in the listen queue.
    public var maxConnections = 512

    public init() {}
}
