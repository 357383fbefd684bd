import Foundation
import SFNJSON
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The testing commands through the built binary: `sfn test-state`, `sfn eval`, and `sfn test`
/// with named mock test cases, the virtual clock, --junit, --filter and --jobs.
struct TestingCommandsTests {
    static let cases = CLI.packageRoot.appendingPathComponent("Examples/cases")

    static func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-testing-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    // MARK: sfn test-state

    @Test func testStateOfASingleStateFile() async throws {
        let file = try Self.temp(
            "task.json",
            #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"#
                + #""Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":3,"BackoffRate":2,"MaxAttempts":2}],"#
                + #""Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],"Next":"Done"}"#)
        let retriable = try await CLI.run([
            "test-state", file, "--mock-error", "Busy:try later", "--retrier-retry-count", "1",
            "--inspection-level", "DEBUG", "--compact",
        ])
        #expect(retriable.status == 0)
        let r = try JSONParser.parse(retriable.stdout)
        #expect(r["status"] == "RETRIABLE" && r["error"] == "Busy" && r["cause"] == "try later")
        #expect(r["inspectionData"]?["errorDetails"] == ["retryIndex": 0, "retryBackoffIntervalSeconds": 6])

        let caught = try await CLI.run([
            "test-state", file, "--mock-error", "Busy:try later", "--retrier-retry-count", "2", "--compact",
        ])
        #expect(caught.status == 0)
        let c = try JSONParser.parse(caught.stdout)
        #expect(c["status"] == "CAUGHT_ERROR" && c["nextState"] == "Handle")
        #expect(c["output"] == #"{"Error":"Busy","Cause":"try later"}"#)

        let ok = try await CLI.run(["test-state", file, "--mock-result", #"{"x":1}"#, "--compact"])
        #expect(ok.status == 0)
        #expect(try JSONParser.parse(ok.stdout) == ["output": #"{"x":1}"#, "nextState": "Done", "status": "SUCCEEDED"])
    }

    @Test func testStateFailedExitsOne() async throws {
        let file = try Self.temp("fail.json", #"{"Type":"Fail","Error":"E","Cause":"C"}"#)
        let r = try await CLI.run(["test-state", file, "--compact"])
        #expect(r.status == 1)
        #expect(try JSONParser.parse(r.stdout) == ["error": "E", "cause": "C", "status": "FAILED"])
    }

    @Test func testStateBadUsageExitsTwo() async throws {
        let file = try Self.temp("pass.json", #"{"Type":"Pass","End":true}"#)
        let machine = try Self.temp("m.json", #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#)
        for args in [
            ["test-state"],
            ["test-state", file, "--inspection-level", "LOUD"],
            ["test-state", file, "--mock-result", "{nope"],
            ["test-state", file, "--mock-result", "1", "--mock-error", "E:c"],
            ["test-state", file, "--retrier-retry-count", "-1"],
            ["test-state", machine, "--state", "Missing"],
            ["test-state", "/nonexistent.json"],
        ] {
            let r = try await CLI.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(!r.stderr.isEmpty && !r.signaled)
        }
    }

    @Test func testStateMockFileAndVariables() async throws {
        let def = try Self.temp(
            "machine.json",
            #"{"QueryLanguage":"JSONata","StartAt":"Call","States":{"Call":{"Type":"Task","#
                + #""Resource":"arn:aws:states:::lambda:invoke","Arguments":{"n":"{% $n %}"},"#
                + #""Output":"{% $states.result.v + $n %}","End":true}}}"#)
        let mock = try Self.temp("mock.json", #"{"result": "{\"v\": 40}"}"#)
        let vars = try Self.temp("vars.json", #"{"n": 2}"#)
        let r = try await CLI.run([
            "test-state", def, "--state", "Call", "--mock", mock, "--variables", vars, "--inspection-level", "DEBUG",
            "--compact",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONParser.parse(r.stdout)
        #expect(o["output"] == "42")
        #expect(o["inspectionData"]?["afterArguments"] == #"{"n":2}"#)
        #expect(o["inspectionData"]?["result"] == #"{"v":40}"#)
    }

    // MARK: sfn eval

    @Test func evalJSONataWithInputAndVariables() async throws {
        let input = try Self.temp("in.json", #"{"prices":[1.5,2.5]}"#)
        let vars = try Self.temp("v.json", #"{"rate":2}"#)
        let r = try await CLI.run([
            "eval", "$sum($states.input.prices) * $rate", "--input", input, "--variables", vars, "--compact",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "8\n")
    }

    @Test func evalJSONPathAndIntrinsics() async throws {
        let input = try Self.temp("in2.json", #"{"name":"Ada"}"#)
        let r = try await CLI.run(["eval", "--jsonpath", "States.Format('Hi {}', $.name)", "--input", input])
        #expect(r.status == 0 && r.stdout == "\"Hi Ada\"\n", "\(r.stderr)")
    }

    @Test func evalSyntaxErrorShowsCodeAndCaret() async throws {
        let r = try await CLI.run(["eval", "$states.input.a +"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("States.QueryEvaluationError") && lines[0].contains("S0207"), "\(r.stderr)")
        #expect(lines.count >= 3 && lines[1] == "  $states.input.a +")
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        #expect(caret == 2 + "$states.input.a +".count - 1, "\(r.stderr)")
    }

    @Test func evalRuntimeErrorNamesTheError() async throws {
        let r = try await CLI.run(["eval", "$number('x')"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.QueryEvaluationError"), "\(r.stderr)")
    }

    // MARK: sfn test

    @Test func waitAndRetryCasePassesInVirtualTime() async throws {
        let r = try await CLI.run(["test", "--verbose", Self.cases.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("ok   wait-and-retry / recovers on the sixth try"))
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    /// A suite with a failing case: the JUnit file parses as XML, counts the cases, and the
    /// failure carries the difference.
    @Test func junitReportIsValidXMLWithTheDifference() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-junit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let good = #"""
            {"name": "good <&> case", "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": 1}}
            """#
        let bad = #"""
            {"name": "bad", "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": 2}, "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": {"a": 3}}}
            """#
        try Data(good.utf8).write(to: dir.appendingPathComponent("good.json"))
        try Data(bad.utf8).write(to: dir.appendingPathComponent("bad.json"))
        let junit = dir.appendingPathComponent("report.xml")
        let r = try await CLI.run(["test", "--junit", junit.path, "--jobs", "2", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("1 passed, 1 failed\n"), "\(r.stdout)")

        let data = try Data(contentsOf: junit)
        let reader = JUnitReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        #expect(reader.root == "testsuites")
        #expect(reader.attributes["testsuites"]?["tests"] == "2")
        #expect(reader.attributes["testsuites"]?["failures"] == "1")
        #expect(reader.testcases.sorted() == ["bad", "good <&> case"])
        #expect(reader.failureMessages.count == 1)
        #expect(reader.failureText.contains("/a: expected 3, got 2"), "\(reader.failureText)")
    }

    @Test func filterSelectsCases() async throws {
        let r = try await CLI.run(["test", "--verbose", "--filter", "*sixth*", Self.cases.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("1 passed, 0 failed\n"), "\(r.stdout)")
        let none = try await CLI.run(["test", "--filter", "no-such-case", Self.cases.path])
        #expect(none.stdout.hasSuffix("0 passed, 0 failed\n"))
    }

    @Test func jobsMustBePositive() async throws {
        let r = try await CLI.run(["test", "--jobs", "0", Self.cases.path])
        #expect(r.status == 2 && r.stderr.contains("--jobs"))
    }

    /// Several executions of one file, each with its own mock test case, run in parallel; the
    /// order of the report stays the order of the files and executions.
    @Test func manyCasesInParallelKeepTheirOrder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-jobs-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = try String(
            contentsOf: Self.cases.appendingPathComponent("wait-and-retry.case.json"), encoding: .utf8)
        let definition = Self.cases.appendingPathComponent("wait-and-retry.asl.json").path
        for i in 0..<12 {
            let text = source.replacingOccurrences(of: "\"wait-and-retry.asl.json\"", with: "\"\(definition)\"")
                .replacingOccurrences(of: "\"name\": \"wait-and-retry\"", with: "\"name\": \"case-\(i)\"")
            try Data(text.utf8).write(to: dir.appendingPathComponent(String(format: "case-%02d.json", i)))
        }
        let r = try await CLI.run(["test", "--verbose", "--jobs", "4", dir.path])
        #expect(r.status == 0, "\(r.stdout)")
        let names = r.stdout.split(separator: "\n").filter { $0.hasPrefix("ok") }.map { String($0.dropFirst(5)) }
        #expect(names.count == 24)
        #expect(
            names.first == "case-0 / recovers on the sixth try" && names.last == "case-11 / gives up after five retries"
        )
    }
}

/// Collects what the JUnit checks need from XMLParser's events.
final class JUnitReader: NSObject, XMLParserDelegate {
    var root: String?
    var attributes: [String: [String: String]] = [:]
    var testcases: [String] = []
    var failureMessages: [String] = []
    var failureText = ""
    private var inFailure = false

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = element }
        if self.attributes[element] == nil { self.attributes[element] = attributes }
        if element == "testcase", let name = attributes["name"] { testcases.append(name) }
        if element == "failure" {
            failureMessages.append(attributes["message"] ?? "")
            inFailure = true
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inFailure { failureText += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "failure" { inFailure = false }
    }
}
