import Foundation
import SFNJSON
import Testing

/// The python3 that serves the tests' HTTP server, if the machine has one.
let localPython: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// HTTP tasks through the built binary against an echo server of the tests' own on loopback
/// (python3's http.server): what was sent, AWS's response shape, status errors, credentials.
@Suite(.serialized, .enabled(if: localPython != nil, "python3 is needed for the local HTTP server"))
struct HTTPTaskCLITests {
    static let python = localPython

    /// Answers every request with what it received, as JSON; a path ending in /missing is a 404,
    /// /token an OAuth token endpoint (which wants the client's basic credentials).
    static let server = #"""
        import json, base64
        from http.server import BaseHTTPRequestHandler, HTTPServer
        from urllib.parse import urlsplit, parse_qs
        class Echo(BaseHTTPRequestHandler):
            def answer(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                headers = {k.lower(): v for k, v in self.headers.items()}
                if url.path == "/token":
                    ok = headers.get("authorization") == "Basic " + base64.b64encode(b"id:secret").decode()
                    out, status = ({"access_token": "tok-123", "form": body}, 200) if ok else ({}, 401)
                else:
                    out = {"method": self.command, "path": url.path, "query": parse_qs(url.query),
                           "headers": headers, "body": body}
                    status = 404 if url.path.endswith("/missing") else 200
                data = json.dumps(out).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Echo", "yes")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = answer
            def log_message(self, *args):
                pass
        server = HTTPServer(("127.0.0.1", 0), Echo)
        import sys
        with open(sys.argv[1] + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        import os
        os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.serve_forever()
        """#

    /// Runs `body` with the server's base URL; the server is ended afterwards.
    func withServer(_ body: (String) async throws -> Void) async throws {
        try await LoopbackScriptServer.with(
            script: Self.server, name: "server.py", python: try #require(Self.python), body)
    }

    func run(_ parameters: String, _ extra: [String] = []) async throws -> CLIRun {
        let def = try CLI.temporaryFile(
            #"{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":"#
                + parameters + #","End":true}}}"#, name: "http.asl.json")
        return try await CLI.run(["run", def, "--no-store", "--compact"] + extra)
    }

    static let connection =
        #""Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/shop/1a2b"}"#

    @Test func methodsHeadersQueryAndBodyReachTheServer() async throws {
        try await withServer { base in
            let connections = try CLI.temporaryFile(
                #"{"shop": {"apiKey": {"name": "x-api-key", "value": "s3cret-key"}}}"#, name: "connections.json")
            let r = try await run(
                #"{"ApiEndpoint":"\#(base)/orders","Method":"PUT",\#(Self.connection),"Headers":{"X-Trace":"t1"},"#
                    + #""QueryParameters":{"page":2,"tag":["a b","c"]},"RequestBody":{"id":5}}"#,
                ["--connections", connections])
            #expect(r.status == 0, "\(r.stderr)")
            let out = try JSONParser.parse(r.stdout)
            #expect(out["StatusCode"] == 200)
            #expect(out["StatusText"] == "OK")
            #expect(out["Headers"]?["X-Echo"] == ["yes"])
            let echo = try #require(out["ResponseBody"])
            #expect(echo["method"] == "PUT")
            #expect(echo["path"] == "/orders")
            #expect(echo["query"] == ["page": ["2"], "tag": ["a b", "c"]])
            #expect(echo["headers"]?["x-trace"] == "t1")
            #expect(echo["headers"]?["x-api-key"] == "s3cret-key")
            #expect(echo["headers"]?["content-type"] == "application/json")
            #expect(echo["body"] == #"{"id":5}"#)
            // The credential is sent, never printed or recorded.
            #expect(!r.stderr.contains("s3cret-key"))
            for method in ["GET", "POST", "DELETE", "PATCH"] {
                let m = try await run(#"{"ApiEndpoint":"\#(base)/x","Method":"\#(method)",\#(Self.connection)}"#)
                #expect(try JSONParser.parse(m.stdout)["ResponseBody"]?["method"] == .string(method))
                // A connection the file does not have sends no credentials.
                #expect(try JSONParser.parse(m.stdout)["ResponseBody"]?["headers"]?["x-api-key"] == nil)
            }
        }
    }

    @Test func aNotFoundIsStatesHttpStatusCode404() async throws {
        try await withServer { base in
            let r = try await run(#"{"ApiEndpoint":"\#(base)/orders/missing","Method":"GET",\#(Self.connection)}"#)
            #expect(r.status == 1)
            let err = try JSONParser.parse(r.stderrLastLine)
            #expect(err["error"] == "States.Http.StatusCode.404")
            let cause = try JSONParser.parse(try #require(err["cause"]?.stringValue))
            #expect(cause["StatusCode"] == 404)
            #expect(cause["StatusText"] == "Not Found")
        }
    }

    @Test func urlEncodedBodiesBasicAndOAuthConnections() async throws {
        try await withServer { base in
            let connections = try CLI.temporaryFile(
                #"""
                {"shop": {"basic": {"username": "me", "password": "pw"}},
                 "arn:aws:events:us-east-1:123456789012:connection/oauth-shop/9z":
                   {"oauth": {"clientId": "id", "clientSecret": "secret", "authorizationEndpoint": "\#(base)/token"}}}
                """#, name: "connections.json")
            let basic = try await run(
                #"{"ApiEndpoint":"\#(base)/form","Method":"POST",\#(Self.connection),"RequestBody":{"a":"x y","b":1},"#
                    + #""Transform":{"RequestBodyEncoding":"URL_ENCODED"}}"#, ["--connections", connections])
            let echo = try #require(try JSONParser.parse(basic.stdout)["ResponseBody"])
            #expect(echo["body"] == "a=x%20y&b=1")
            #expect(echo["headers"]?["content-type"] == "application/x-www-form-urlencoded")
            #expect(echo["headers"]?["authorization"] == "Basic bWU6cHc=")
            let oauth = try await run(
                #"{"ApiEndpoint":"\#(base)/o","Method":"GET","Authentication":{"ConnectionArn":"#
                    + #""arn:aws:events:us-east-1:123456789012:connection/oauth-shop/9z"}}"#,
                ["--connections", connections])
            #expect(
                try JSONParser.parse(oauth.stdout)["ResponseBody"]?["headers"]?["authorization"] == "Bearer tok-123")
        }
    }

    @Test func aServerThatIsNotThereIsASocketError() async throws {
        let r = try await run(#"{"ApiEndpoint":"http://127.0.0.1:1/x","Method":"GET",\#(Self.connection)}"#)
        #expect(r.status == 1)
        #expect(try JSONParser.parse(r.stderrLastLine)["error"] == "States.Http.Socket")
    }

    /// definitions/http-call: the example, with its API's base URL substituted.
    @Test(arguments: ["", "-missing"])
    func httpCallExample(suffix: String) async throws {
        try await withServer { base in
            let dir = CLI.packageRoot.appendingPathComponent("definitions/http-call")
            let r = try await CLI.run([
                "run", dir.appendingPathComponent("http-call.asl.json").path, "--no-store",
                "--input", dir.appendingPathComponent("input\(suffix).json").path,
                "--connections", dir.appendingPathComponent("connections.json").path,
                "--substitute", "ApiBase=\(base)",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let out = try JSONParser.parse(r.stdout)
            if suffix.isEmpty {
                #expect(out["status"] == 200)
                #expect(out["order"]?["path"] == "/orders/A-100")
                #expect(out["order"]?["query"] == ["expand": ["items"]])
            } else {
                #expect(out == ["orderId": "missing", "found": false, "error": "States.Http.StatusCode.404"])
            }
        }
    }
}
