import Foundation
import SFNJSON
import Testing

/// The console's routes through a plain HTTP client against the built `sfn serve`: what changes
/// something needs the page's token, no cross-origin call is answered, every response carries the
/// Content-Security-Policy, the list pages and filters, and a running execution streams its events.
@Suite struct ConsoleHTTPTests {
    static let definition =
        #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#

    static func createMachine(_ http: RawHTTP, _ name: String = "Waiter") throws {
        let body: JSONValue = [
            "name": .string(name), "definition": .string(definition), "roleArn": "arn:aws:iam::123456789012:role/r",
        ]
        let created = try http.aws("CreateStateMachine", JSONPrinter.compact(body))
        #expect(created.status == 200, "\(created.body)")
    }

    @Test func aChangeWithoutTheTokenIsRefused() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        try Self.createMachine(http)
        let start = "/console/api/start?name=Waiter"
        let body = #"{"input": "{}", "name": "first"}"#
        let none = try http.send("POST", start, body: body)
        #expect(none.status == 403, "\(none.body)")
        let wrong = try http.send("POST", start, headers: ["X-SFN-Console-Token": "0123"], body: body)
        #expect(wrong.status == 403)
        for route in ["/console/api/stop?arn=x", "/console/api/redrive?arn=x"] {
            #expect(try http.send("POST", route).status == 403, "\(route)")
        }
        // Nothing was started by the refused requests.
        #expect(!(try http.send("GET", "/console/api/executions").body.contains("first")))

        let token = try http.token()
        #expect(token.count == 64)
        let started = try http.send("POST", start, headers: ["X-SFN-Console-Token": token], body: body)
        #expect(started.status == 200, "\(started.body)")
        #expect(started.body.contains("execution:Waiter:first"))
    }

    @Test func noCrossOriginCallIsAnswered() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        let preflight = try http.send(
            "OPTIONS", "/console/api/start?name=x",
            headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 405)
        #expect(preflight.header("Access-Control-Allow-Origin") == nil)
        let apiPreflight = try http.send("OPTIONS", "/", headers: ["Origin": "https://evil.example"])
        #expect(apiPreflight.status == 405 && apiPreflight.header("Access-Control-Allow-Origin") == nil)
        // A rebound DNS name reaches the loopback server with its own Host: refused.
        let rebound = try http.send("GET", "/", headers: ["Host": "evil.example:\(server.port)"])
        #expect(rebound.status == 421)
        #expect(try http.send("GET", "/", headers: ["Host": "localhost:\(server.port)"]).status == 200)
    }

    @Test func everyResponseCarriesThePolicy() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        for path in [
            "/", "/executions", "/state-machines/x", "/console/app.js", "/console/app.css", "/console/api/executions",
        ] {
            let r = try http.send("GET", path)
            #expect(r.status == 200, "\(path)")
            let policy = try #require(r.header("Content-Security-Policy"), "\(path)")
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline") && !policy.contains("http"))
            #expect(r.header("X-Content-Type-Options") == "nosniff")
        }
        let page = try http.send("GET", "/").body
        // No inline script and nothing from another origin in the page itself.
        #expect(!page.contains("<script>") && !page.contains("http://") && !page.contains("https://"))
        #expect(try http.send("GET", "/console/app.js").header("Content-Type")?.hasPrefix("text/javascript") == true)
        #expect(try http.send("GET", "/console/nothing").status == 404)
        // The AWS API keeps POST /.
        #expect(try http.aws("ListStateMachines", "{}").body.contains("stateMachines"))
    }

    @Test func theListFiltersAndPages() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        let file = try CLI.temporaryFile(
            #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#, name: "Quick.asl.json")
        let fail = try CLI.temporaryFile(
            #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}"#, name: "Broken.asl.json")
        for i in 0..<7 {
            _ = try runSync(["run", file, "--store", server.store, "--name", "quick-\(i)"])
        }
        _ = try runSync(["run", fail, "--store", server.store, "--name", "broken-0"])
        func names(_ query: String) throws -> ([String], String?) {
            let body = try JSONParser.parse(try http.send("GET", "/console/api/executions?\(query)").body)
            let names = body["executions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            return (names, body["next"]?.stringValue)
        }
        let (all, _) = try names("")
        #expect(all == ["broken-0", "quick-6", "quick-5", "quick-4", "quick-3", "quick-2", "quick-1", "quick-0"])
        #expect(try names("status=FAILED").0 == ["broken-0"])
        #expect(try names("stateMachine=Quick&prefix=quick-1").0 == ["quick-1"])
        let (first, next) = try names("limit=3")
        #expect(first == ["broken-0", "quick-6", "quick-5"])
        let cursor = try #require(next)
        let (second, _) = try names(
            "limit=3&after=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(second == ["quick-4", "quick-3", "quick-2"])
        #expect(try names("since=\(Date().timeIntervalSince1970 * 1000 + 60_000)").0.isEmpty)
        #expect(try http.send("GET", "/console/api/executions?status=LOST").status == 400)
        let timing = try http.send("GET", "/console/api/executions").header("Server-Timing")
        #expect(timing?.hasPrefix("store;dur=") == true)

        let machines = try JSONParser.parse(try http.send("GET", "/console/api/state-machines").body)
        let quick = try #require(machines.arrayValue?.first { $0["name"] == "Quick" })
        #expect(quick["counts"]?["SUCCEEDED"] == 7 && quick["counts"]?["FAILED"] == 0)
    }

    @Test func aRunningExecutionStreamsItsEvents() throws {
        let server = try ServeServer()
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        try Self.createMachine(http)
        let started = try http.aws(
            "StartExecution",
            #"{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Waiter", "name": "live"}"#)
        #expect(started.status == 200)
        let arn = "arn:aws:states:us-east-1:123456789012:execution:Waiter:live"
        let stream = try http.send(
            "GET", "/console/api/execution/events?arn=\(arn)&after=0", until: "event: end", timeout: 20)
        #expect(stream.header("Content-Type") == "text/event-stream")
        #expect(stream.body.contains("WaitStateEntered") && stream.body.contains("ExecutionSucceeded"))
        #expect(
            stream.body.contains(#""W":{"status":"running""#) || stream.body.contains(#""W":{"status":"succeeded""#))
        #expect(stream.body.contains("event: end"))
        let page = try JSONParser.parse(try http.send("GET", "/console/api/execution?arn=\(arn)").body)
        #expect(page["execution"]?["status"] == "SUCCEEDED")
        #expect(page["runs"]?["P"]?["status"] == "succeeded")
        #expect(page["graph"]?.stringValue?.contains("data-state=\"W\"") == true)
        #expect(page["states"]?.arrayValue?.count == 2)
        // Rows: [id, previousEventId, type, step, resource, millis, iteration, mapState].
        let rows = try #require(page["rows"]?.arrayValue)
        #expect(rows.map { $0[0]?.intValue } == Array(1...rows.count).map { Optional($0) })
        let entered = try #require(rows.first { $0[2] == "WaitStateEntered" })
        #expect(entered[3] == "W" && entered[6] == .null)
        #expect(rows.first { $0[2] == "PassStateExited" }?[3] == "P")
        let event = try JSONParser.parse(
            try http.send("GET", "/console/api/execution/event?arn=\(arn)&id=\(entered[0]?.intValue ?? 0)").body)
        #expect(event["stateEnteredEventDetails"]?["name"] == "W")
        #expect(try http.send("GET", "/console/api/execution?arn=\(arn)x").status == 404)
    }

    func runSync(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = try #require(CLI.binary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
