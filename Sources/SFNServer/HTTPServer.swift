import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on POSIX sockets: a thread accepts, and each connection is served by a
/// thread of its own (blocking reads with a timeout, so a slow client holds only its own thread).
/// Keep-alive, Content-Length bodies, chunked request bodies refused with 411, limits on the
/// header and body sizes; any framing problem gets a plain error and a closed connection.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public let limits: HTTPLimits
    /// The port actually bound (the one asked for, or the system's choice for port 0).
    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let open = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Binds and listens on `host:port`; throws `HTTPServerError` with the system's reason.
    public init(host: String, port: Int, limits: HTTPLimits = HTTPLimits(), handler: @escaping Handler)
        throws(HTTPServerError)
    {
        signal(SIGPIPE, SIG_IGN)
        self.limits = limits
        self.handler = handler
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var info: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &info)
        guard rc == 0, let first = info else {
            throw HTTPServerError("cannot resolve host '\(host)': \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw HTTPServerError("cannot open a socket: \(Self.errnoText())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw HTTPServerError("cannot listen on \(host):\(port): \(text)")
        }
        guard listen(fd, 1024) == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw HTTPServerError("cannot listen on \(host):\(port): \(text)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let bound = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        var actual = port
        if bound == 0 {
            if Int32(storage.ss_family) == AF_INET6 {
                actual = withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        Int(UInt16(bigEndian: $0.pointee.sin6_port))
                    }
                }
            } else {
                actual = withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        Int(UInt16(bigEndian: $0.pointee.sin_port))
                    }
                }
            }
        }
        self.listener = fd
        self.port = actual
    }

    /// Accepts connections on a thread of its own until `stop`.
    public func start() {
        Self.spawn { [self] in acceptLoop() }
    }

    /// Stops accepting; connections being served finish their current request.
    public func stop() {
        if stopped.exchange(true, ordering: .acquiringAndReleasing) { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .acquiring) {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                    continue
                }
                return
            }
            if open.add(1, ordering: .relaxed).newValue > limits.maxConnections {
                let connection = HTTPConnection(fd: fd, limits: limits)
                connection.send(.plain(503, "too many connections"), keepAlive: false)
                close(fd)
                open.subtract(1, ordering: .relaxed)
                continue
            }
            Self.spawn { [self] in
                HTTPConnection(fd: fd, limits: limits).serve(handler)
                close(fd)
                open.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// A detached thread running `body` (a connection blocks its thread, never a task's).
    static func spawn(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 1 << 20)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(
            &thread, &attributes,
            { raw in
                #if canImport(Glibc)
                let pointer = raw!
                #else
                let pointer = raw
                #endif
                Unmanaged<Box>.fromOpaque(pointer).takeRetainedValue().body()
                return nil
            }, box)
        pthread_attr_destroy(&attributes)
        if rc != 0 { Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body() }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Why the server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
