import Foundation
import SFNJSON
import Testing

/// `--lambda-endpoint` against a server of the tests' own on loopback that speaks Lambda's Invoke
/// API as `sam local start-lambda` does.
@Suite(.serialized, .enabled(if: localPython != nil, "python3 is needed for the local Lambda server"))
struct LambdaEndpointCLITests {
    /// `POST /2015-03-31/functions/NAME/invocations`: Boom answers a function error, Missing is
    /// 404 ResourceNotFoundException, any other echoes what it got.
    static let server = #"""
        import json, os, sys
        from http.server import BaseHTTPRequestHandler, HTTPServer
        from urllib.parse import urlsplit, parse_qs, unquote
        class Invoke(BaseHTTPRequestHandler):
            def do_POST(self):
                url = urlsplit(self.path)
                parts = url.path.split("/")
                length = int(self.headers.get("Content-Length") or 0)
                event = json.loads(self.rfile.read(length) or b"null")
                headers = {}
                if len(parts) != 5 or parts[1] != "2015-03-31" or parts[4] != "invocations":
                    status, body = 400, {"message": "bad path " + url.path}
                elif unquote(parts[3]) == "Missing":
                    status, body = 404, {"Type": "User", "message": "Function not found: Missing"}
                    headers["x-amzn-ErrorType"] = "ResourceNotFoundException"
                elif unquote(parts[3]) == "Boom":
                    status, body = 200, {"errorMessage": "it broke", "errorType": "Boom.Error", "stackTrace": []}
                    headers["X-Amz-Function-Error"] = "Unhandled"
                else:
                    status, body = 200, {"function": unquote(parts[3]), "event": event,
                                         "qualifier": parse_qs(url.query).get("Qualifier", [None])[0]}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            def log_message(self, *args):
                pass
        server = HTTPServer(("127.0.0.1", 0), Invoke)
        with open(sys.argv[1] + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.serve_forever()
        """#

    func withServer(_ body: (String) async throws -> Void) async throws {
        try await LoopbackScriptServer.with(
            script: Self.server, name: "lambda.py", python: try #require(localPython), body)
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    func definition(_ resource: String, _ parameters: String? = nil) throws -> String {
        let params = parameters.map { #", "Parameters": \#($0)"# } ?? ""
        return try CLI.temporaryFile(
            #"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "\#(resource)"\#(params), "End": true}}}"#,
            name: "def.json")
    }

    @Test func invokesThroughTheEndpoint() async throws {
        try await withServer { url in
            let invoke = try definition(
                "arn:aws:states:::lambda:invoke", #"{"FunctionName": "Greeter:live", "Payload": {"name.$": "$.name"}}"#)
            let run = try await CLI.run([
                "run", invoke, "--lambda-endpoint", url, "--input", #"{"name": "Ann"}"#, "--no-store",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let out = try json(run.stdout)
            #expect(out["Payload"] == ["function": "Greeter", "event": ["name": "Ann"], "qualifier": "live"])
            #expect(out["StatusCode"] == 200)

            let bare = try definition("arn:aws:lambda:us-east-1:123456789012:function:Pricer")
            let direct = try await CLI.run([
                "run", bare, "--lambda-endpoint", url, "--input", #"{"sku": "b-1"}"#, "--no-store",
            ])
            #expect(direct.status == 0, "\(direct.stderr)")
            #expect(try json(direct.stdout) == ["function": "Pricer", "event": ["sku": "b-1"], "qualifier": nil])
        }
    }

    @Test func functionAndServiceErrorsAreNamedAsStepFunctionsNamesThem() async throws {
        try await withServer { url in
            let boom = try await CLI.run([
                "run", try definition("arn:aws:states:::lambda:invoke", #"{"FunctionName": "Boom"}"#),
                "--lambda-endpoint", url, "--no-store",
            ])
            #expect(boom.status == 1)
            let line = try json(boom.stderrLastLine)
            #expect(line["error"] == "Boom.Error")
            #expect(
                try json(line["cause"]?.stringValue ?? "") == [
                    "errorMessage": "it broke", "errorType": "Boom.Error", "stackTrace": [],
                ])

            let missing = try await CLI.run([
                "run", try definition("arn:aws:lambda:us-east-1:123456789012:function:Missing"),
                "--lambda-endpoint", url, "--no-store",
            ])
            #expect(missing.status == 1)
            #expect(try json(missing.stderrLastLine)["error"] == "Lambda.ResourceNotFoundException")
            #expect(try json(missing.stderrLastLine)["cause"] == "Function not found: Missing")
        }
    }

    @Test func resourcesMapWinsAndAClosedEndpointIsAClientError() async throws {
        let def = try definition("arn:aws:states:::lambda:invoke", #"{"FunctionName": "Local"}"#)
        let resources = try CLI.temporaryFile(#"{"Local": "printf '{\"from\": \"map\"}'"}"#, name: "resources.json")
        // Port 9 (discard) on loopback: nothing listens there.
        let mapped = try await CLI.run([
            "run", def, "--resources", resources, "--lambda-endpoint", "http://127.0.0.1:9", "--no-store",
        ])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(try json(mapped.stdout)["Payload"] == ["from": "map"])

        let closed = try await CLI.run(["run", def, "--lambda-endpoint", "http://127.0.0.1:9", "--no-store"])
        #expect(closed.status == 1)
        let line = try json(closed.stderrLastLine)
        #expect(line["error"] == "Lambda.SdkClientException")
        #expect(line["cause"]?.stringValue?.contains("http://127.0.0.1:9") == true)

        let bad = try await CLI.run(["run", def, "--lambda-endpoint", "localhost:3001", "--no-store"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--lambda-endpoint takes an http:// or https:// URL"))
    }
}
