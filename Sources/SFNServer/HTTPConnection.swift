#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection, served on its own thread: reads requests one after another (keep-alive),
/// hands each to the handler and writes its response. Any request it cannot frame gets a plain
/// error and the connection is closed; a client silent past the read timeout is dropped.
struct HTTPConnection {
    let fd: Int32
    let limits: HTTPLimits
    /// What `recv` reads into, allocated once per connection (a fresh zeroed 64 KiB per read was a
    /// measurable part of a small request's cost).
    private let scratch = Scratch()
    private static let headerEnd: [UInt8] = [13, 10, 13, 10]

    init(fd: Int32, limits: HTTPLimits) {
        self.fd = fd
        self.limits = limits
        var timeout = timeval(tv_sec: limits.readTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// What reading one request came to.
    enum Read {
        case request(HTTPRequest)
        /// The client closed or went silent between requests: nothing to answer.
        case closed
        /// A request that cannot be served: answer this, then close.
        case refused(HTTPResponse)
    }

    func serve(_ handler: HTTPServer.Handler) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        while true {
            switch readRequest(&buffer) {
            case .closed:
                return
            case .refused(let response):
                send(response, keepAlive: false)
                return
            case .request(let request):
                let response = handler(request)
                let keep = request.keepAlive
                if case .stream = response.body {
                    send(response, keepAlive: false)
                    return
                }
                guard send(response, keepAlive: keep), keep else { return }
            }
        }
    }

    /// Reads one request from the socket into `buffer` (which keeps what follows it).
    func readRequest(_ buffer: inout [UInt8]) -> Read {
        var end = Self.find(Self.headerEnd, in: buffer, from: 0)
        while end == nil {
            if buffer.count > limits.maxHeaderBytes {
                return .refused(.plain(431, "the request line and headers exceed \(limits.maxHeaderBytes) bytes"))
            }
            let before = buffer.count
            switch receive(&buffer) {
            case .data: break
            case .eof: return .closed
            case .timeout:
                return buffer.isEmpty ? .closed : .refused(.plain(408, "the request was not sent in time"))
            }
            end = Self.find(Self.headerEnd, in: buffer, from: max(0, before - 3))
        }
        guard let headerLength = end, headerLength <= limits.maxHeaderBytes else {
            return .refused(.plain(431, "the request line and headers exceed \(limits.maxHeaderBytes) bytes"))
        }
        let head: [HTTPRequest.Header]
        let line: (method: String, target: String, version: String)
        switch Self.parseHead(buffer[0..<headerLength], maxHeaders: limits.maxHeaderCount) {
        case .success(let parsed): (line, head) = parsed
        case .failure(let response): return .refused(response)
        }
        var request = HTTPRequest(
            method: line.method, target: line.target, version: line.version, headers: [], body: [])
        request.headers = head
        if let coding = request.header("Transfer-Encoding"), !coding.isEmpty {
            return .refused(.plain(411, "chunked request bodies are not accepted; send Content-Length"))
        }
        var length = 0
        if let text = request.header("Content-Length") {
            let trimmed = text.trimmingSpaces
            guard !trimmed.isEmpty, trimmed.utf8.count <= 18, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let value = Int(trimmed)
            else { return .refused(.plain(400, "the Content-Length header '\(text)' is not a number")) }
            length = value
        }
        if length > limits.maxBodyBytes {
            return .refused(
                .plain(413, "the request body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes) bytes"))
        }
        let bodyStart = headerLength + 4
        while buffer.count < bodyStart + length {
            switch receive(&buffer) {
            case .data: break
            case .eof: return .closed
            case .timeout: return .refused(.plain(408, "the request body was not sent in time"))
            }
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return .request(request)
    }

    enum Received { case data, eof, timeout }

    private func receive(_ buffer: inout [UInt8]) -> Received {
        while true {
            let n = recv(fd, scratch.bytes.baseAddress, scratch.bytes.count, 0)
            if n > 0 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch.bytes[0..<n]))
                return .data
            }
            if n == 0 { return .eof }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .eof
        }
    }

    /// Writes a response; false when the client is gone.
    @discardableResult
    func send(_ response: HTTPResponse, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        switch response.body {
        case .bytes(let body):
            head += "Content-Length: \(body.count)\r\n"
            head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
            var bytes = Array(head.utf8)
            bytes.append(contentsOf: body)
            return write(bytes)
        case .stream(let produce):
            head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            guard write(Array(head.utf8)) else { return false }
            produce { chunk in
                guard !chunk.isEmpty else { return true }
                var framed = Array((String(chunk.count, radix: 16) + "\r\n").utf8)
                framed.append(contentsOf: chunk)
                framed.append(contentsOf: [13, 10])
                return write(framed)
            }
            return write(Array("0\r\n\r\n".utf8))
        }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
                #else
                let flags: Int32 = 0
                #endif
                return sendBytes(fd, raw.baseAddress! + offset, raw.count - offset, flags)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i + 1] == needle[1] && haystack[i + 2] == needle[2]
                && haystack[i + 3] == needle[3]
            {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The request line and headers; a 400 or 431 for anything malformed.
    enum Head {
        case success(((method: String, target: String, version: String), [HTTPRequest.Header]))
        case failure(HTTPResponse)
    }

    /// Parsed at the byte level: this runs for every request, and splitting into lines and
    /// strings first was a measurable part of a small request's cost.
    static func parseHead(_ bytes: ArraySlice<UInt8>, maxHeaders: Int) -> Head {
        var lines: [Range<Int>] = []
        var start = bytes.startIndex
        while start <= bytes.endIndex {
            let lf = bytes[start...].firstIndex(of: 10) ?? bytes.endIndex
            var end = lf
            if end > start && bytes[end - 1] == 13 { end -= 1 }
            lines.append(start..<end)
            if lines.count - 1 > maxHeaders {
                return .failure(HTTPResponse.plain(431, "more than \(maxHeaders) header fields"))
            }
            start = lf + 1
        }
        let first = bytes[lines[0]]
        let spaces = first.indices.filter { first[$0] == 32 }
        guard spaces.count == 2, let method = String(validating: first[..<spaces[0]], as: UTF8.self),
            let target = String(validating: first[(spaces[0] + 1)..<spaces[1]], as: UTF8.self),
            let version = String(validating: first[(spaces[1] + 1)...], as: UTF8.self)
        else {
            if String(validating: first, as: UTF8.self) == nil {
                return .failure(HTTPResponse.plain(400, "the request line is not text"))
            }
            return .failure(HTTPResponse.plain(400, "malformed request line"))
        }
        guard !method.isEmpty, !target.isEmpty, version.hasPrefix("HTTP/1.") else {
            return .failure(HTTPResponse.plain(400, "malformed request line"))
        }
        var headers: [HTTPRequest.Header] = []
        headers.reserveCapacity(lines.count - 1)
        for range in lines.dropFirst() where !range.isEmpty {
            let line = bytes[range]
            guard let colon = line.firstIndex(of: 58), colon != line.startIndex,
                !line[..<colon].contains(32)
            else { return .failure(HTTPResponse.plain(400, "a header line is malformed")) }
            var from = colon + 1
            var to = line.endIndex
            while from < to && (line[from] == 32 || line[from] == 9) { from += 1 }
            while to > from && (line[to - 1] == 32 || line[to - 1] == 9) { to -= 1 }
            guard let name = String(validating: line[..<colon], as: UTF8.self),
                let value = String(validating: line[from..<to], as: UTF8.self)
            else { return .failure(HTTPResponse.plain(400, "a header line is malformed")) }
            headers.append((name: name, value: value))
        }
        return .success(((method, target, version), headers))
    }
}

/// A connection's receive buffer.
final class Scratch: @unchecked Sendable {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    deinit { bytes.deallocate() }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
private let sendBytes = Glibc.send
#else
private let sendBytes = Darwin.send
#endif
