import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain HTTP/1.1 client on a socket, for requests a browser would never send as they are (no
/// token, another Host, OPTIONS) and for reading a stream of Server-Sent Events as it comes.
struct RawHTTP {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    let port: Int

    /// Sends one request with `Connection: close` and reads the answer to its end, or until
    /// `until` appears in it (for a stream), or `timeout` seconds.
    func send(
        _ method: String, _ target: String, headers: [String: String] = [:], body: String = "", until: String? = nil,
        timeout: Int = 30
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIFailureText("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw CLIFailureText("connect to port \(port): \(errno)") }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var all = ["Host": "127.0.0.1:\(port)", "Connection": "close"]
        all.merge(headers) { $1 }
        var request = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in all { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw CLIFailureText("write failed") }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            received += chunk[0..<n]
            if let until, String(decoding: received, as: UTF8.self).contains(until) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw CLIFailureText("no response: '\(text)'") }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let fields = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: fields, body: String(text[split.upperBound...]))
    }

    /// The AWS API's `POST /` with X-Amz-Target.
    func aws(_ operation: String, _ body: String) throws -> Response {
        try send(
            "POST", "/",
            headers: ["X-Amz-Target": "AWSStepFunctions.\(operation)", "Content-Type": "application/x-amz-json-1.0"],
            body: body)
    }

    /// The console's token, read from its page as the page's script reads it.
    func token() throws -> String {
        let page = try send("GET", "/").body
        guard let start = page.range(of: #"name="sfn-token" content=""#) else { throw CLIFailureText("no token") }
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }
}

/// The client's own contract, against a real `sfn serve`: a whole answer with its status and
/// headers, and the AWS API's error shape through `aws`.
struct RawHTTPTests {
    @Test func readsAWholeAnswerWithItsHeaders() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        let missing = try http.aws("DescribeExecution", #"{"executionArn": "nope"}"#)
        #expect(missing.status == 400)
        #expect(missing.header("content-type")?.contains("json") == true)
        #expect(missing.body.contains("InvalidArn"))
        let token = try http.token()
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
    }
}
