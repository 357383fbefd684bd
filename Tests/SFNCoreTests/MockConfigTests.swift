import Foundation
import SFNJSON
import Testing

@testable import SFNCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct MockConfigTests {
    static let config: JSONValue = [
        "StateMachines": [
            "LambdaSQSIntegration": [
                "TestCases": [
                    "HappyPath": ["LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"],
                    "RetryPath": ["LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"],
                ]
            ]
        ],
        "MockedResponses": [
            "MockedLambdaSuccess": ["0": ["Return": ["StatusCode": 200, "Payload": ["body": "hi"]]]],
            "MockedSQSSuccess": ["0": ["Return": ["MessageId": "m-1"]]],
            "MockedLambdaRetry": [
                "0": ["Throw": ["Error": "Lambda.ResourceNotReadyException", "Cause": "not ready"]],
                "1-2": ["Throw": ["Error": "Lambda.TimeoutException", "Cause": "timed out"]],
                "3": ["Return": ["StatusCode": 200, "Payload": ["body": "finally"]]],
            ],
        ],
    ]

    func dispatcher(_ testCase: String) throws -> TaskDispatcher {
        var d = TaskDispatcher()
        try d.useMockConfig(Self.config, testCase: testCase)
        return d
    }

    func call(_ d: TaskDispatcher, _ state: String) async -> Result<JSONValue, StatesError> {
        do {
            return .success(
                try await d.invoke(
                    TaskRequest(resource: "arn:aws:states:::lambda:invoke", stateName: state, input: [:])))
        } catch { return .failure(error) }
    }

    @Test func numberedResponsesAndRangesInOrder() async throws {
        let d = try dispatcher("RetryPath")
        var seen: [Result<JSONValue, StatesError>] = []
        for _ in 0..<4 { seen.append(await call(d, "LambdaState")) }
        #expect(seen[0] == .failure(StatesError("Lambda.ResourceNotReadyException", "not ready")))
        #expect(seen[1] == .failure(StatesError("Lambda.TimeoutException", "timed out")))
        #expect(seen[2] == .failure(StatesError("Lambda.TimeoutException", "timed out")))
        #expect(seen[3] == .success(["StatusCode": 200, "Payload": ["body": "finally"]]))
        #expect(d.mockResponder?.invocationCounts["LambdaState"] == 4)
    }

    @Test func pastTheLastResponseFails() async throws {
        let d = try dispatcher("HappyPath")
        #expect(await call(d, "SQSState") == .success(["MessageId": "m-1"]))
        guard case .failure(let e) = await call(d, "SQSState") else { Issue.record("second call succeeded"); return }
        #expect(e.error == "States.Runtime")
        #expect(e.cause?.contains("invocation 1") == true)
        #expect(e.cause?.contains("MockedSQSSuccess") == true)
    }

    @Test func countersArePerState() async throws {
        let d = try dispatcher("HappyPath")
        #expect(await call(d, "LambdaState") == .success(["StatusCode": 200, "Payload": ["body": "hi"]]))
        #expect(await call(d, "SQSState") == .success(["MessageId": "m-1"]))
        d.mockResponder?.reset()
        #expect(await call(d, "SQSState") == .success(["MessageId": "m-1"]))
    }

    @Test func newExecutionsCountFromZero() async throws {
        let first = try dispatcher("HappyPath")
        #expect(await call(first, "SQSState") == .success(["MessageId": "m-1"]))
        let shared = first
        guard case .failure = await call(shared, "SQSState") else { Issue.record("copies must share counters"); return }
        let second = first.forNewExecution()
        #expect(await call(second, "SQSState") == .success(["MessageId": "m-1"]))
    }

    @Test func unmockedStatesFallThrough() async throws {
        let d = try dispatcher("HappyPath")
        let out = try await d.invoke(TaskRequest(resource: "shell:cat", stateName: "Other", input: ["x": 1]))
        #expect(out == ["x": 1])
    }

    @Test func registeredHandlersWinOverMocks() async throws {
        var d = try dispatcher("HappyPath")
        d.register(resource: "arn:aws:states:::sqs:sendMessage") { _ in "real" }
        #expect(
            try await d.invoke(
                TaskRequest(resource: "arn:aws:states:::sqs:sendMessage", stateName: "SQSState", input: nil)) == "real")
    }

    @Test func concurrentInvocationsEachTakeOneNumber() async throws {
        let config: JSONValue = [
            "StateMachines": ["M": ["TestCases": ["T": ["Item": "R"]]]],
            "MockedResponses": ["R": ["0-98": ["Return": "ok"], "99": ["Throw": ["Error": "Last", "Cause": "c"]]]],
        ]
        var d = TaskDispatcher()
        try d.useMockConfig(config, testCase: "T")
        let dispatcher = d
        let outcomes = await withTaskGroup(of: Result<JSONValue, StatesError>.self) { group in
            for _ in 0..<100 {
                group.addTask { await self.call(dispatcher, "Item") }
            }
            var all: [Result<JSONValue, StatesError>] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(outcomes.filter { $0 == .success("ok") }.count == 99)
        #expect(outcomes.filter { $0 == .failure(StatesError("Last", "c")) }.count == 1)
        #expect(d.mockResponder?.invocationCounts["Item"] == 100)
    }

    @Test(arguments: [
        ("0", 0...0), ("12", 12...12), ("1-3", 1...3), ("4-4", 4...4),
    ])
    func rangeKeys(key: String, range: ClosedRange<Int>) {
        #expect(MockConfig.parseRange(key) == range)
    }

    @Test(arguments: ["", "-1", "3-1", "a", "1-", "1-2-3", "+1", " 1"])
    func badRangeKeys(key: String) {
        #expect(MockConfig.parseRange(key) == nil)
    }

    @Test(arguments: [
        ("[]", "must be a JSON object"),
        ("{\"MockedResponses\": {\"R\": {\"x\": {\"Return\": 1}}}}", "invocation number"),
        ("{\"MockedResponses\": {\"R\": {\"0\": {\"Return\": 1, \"Throw\": {}}}}}", "exactly one"),
        ("{\"MockedResponses\": {\"R\": {\"0\": {\"Throw\": {\"Cause\": \"c\"}}}}}", "string Error"),
        ("{\"MockedResponses\": {\"R\": {\"0-2\": {\"Return\": 1}, \"2\": {\"Return\": 2}}}}", "overlapping"),
    ])
    func badConfigs(text: String, message: String) {
        do {
            _ = try MockConfig(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.error == "States.Runtime")
            #expect(error.cause?.contains(message) == true, "\(error)")
        }
    }

    @Test func unknownTestCaseAndDanglingResponseNamesAreReported() throws {
        var d = TaskDispatcher()
        #expect(throws: StatesError.self) { try d.useMockConfig(Self.config, testCase: "NoSuchCase") }
        let dangling: JSONValue = [
            "StateMachines": ["M": ["TestCases": ["T": ["S": "Missing"]]]], "MockedResponses": [:],
        ]
        do { try d.useMockConfig(dangling, testCase: "T"); Issue.record("accepted a dangling response name") } catch {
            #expect(error.cause?.contains("Missing") == true)
        }
    }

    /// Every mockConfig embedded in the recorded conformance cases must load as test case
    /// "Recorded" of machine "Machine", and its first responses must come back as recorded.
    @Test(.enabled(if: SharedData.isPresent, "../shared is absent: the recorded mock configs are not loaded"))
    func conformanceMockConfigsLoad() async throws {
        let root = SharedData.root.appendingPathComponent("conformance/aws").path
        let areas = try #require(opendir(root), "cannot list \(root)")
        defer { closedir(areas) }
        var loaded = 0
        while let a = readdir(areas) {
            let area = dirName(a)
            guard !area.hasPrefix("."), let files = opendir("\(root)/\(area)") else { continue }
            defer { closedir(files) }
            while let f = readdir(files) {
                let file = dirName(f)
                guard file.hasSuffix(".json"), let text = readFile("\(root)/\(area)/\(file)") else { continue }
                let recording = try JSONParser.parse(text)
                guard let mock = recording["mockConfig"] else { continue }
                var d = TaskDispatcher()
                try d.useMockConfig(mock, testCase: "Recorded", machine: "Machine")
                let responder = try #require(d.mockResponder)
                for (state, response) in responder.responses {
                    switch response.response(forInvocation: 0) {
                    case .return(let v)?: #expect(try responder.respond(state: state) == v)
                    case .throw(let e)?: #expect(throws: e) { try responder.respond(state: state) }
                    case nil: Issue.record("\(file): \(state) has no response 0")
                    }
                }
                loaded += 1
            }
        }
        #expect(loaded > 30)
    }

    private func dirName(_ e: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }

    private func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
