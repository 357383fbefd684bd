import SFNJSON
import Testing

@testable import SFNCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ResourceMapTests {
    static let mapText = """
        {
          "arn:aws:lambda:us-east-1:123456789012:function:Greeter": "cat",
          "Doubler": {"command": "sed 's/\\\\([0-9][0-9]*\\\\)/\\\\1\\\\1/'"},
          "Doubler:prod": {"command": "echo '\\"prod\\"'"},
          "arn:aws:states:::sqs:sendMessage": {"command": "cat > /dev/null; echo \\"{\\\\\\"MessageId\\\\\\":\\\\\\"$MSG\\\\\\"}\\"", "environment": {"MSG": "m-1"}},
          "Where": {"command": "pwd", "workingDirectory": "sub"},
          "Fails": "echo '{\\"errorType\\":\\"ValueError\\",\\"errorMessage\\":\\"bad\\"}'; exit 1"
        }
        """

    func dispatcher(base: String? = nil) throws -> TaskDispatcher {
        var d = TaskDispatcher()
        d.resources = try ResourceMap(parsing: Self.mapText, baseDirectory: base)
        return d
    }

    func invoke(_ d: TaskDispatcher, _ resource: String, _ input: JSONValue) async throws(StatesError) -> JSONValue {
        try await d.invoke(TaskRequest(resource: resource, stateName: "S", input: input))
    }

    @Test(arguments: [
        "Greeter", "Greeter:$LATEST", "Greeter:7", "123456789012:function:Greeter",
        "arn:aws:lambda:us-east-1:123456789012:function:Greeter",
        "arn:aws:lambda:eu-west-1:999999999999:function:Greeter:live",
    ])
    func functionSpellings(name: String) async throws {
        let d = try dispatcher()
        let ref = try #require(LambdaFunctionRef(name))
        let arn = "arn:aws:lambda:us-west-2:123456789012:function:\(ref)"
        #expect(try await invoke(d, arn, ["n": 1]) == ["n": 1])
        let out = try await invoke(
            d, "arn:aws:states:::lambda:invoke", ["FunctionName": .string(name), "Payload": ["n": 2]])
        #expect(out["Payload"] == ["n": 2])
    }

    @Test func qualifiedEntryWinsForItsQualifier() async throws {
        let d = try dispatcher()
        #expect(try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Doubler:prod", 21) == "prod")
        #expect(try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Doubler", 21) == 2121)
        #expect(try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Doubler:3", 21) == 2121)
    }

    @Test func lambdaInvokeHasAWSShape() async throws {
        let d = try dispatcher()
        let out = try await invoke(
            d, "arn:aws:states:::lambda:invoke", ["FunctionName": "Greeter:5", "Payload": ["a": [1, 2]]])
        let obj = try #require(out.objectValue)
        #expect(obj.keys == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        #expect(out["ExecutedVersion"] == "5")
        #expect(out["StatusCode"] == 200)
        #expect(out["Payload"] == ["a": [1, 2]])
        let meta = try #require(out["SdkHttpMetadata"])
        #expect(meta["HttpStatusCode"] == 200)
        #expect(meta["HttpHeaders"]?["Content-Length"] == "11")
        #expect(meta["AllHttpHeaders"]?["Content-Length"] == ["11"])
        #expect(meta["HttpHeaders"]?["Content-Type"] == "application/json")
        let requestId = try #require(out["SdkResponseMetadata"]?["RequestId"]?.stringValue)
        #expect(requestId.count == 36)
        #expect(meta["HttpHeaders"]?["x-amzn-RequestId"]?.stringValue == requestId)
        #expect(meta["HttpHeaders"]?["Date"]?.stringValue?.hasSuffix(" GMT") == true)
    }

    /// The recorded AWS response (services/invoke.json) has exactly these keys at every level.
    @Test func invokeShapeMatchesRecordedKeys() {
        let out = LambdaInvokeResponse.wrap([:])
        let headers: Set<String> = [
            "Connection", "Content-Length", "Content-Type", "Date", "X-Amz-Executed-Version",
            "x-amzn-Remapped-Content-Length", "x-amzn-RequestId", "X-Amzn-Trace-Id",
        ]
        #expect(Set(out["SdkHttpMetadata"]?["HttpHeaders"]?.objectValue?.keys ?? []) == headers)
        #expect(Set(out["SdkHttpMetadata"]?["AllHttpHeaders"]?.objectValue?.keys ?? []) == headers)
        #expect(out["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Length"] == "2")
        #expect(out["ExecutedVersion"] == "$LATEST")
    }

    /// What an echo function returned in the recorded AWS runs (services/*invoke_json_values*,
    /// services/invoke.json): string payloads are sent as raw JSON text.
    static let payloads: [(JSONValue?, JSONValue)] = [
        (nil, [:]), (.null, [:]), ("true", true), ("0.0", 0.0), ("0", 0), ("{}", [:]), ("[]", []),
        ("\"HelloWorld\"", "HelloWorld"), ("not json", "not json"), (["a": 1], ["a": 1]),
    ]

    @Test(arguments: payloads)
    func invokePayloads(payload: JSONValue?, expected: JSONValue) async throws {
        let d = try dispatcher()
        var input: JSONObject = ["FunctionName": "Greeter"]
        if let payload { input["Payload"] = payload }
        let out = try await invoke(d, "arn:aws:states:::lambda:invoke", .object(input))
        #expect(out["Payload"] == expected)
        #expect(
            out["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Length"]?.stringValue
                == String(JSONPrinter.compact(expected).utf8.count))
    }

    @Test func lambdaErrorsCarryTheWholeErrorObject() async throws {
        let d = try dispatcher()
        for resource in ["arn:aws:lambda:us-east-1:1:function:Fails"] {
            do { _ = try await invoke(d, resource, nil); Issue.record("no error") } catch {
                #expect(error.error == "ValueError")
                #expect(error.cause == "{\"errorType\":\"ValueError\",\"errorMessage\":\"bad\"}")
            }
        }
        do {
            _ = try await invoke(d, "arn:aws:states:::lambda:invoke", ["FunctionName": "Fails"]);
            Issue.record("no error")
        } catch {
            #expect(error.error == "ValueError")
            #expect(error.cause?.contains("\"errorMessage\":\"bad\"") == true)
        }
    }

    @Test func exactResourceWithEnvironment() async throws {
        let d = try dispatcher()
        #expect(try await invoke(d, "arn:aws:states:::sqs:sendMessage", ["QueueUrl": "q"]) == ["MessageId": "m-1"])
    }

    @Test func workingDirectoryIsRelativeToTheMapFile() async throws {
        let d = try dispatcher(base: "/")
        do {
            _ = try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Where", nil);
            Issue.record("/sub does not exist")
        } catch {
            #expect(error.error == "States.TaskFailed")
        }
        var m = try ResourceMap(
            parsing: #"{"Where": {"command": "pwd", "workingDirectory": "tmp"}}"#, baseDirectory: "/")
        m.set("Here", ShellCommand("echo 1", workingDirectory: "/tmp"))
        var d2 = TaskDispatcher()
        d2.resources = m
        // pwd prints a bare path, which is not JSON: the cause quotes it.
        do {
            _ = try await invoke(d2, "arn:aws:lambda:us-east-1:1:function:Where", nil);
            Issue.record("pwd output is not JSON")
        } catch {
            #expect(error.cause?.contains("/tmp") == true)
        }
    }

    @Test func unmappedResourcesSayHowToMapThem() async throws {
        var d = try dispatcher()
        do { _ = try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Nope", nil); Issue.record("no error") } catch
        {
            #expect(error.error == "States.Runtime")
            #expect(error.cause?.contains("arn:aws:lambda:us-east-1:1:function:Nope") == true)
            #expect(error.cause?.contains("resources map") == true)
        }
        do {
            _ = try await invoke(d, "arn:aws:states:::lambda:invoke", ["FunctionName": "Nope"]);
            Issue.record("no error")
        } catch {
            #expect(error.cause?.contains("'Nope'") == true)
        }
        // A host explains it in its own terms (the CLI names --resources FILE: CLICommandTests).
        d.describeUnmapped = { "map \($0.key) for \($0.stateName)" }
        do {
            _ = try await invoke(d, "arn:aws:states:::lambda:invoke", ["FunctionName": "Nope"])
            Issue.record("no error")
        } catch {
            #expect(error.error == "States.Runtime")
            #expect(error.cause == "map Nope for S")
        }
    }

    @Test(arguments: [
        ("[1]", "must be a JSON object"),
        ("{\"a\": 1}", "command line"),
        ("{\"a\": {\"cmd\": \"x\"}}", "\"command\""),
        ("{\"a\": {\"command\": \"x\", \"env\": {}}}", "unknown field 'env'"),
        ("{\"a\": {\"command\": \"x\", \"environment\": {\"K\": 1}}}", "must be a string"),
        ("{", "not valid JSON"),
    ])
    func badMaps(text: String, message: String) {
        do { _ = try ResourceMap(parsing: text); Issue.record("accepted \(text)") } catch {
            #expect(error.cause?.contains(message) == true, "\(error)")
        }
    }

    @Test(
        arguments: [
            ("Fn", "Fn", nil), ("Fn:3", "Fn", "3"), ("123456789012:function:Fn", "Fn", nil),
            ("123456789012:function:Fn:al", "Fn", "al"),
            ("arn:aws:lambda:us-east-1:123456789012:function:Fn", "Fn", nil),
            ("arn:aws-cn:lambda:cn-north-1:123456789012:function:Fn:$LATEST", "Fn", "$LATEST"),
        ] as [(String, String, String?)])
    func functionRefs(text: String, name: String, qualifier: String?) throws {
        let ref = try #require(LambdaFunctionRef(text))
        #expect(ref.name == name)
        #expect(ref.qualifier == qualifier)
    }

    @Test(arguments: [
        "", "arn:aws:states:::lambda:invoke", "arn:aws:sqs:us-east-1:1:q", "a:b:c", "Fn:",
        "arn:aws:lambda:r:1:function:",
    ])
    func notFunctionRefs(text: String) {
        #expect(LambdaFunctionRef(text) == nil)
    }

    @Test func loadedMapsRunCommandsInTheirDirectory() async throws {
        let dir = "/tmp/sfn-resmap-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkdir(dir, 0o700) == 0)
        defer { unlink("\(dir)/map.json"); unlink("\(dir)/answer.sh"); rmdir(dir) }
        try write("\(dir)/answer.sh", "#!/bin/sh\necho '{\"from\": \"script\"}'\n")
        chmod("\(dir)/answer.sh", 0o755)
        try write("\(dir)/map.json", #"{"Answer": "./answer.sh"}"#)
        var d = TaskDispatcher()
        d.resources = try ResourceMap(contentsOfFile: "\(dir)/map.json")
        #expect(try await invoke(d, "arn:aws:lambda:us-east-1:1:function:Answer", nil) == ["from": "script"])
        do { _ = try ResourceMap(contentsOfFile: "\(dir)/missing.json"); Issue.record("read a missing file") } catch {
            #expect(error.cause?.contains("missing.json") == true)
        }
    }

    private func write(_ path: String, _ text: String) throws {
        let f = try #require(fopen(path, "w"))
        fputs(text, f)
        fclose(f)
    }
}
