import SFNCore
import SFNJSON
import Testing

/// TestState requests from the user guide's "Testing state machines with TestState API" page
/// (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html): its AWS CLI examples and the November 2025
/// mocking sections. The page prints a response for four of its requests (Examples 1 and 2, "Simulating
/// retry attempts", "Testing catch handlers"; Example 3 needs a live HTTPS call); those are reproduced
/// field for field, each test says which. For its other requests the page gives no response, and the
/// expected response here is derived from the ASL semantics and the API reference. Fields that carry
/// JSON as text are compared as JSON, the way AWS's own examples differ in spacing.
struct TestStateDocExamplesTests {
    /// Runs `request` (the API's request shape, `definition` as JSON) and returns the response.
    static func testState(_ requestText: String) async throws -> JSONValue {
        let request = try JSONParser.parse(requestText)
        let definition = try #require(request["definition"])
        var r = try TestStateRequest(json: request)
        let loaded = try StateMachine.loadForTestState(definition, stateName: r.stateName)
        r.stateName = loaded.stateName
        return try await loaded.machine.testState(r, options: testOptions()).json
    }

    /// `response` with every JSON-as-text field parsed, for comparison.
    static func parsed(_ response: JSONValue) -> JSONValue {
        let textFields: Set<String> = [
            "output", "input", "afterArguments", "afterInputPath", "afterParameters", "result", "afterResultSelector",
            "afterResultPath", "variables",
        ]
        guard case .object(let o) = response else { return response }
        var out = JSONObject()
        for (k, v) in o {
            if textFields.contains(k), case .string(let text) = v, let value = try? JSONParser.parse(text) {
                out.append(k, value)
            } else {
                out.append(k, parsed(v))
            }
        }
        return .object(out)
    }

