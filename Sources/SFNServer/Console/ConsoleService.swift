import SFNCore
import SFNJSON
import Synchronization

/// The console in the browser: the page, its script and style (compiled in, `ConsoleAssets`), and
/// its JSON routes under `/console/api/` over the same store and service as the AWS API.
/// `sfn serve` asks it first; it answers nil for what it does not serve (the AWS API's `POST /`).
///
/// Safe by default: every response carries a Content-Security-Policy that allows no inline script
/// and no other origin; every request that changes something must carry the page's token (a
/// header no other site can set without a preflight, which is never answered); a request whose
/// Host is not the server's loopback name is refused, so a rebound DNS name cannot read the token.
public final class ConsoleService: Sendable {
    let service: StepFunctionsService
    let store: any ExecutionStore
    /// The token the page carries; fresh for each server.
    public let token: String
    /// Host names the page may be reached under (nil: any, for `--host` other than loopback).
    let allowedHosts: Set<String>?
    /// The answers for closed executions, by ARN, with the key of the record they were made from.
    let pages = Mutex<[String: (key: String, body: [UInt8])]>([:])

    public static let tokenHeader = "X-SFN-Console-Token"

    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]

    /// `loopbackOnly`: the server listens on loopback, so only loopback names are valid Hosts.
    public init(service: StepFunctionsService, store: any ExecutionStore, loopbackOnly: Bool = true) {
        self.service = service
        self.store = store
        var g = SystemRandomNumberGenerator()
        // Each word as 16 hex digits, leading zeros kept: the token is always 64 characters.
        token = (0..<4).map { _ in
            let hex = String(UInt64.random(in: .min ... .max, using: &g), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        allowedHosts = loopbackOnly ? ["127.0.0.1", "localhost", "[::1]", "::1"] : nil
        // The first list query creates the store's console indexes (half a second over 100,000
        // executions): done now, in the background, not on the first page a user opens.
        HTTPServer.spawn { _ = try? store.queryExecutions(ExecutionQuery(limit: 1)) }
    }

    /// The console's answer to a request, or nil when the request is the AWS API's.
    public func handle(_ request: HTTPRequest) -> HTTPResponse? {
        let (path, query) = Self.split(request.target)
        let isPage =
            ["/", "/executions", "/state-machines"].contains(path) || path.hasPrefix("/executions/")
            || path.hasPrefix("/state-machines/")
        let isConsole = path.hasPrefix("/console/") || path == "/favicon.ico"
        // The AWS API: POST / with X-Amz-Target, and whatever else the service answers itself.
        guard isConsole || (isPage && request.method != "POST") else { return nil }
        if let allowedHosts, let host = request.header("Host").map(Self.hostName), !allowedHosts.contains(host) {
            return secured(.plain(421, "this console answers only under localhost or 127.0.0.1"))
        }
        switch request.method {
        case "GET", "HEAD":
            return secured(get(path, query))
        case "POST" where path.hasPrefix("/console/api/"):
            guard let sent = request.header(Self.tokenHeader), Self.same(sent, token) else {
                return secured(.plain(403, "this request changes something and needs the console's token"))
            }
            return secured(post(path, query, request.body))
        default:
            // No CORS preflight is answered (OPTIONS included): no other origin may call these routes.
            return secured(.plain(405, "\(request.method) is not served here"))
        }
    }

    private func get(_ path: String, _ query: [String: String]) -> HTTPResponse {
        switch path {
        case "/", "/executions", "/state-machines": return page()
        case _ where path.hasPrefix("/executions/") || path.hasPrefix("/state-machines/"): return page()
        case "/console/app.js":
            return asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8")
        case "/console/app.css": return asset(ConsoleAssets.style, type: "text/css; charset=utf-8")
        case "/console/icon.svg", "/favicon.ico": return asset(ConsoleAssets.icon, type: "image/svg+xml")
        case "/console/api/state-machines": return api { () throws(ConsoleError) in try stateMachines() }
        case "/console/api/state-machine":
            return api { () throws(ConsoleError) in try stateMachine(try Self.required(query, "name")) }
        case "/console/api/validate":
            return api { () throws(ConsoleError) in try validate(try Self.required(query, "name")) }
        case "/console/api/executions": return executions(query)
        case "/console/api/execution":
            guard let arn = query["arn"], !arn.isEmpty else { return .plain(400, "the query needs arn=EXECUTION_ARN") }
            return execution(arn)
        case "/console/api/execution/event":
            return api { () throws(ConsoleError) in
                try event(try Self.required(query, "arn"), id: Int(try Self.required(query, "id")) ?? 0)
            }
        case "/console/api/execution/events":
            guard let arn = query["arn"] else { return .plain(400, "the query needs arn=EXECUTION_ARN") }
            return events(arn, after: Int(query["after"] ?? "") ?? 0)
        default: return .plain(404, "no console page or route at \(path)")
        }
    }

    private func post(_ path: String, _ query: [String: String], _ body: [UInt8]) -> HTTPResponse {
        switch path {
        case "/console/api/start":
            return api { () throws(ConsoleError) in try start(try Self.required(query, "name"), body) }
        case "/console/api/stop":
            return api { () throws(ConsoleError) in try stop(try Self.required(query, "arn")) }
        case "/console/api/redrive":
            return api { () throws(ConsoleError) in try redrive(try Self.required(query, "arn")) }
        default: return .plain(404, "no console route at \(path)")
        }
    }

    // MARK: Responses

    private func page() -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            body: Array(ConsoleAssets.page(token: token).utf8))
    }

    private func asset(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: [("Content-Type", type), ("Cache-Control", "no-cache")], body: Array(text.utf8))
    }

    /// A JSON answer, or the error as `{"error": ...}` with its status.
    func api(_ body: () throws(ConsoleError) -> JSONValue) -> HTTPResponse {
        let headers = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]
        do throws(ConsoleError) {
            return HTTPResponse(status: 200, headers: headers, body: Array(JSONPrinter.compact(try body()).utf8))
        } catch {
            let value: JSONValue = ["error": .string(error.code), "message": .string(error.message)]
            return HTTPResponse(status: error.status, headers: headers, body: Array(JSONPrinter.compact(value).utf8))
        }
    }

    private func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers += Self.securityHeaders.map { (name: $0.0, value: $0.1) }
        return response
    }

    // MARK: Requests

    /// The path and the decoded query parameters of a request target.
    static func split(_ target: String) -> (String, [String: String]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first.map({ percentDecoded($0) }) else { continue }
            query[key] = parts.count > 1 ? percentDecoded(parts[1]) : ""
        }
        return (String(target[..<mark]), query)
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func required(_ query: [String: String], _ key: String) throws(ConsoleError) -> String {
        guard let value = query[key], !value.isEmpty else {
            throw ConsoleError(400, "MissingParameter", "the query needs \(key)=...")
        }
        return value
    }

    /// The host name of a Host header, without its port.
    static func hostName(_ header: String) -> String {
        if header.hasPrefix("["), let close = header.firstIndex(of: "]") {
            return String(header[...close])
        }
        return String(header.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }

    /// Compares in time that does not depend on where the texts differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// A console route's failure: the HTTP status, a code and what is wrong.
struct ConsoleError: Error {
    var status: Int
    var code: String
    var message: String

    init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(_ error: APIError) {
        self.init(error.status, error.type, error.message)
    }

    init(_ error: ExecutionStoreError) {
        self.init(error.kind == .executionDoesNotExist ? 404 : 500, "StoreError", error.message)
    }
}