    static func expectResponse(
        _ request: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        async throws
    {
        let actual = parsed(try await testState(request))
        let want = parsed(try JSONParser.parse(expected))
        #expect(actual == want, "got \(JSONPrinter.compact(actual))", sourceLocation: sourceLocation)
    }

    // User guide, "Example 1: Using INFO inspectionLevel to test a Choice state": the documented response,
    // complete.
    @Test func choiceAtInfoLevel() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Choice", "Choices": [{"Variable": "$.number", "NumericEquals": 1, "Next": "Equals 1"},
              {"Variable": "$.number", "NumericEquals": 2, "Next": "Equals 2"}], "Default": "No Match"},
             "input": "{\"number\": 2}"}
            """#,
            #"{"output": "{\"number\": 2}", "nextState": "Equals 2", "status": "SUCCEEDED"}"#)
    }

    // User guide, "Example 2: Using DEBUG inspectionLevel ... in a Pass state": the documented response,
    // complete.
    @Test func passAtDebugLevel() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Pass", "InputPath": "$.payload", "Parameters": {"data": 1}, "ResultPath": "$.result",
              "OutputPath": "$.result.data", "Next": "Another State"},
             "input": "{\"payload\": {\"foo\": \"bar\"}}", "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "1",
             "inspectionData": {"input": "{\"payload\": {\"foo\": \"bar\"}}", "afterInputPath": "{\"foo\":\"bar\"}",
               "afterParameters": "{\"data\":1}", "afterResultSelector": "{\"data\":1}",
               "afterResultPath": "{\"payload\":{\"foo\":\"bar\"},\"result\":{\"data\":1}}"},
             "nextState": "Another State", "status": "SUCCEEDED"}
            """#)
    }

    // User guide, "Simulating retry attempts": the first Retry applies, back-off 2 x 2.0^1. The page's
    // request elides `Arguments` ({...}) and sets no QueryLanguage, though Arguments is JSONata's (a
    // self-contradiction); here the state is JSONata. The page prints `status` and `errorDetails`; `error`,
    // `cause`, `input` and `afterArguments` are what the API reference says DEBUG adds.
    @Test func retriableWithBackoff() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
               "Arguments": {"FunctionName": "MyFunction"},
               "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3,
                          "BackoffRate": 2.0}], "End": true},
             "input": "{\"data\": \"value\"}", "stateConfiguration": {"retrierRetryCount": 1},
             "mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service error"}},
             "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"error": "Lambda.ServiceException", "cause": "Service error",
             "inspectionData": {"input": "{\"data\": \"value\"}", "afterArguments": "{\"FunctionName\":\"MyFunction\"}",
               "errorDetails": {"retryIndex": 0, "retryBackoffIntervalSeconds": 4}},
             "status": "RETRIABLE"}
            """#)
    }

    // User guide, "Testing catch handlers": the error goes to the first catcher, with ResultPath applied.
    // The page's state has `"Arguments": {...}` beside `ResultPath`, which no query language allows (a
    // self-contradiction); here it is JSONPath with Parameters. Every field the page prints is compared
    // (status, nextState, error, cause, output, catchIndex); input, afterInputPath and afterParameters are
    // what DEBUG adds.
    @Test func caughtByFirstCatcher() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "MyFunction", "Payload.$": "$"},
               "Catch": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "ResultPath": "$.error",
                          "Next": "HandleThrottling"}], "Next": "Success"},
             "input": "{\"data\": \"value\"}",
             "mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}},
             "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"status": "CAUGHT_ERROR", "nextState": "HandleThrottling", "error": "Lambda.TooManyRequestsException",
             "cause": "Rate exceeded",
             "output": "{\"data\": \"value\", \"error\": {\"Error\": \"Lambda.TooManyRequestsException\", \"Cause\": \"Rate exceeded\"}}",
             "inspectionData": {"input": "{\"data\": \"value\"}", "afterInputPath": "{\"data\": \"value\"}",
               "afterParameters": "{\"FunctionName\": \"MyFunction\", \"Payload\": {\"data\": \"value\"}}",
               "errorDetails": {"catchIndex": 0}}}
            """#)
    }

    // User guide, "Basic mocking syntax" (request only; the page shows no response, and its
    // `Arguments` with `"Payload.$"` mixes JSONata and JSONPath, so Parameters here): a mocked result is
    // the Task's result.
    @Test func mockedResult() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "MyFunction", "Payload.$": "$"}, "End": true},
             "input": "{\"key\": \"value\"}",
             "mock": {"result": "{\"Payload\": {\"statusCode\": 200, \"body\": \"Success\"}}"}}
            """#,
            #"{"output": "{\"Payload\": {\"statusCode\": 200, \"body\": \"Success\"}}", "status": "SUCCEEDED"}"#)
    }

    // User guide, "To mock an error" (request only, no response shown): with no Retry or Catch, the state
    // fails with it.
    @Test func mockedErrorFails() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "MyFunction"}, "End": true},
             "input": "{\"key\": \"value\"}",
             "mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Service unavailable"}}}
            """#,
            #"{"error": "Lambda.ServiceException", "cause": "Service unavailable", "status": "FAILED"}"#)
    }

    // User guide, "Testing a Map state" (its request; no response shown): the mocked result is the whole
    // Map's result; ItemsPath and ItemSelector are the Map's own.
    @Test func mapWithMockedResult() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Map", "ItemsPath": "$.items",
               "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
               "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ProcessItem",
                 "States": {"ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
               "End": true},
             "input": "{\"items\": [1, 2, 3, 4, 5]}", "mock": {"result": "[10, 20, 30, 40, 50]"}}
            """#,
            #"{"output": "[10, 20, 30, 40, 50]", "status": "SUCCEEDED"}"#)
    }

    // The same Map at DEBUG (not on the page): the Map's own stages as "Understanding Map state inspection
    // data" lists them (ItemsPath, ItemSelector, its limits).
    @Test func mapStagesAtDebugLevel() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
               "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
               "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ProcessItem",
                 "States": {"ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
               "End": true},
             "input": "{\"items\": [1, 2, 3]}", "mock": {"result": "[10, 20, 30]"}, "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "[10,20,30]",
             "inspectionData": {"input": "{\"items\":[1,2,3]}", "afterInputPath": "{\"items\":[1,2,3]}",
               "result": "[10,20,30]", "afterResultSelector": "[10,20,30]", "afterResultPath": "[10,20,30]",
               "afterItemsPath": "[1,2,3]",
               "afterItemSelector": "[{\"value\":1,\"index\":0},{\"value\":2,\"index\":1},{\"value\":3,\"index\":2}]",
               "maxConcurrency": 2},
             "status": "SUCCEEDED"}
            """#)
    }

    // User guide, "Using context field in the TestState API" (its request, with Parameters for its
    // JSONPath `.$` fields; no response shown): the request's context object is what `$$` reads.
    @Test func contextFromRequest() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "MyFunction",
                 "Payload": {"executionId.$": "$$.Execution.Id", "stateName.$": "$$.State.Name",
                             "enteredTime.$": "$$.State.EnteredTime"}}, "End": true},
             "input": "{\"data\": \"value\"}",
             "context": "{\"Execution\": {\"Id\": \"arn:aws:states:us-east-1:123456789012:execution:MyStateMachine:test-exec-123\", \"Name\": \"test-exec-123\", \"StartTime\": \"2024-01-01T10:00:00.000Z\"}, \"State\": {\"Name\": \"ProcessData\", \"EnteredTime\": \"2024-01-01T10:00:05.000Z\"}}",
             "mock": {"result": "{\"status\": \"success\"}"}, "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "{\"status\":\"success\"}",
             "inspectionData": {"input": "{\"data\": \"value\"}", "afterInputPath": "{\"data\": \"value\"}",
               "afterParameters": "{\"FunctionName\":\"MyFunction\",\"Payload\":{\"executionId\":\"arn:aws:states:us-east-1:123456789012:execution:MyStateMachine:test-exec-123\",\"stateName\":\"ProcessData\",\"enteredTime\":\"2024-01-01T10:00:05.000Z\"}}",
               "result": "{\"status\":\"success\"}", "afterResultSelector": "{\"status\":\"success\"}",
               "afterResultPath": "{\"status\":\"success\"}"},
             "status": "SUCCEEDED"}
            """#)
    }

    // User guide, "Specifying error source with errorCausedByState" (its stateConfiguration and mock; the
    // page elides the Map and shows no response): the error of a state inside the Map reaches the Map's
    // own Catch.
    @Test func errorCausedByStateInsideMap() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Map", "ItemsPath": "$.items",
               "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ProcessItem",
                 "States": {"ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
               "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "HandleFailure"}], "Next": "Done"},
             "input": "{\"items\": [1, 2]}", "stateConfiguration": {"errorCausedByState": "ProcessItem"},
             "mock": {"errorOutput": {"error": "States.TaskFailed", "cause": "Task execution failed"}}}
            """#,
            #"""
            {"output": "{\"Error\":\"States.TaskFailed\",\"Cause\":\"Task execution failed\"}",
             "error": "States.TaskFailed", "cause": "Task execution failed", "nextState": "HandleFailure",
             "status": "CAUGHT_ERROR"}
            """#)
    }

    // User guide, "Testing Parallel states" (a sentence, no example): one result per branch, in the
    // branches' order.
    @Test func parallelWithMockedResult() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Parallel", "ResultPath": "$.branches", "Next": "Join",
               "Branches": [
                 {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
                 {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
             "input": "{\"id\": 7}", "mock": {"result": "[{\"a\": 1}, {\"b\": 2}]"}, "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "{\"id\":7,\"branches\":[{\"a\":1},{\"b\":2}]}",
             "inspectionData": {"input": "{\"id\":7}", "afterInputPath": "{\"id\":7}", "afterParameters": "{\"id\":7}",
               "result": "[{\"a\":1},{\"b\":2}]", "afterResultSelector": "[{\"a\":1},{\"b\":2}]",
               "afterResultPath": "{\"id\":7,\"branches\":[{\"a\":1},{\"b\":2}]}"},
             "nextState": "Join", "status": "SUCCEEDED"}
            """#)
    }

    // Retries exhausted (retrierRetryCount at MaxAttempts), which the page's last sentence suggests
    // trying: the catcher takes the error.
    @Test func exhaustedRetryFallsToCatch() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "MyFunction"},
               "Retry": [{"ErrorEquals": ["Custom.Boom"], "MaxAttempts": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover", "ResultPath": "$.err"}], "End": true},
             "input": "{}", "stateConfiguration": {"retrierRetryCount": 2},
             "mock": {"errorOutput": {"error": "Custom.Boom", "cause": "it broke"}}, "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "{\"err\":{\"Error\":\"Custom.Boom\",\"Cause\":\"it broke\"}}", "error": "Custom.Boom",
             "cause": "it broke",
             "inspectionData": {"input": "{}", "afterInputPath": "{}", "afterParameters": "{\"FunctionName\":\"MyFunction\"}",
               "errorDetails": {"catchIndex": 0}},
             "nextState": "Recover", "status": "CAUGHT_ERROR"}
            """#)
    }

    // A whole machine with `stateName`, and variables in and out (JSONata Assign).
    @Test func stateOfWholeMachineWithVariables() async throws {
        try await Self.expectResponse(
            #"""
            {"definition": {"QueryLanguage": "JSONata", "StartAt": "First", "States": {
               "First": {"Type": "Pass", "Next": "Second"},
               "Second": {"Type": "Pass", "Assign": {"total": "{% $total + $states.input.n %}"},
                          "Output": {"seen": "{% $states.input.n %}"}, "Next": "Third"},
               "Third": {"Type": "Succeed"}}},
             "stateName": "Second", "input": "{\"n\": 5}", "variables": "{\"total\": 10}", "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"output": "{\"seen\":5}", "inspectionData": {"input": "{\"n\":5}", "variables": "{\"total\":15}"},
             "nextState": "Third", "status": "SUCCEEDED"}
            """#)
    }

    // A Fail state: FAILED with its Error and Cause.
    @Test func failState() async throws {
        try await Self.expectResponse(
            #"{"definition": {"Type": "Fail", "Error": "Order.Invalid", "Cause": "no items"}, "input": "{}"}"#,
            #"{"error": "Order.Invalid", "cause": "no items", "status": "FAILED"}"#)
    }

    @Test func unknownStateIsARequestError() async throws {
        let machine = try StateMachine(definitionText: single(#"{"Type":"Pass","End":true}"#))
        await #expect(throws: TestStateError.self) {
            _ = try await machine.testState(TestStateRequest(stateName: "Nope"))
        }
    }

    @Test func parallelMockMustHaveOneResultPerBranch() async throws {
        let machine = try StateMachine(
            definitionText: single(
                #"{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}"#
            ))
        await #expect(throws: TestStateError.self) {
            _ = try await machine.testState(TestStateRequest(mock: .result([1, 2])))
        }
    }
}
