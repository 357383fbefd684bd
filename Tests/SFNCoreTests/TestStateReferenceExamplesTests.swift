import SFNCore
import SFNJSON
import Testing

/// TestState responses published outside the user guide, in two places:
/// - a "Validation and Testing" reference for Step Functions (a Markdown guide to the November 2025
///   TestState features with JSONata examples; found in the search index's source files, its repository
///   unnamed there, so not AWS documentation proper). It prints a response for three of its requests,
///   two of them abridged.
/// - AWS's own sample github.com/aws-samples/sample-stepfunctions-testing-with-testStateAPI, whose pytest
///   suite (tests/unit_test.py) runs against TestState on AWS and asserts chosen response fields.
/// Where a response is abridged, only the fields it prints are compared (`expectDocumentedFields`), and
/// each test says which were left out.
struct TestStateReferenceExamplesTests {
    /// `actual` holds every field of `documented` with the same value; objects are compared key by key,
    /// everything else (arrays included) as whole JSON values.
    static func contains(_ actual: JSONValue, _ documented: JSONValue) -> Bool {
        guard case .object(let want) = documented else { return actual == documented }
        guard case .object(let got) = actual else { return false }
        for (key, value) in want {
            guard let have = got[key], contains(have, value) else { return false }
        }
        return true
    }

    static func expectDocumentedFields(
        _ request: String, _ documented: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws {
        let actual = TestStateDocExamplesTests.parsed(try await TestStateDocExamplesTests.testState(request))
        let want = TestStateDocExamplesTests.parsed(try JSONParser.parse(documented))
        #expect(contains(actual, want), "got \(JSONPrinter.compact(actual))", sourceLocation: sourceLocation)
    }

    // The abridged comparison still fails on a differing or missing field.
    @Test func documentedFieldsMustMatch() throws {
        let actual = try JSONParser.parse(
            #"{"status": "RETRIABLE", "inspectionData": {"errorDetails": {"retryIndex": 0}}}"#)
        #expect(
            Self.contains(actual, try JSONParser.parse(#"{"inspectionData": {"errorDetails": {"retryIndex": 0}}}"#)))
        #expect(
            !Self.contains(actual, try JSONParser.parse(#"{"inspectionData": {"errorDetails": {"retryIndex": 1}}}"#)))
        #expect(!Self.contains(actual, try JSONParser.parse(#"{"nextState": "X"}"#)))
    }

    // "Validation and Testing", section "Inspection Levels / INFO (default)": a JSONata Choice state.
    // The documented response is complete.
    @Test func jsonataChoiceAtInfoLevel() async throws {
        try await TestStateDocExamplesTests.expectResponse(
            #"""
            {"definition": {"Type": "Choice", "QueryLanguage": "JSONata",
               "Choices": [{"Condition": "{% $states.input.orderTotal > 1000 %}", "Next": "PremiumFulfillment"}],
               "Default": "StandardFulfillment"},
             "input": "{\"orderId\": \"ORD-456\", \"orderTotal\": 1500}"}
            """#,
            #"""
            {"output": "{\"orderId\": \"ORD-456\", \"orderTotal\": 1500}", "nextState": "PremiumFulfillment",
             "status": "SUCCEEDED"}
            """#)
    }

    // "Validation and Testing", section "Simulating a specific retry attempt": retrierRetryCount 1 of a
    // Retry with IntervalSeconds 2 and BackoffRate 2.0 gives a 4-second back-off. The documented response
    // is abridged: it prints `status` and `inspectionData.errorDetails` only (no error, cause, input or
    // afterArguments), so only those are compared.
    @Test func retryAttemptOneOfThree() async throws {
        try await Self.expectDocumentedFields(
            #"""
            {"definition": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
               "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:ChargeCard:$LATEST",
                 "Payload": {"orderId": "{% $states.input.orderId %}", "amount": "{% $states.input.total %}"}},
               "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3,
                          "BackoffRate": 2.0}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"errorInfo": "{% $states.errorOutput %}"},
                          "Next": "PaymentFailed"}],
               "End": true},
             "input": "{\"orderId\": \"ORD-123\", \"total\": 99.99}", "stateConfiguration": {"retrierRetryCount": 1},
             "mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Payment gateway timeout"}},
             "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"status": "RETRIABLE",
             "inspectionData": {"errorDetails": {"retryBackoffIntervalSeconds": 4, "retryIndex": 0}}}
            """#)
    }

    // "Validation and Testing", section "Testing Catch handlers": the first of two catchers takes the
    // error. The documented response leaves out `output` and the rest of `inspectionData`; the fields it
    // prints are compared.
    @Test func firstCatcherOfTwo() async throws {
        try await Self.expectDocumentedFields(
            #"""
            {"definition": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::sqs:sendMessage",
               "Arguments": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/FulfillmentQueue",
                 "MessageBody": "{% $string({'orderId': $states.input.orderId, 'items': $states.input.items}) %}"},
               "Catch": [
                 {"ErrorEquals": ["SQS.QueueDoesNotExistException"], "Assign": {"errorInfo": "{% $states.errorOutput %}"},
                  "Next": "CreateQueue"},
                 {"ErrorEquals": ["States.ALL"], "Assign": {"errorInfo": "{% $states.errorOutput %}"},
                  "Next": "OrderFailed"}],
               "Next": "WaitForFulfillment"},
             "input": "{\"orderId\": \"ORD-123\", \"items\": [{\"productId\": \"PROD-A\", \"quantity\": 2}]}",
             "mock": {"errorOutput": {"error": "SQS.QueueDoesNotExistException", "cause": "Queue not found"}},
             "inspectionLevel": "DEBUG"}
            """#,
            #"""
            {"status": "CAUGHT_ERROR", "nextState": "CreateQueue", "error": "SQS.QueueDoesNotExistException",
             "cause": "Queue not found", "inspectionData": {"errorDetails": {"catchIndex": 0}}}
            """#)
    }

    // The same reference, section "Mock an error": retrierRetryCount 3 reaches MaxAttempts 3, so the
    // error "falls through to Catch". It prints no response; its prose names the outcome (the catcher's
    // state next), which is what is compared.
    @Test func exhaustedRetryFallsThroughToCatch() async throws {
        try await Self.expectDocumentedFields(
            #"""
            {"definition": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
               "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:ProcessPayment:$LATEST",
                 "Payload": {"orderId": "{% $states.input.orderId %}", "amount": "{% $states.input.total %}"}},
               "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3,
                          "BackoffRate": 2.0}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"errorInfo": "{% $states.errorOutput %}"},
                          "Next": "PaymentFailed"}],
               "Next": "ShipOrder"},
             "input": "{\"orderId\": \"ORD-123\", \"total\": 150.00}", "stateConfiguration": {"retrierRetryCount": 3},
             "mock": {"errorOutput": {"error": "Lambda.ServiceException", "cause": "Payment gateway unavailable"}}}
            """#,
            #"""
            {"status": "CAUGHT_ERROR", "nextState": "PaymentFailed", "error": "Lambda.ServiceException",
             "cause": "Payment gateway unavailable"}
            """#)
    }
    /// ValidateOrder of AWS's sample "sample-stepfunctions-testing-with-testStateAPI"
    /// (github.com/aws-samples/sample-stepfunctions-testing-with-testStateAPI, statemachine/order_processing.asl.json),
    /// trimmed to the states ValidateOrder reaches; the states after CheckValidation stand in as one Succeed.
    static let sampleDefinition = #"""
        {"QueryLanguage": "JSONata", "StartAt": "ValidateOrder", "States": {
          "ValidateOrder": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "ValidateOrderFunction", "Payload": "{% $states.input %}"},
            "Output": "{% $merge([$states.input, {'validationResult': $states.result}]) %}",
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3,
                       "BackoffRate": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "ValidationFailed",
                       "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}"}],
            "Next": "CheckValidation"},
          "CheckValidation": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.input.validationResult.isValid = true %}", "Next": "ProcessOrderItems"}],
            "Default": "ValidationFailed"},
          "ProcessOrderItems": {"Type": "Succeed"},
          "ValidationFailed": {"Type": "Fail", "Error": "ValidationError", "Cause": "Order validation failed"}}}
        """#

    // AWS's sample, tests/unit_test.py `test_lambda_throttling_retry_mechanism`, which its CI runs against
    // TestState on AWS: retry count 0 is RETRIABLE with a 2-second back-off and retryIndex 0, count 1 a
    // 4-second one, count 3 (MaxAttempts) is caught into ValidationFailed. The sample asserts these fields
    // only; the caught output is the Catch's Output, computed here from the definition.
    @Test(arguments: [
        (
            0,
            #"{"status": "RETRIABLE", "error": "Lambda.TooManyRequestsException", "cause": "Request rate exceeded", "inspectionData": {"errorDetails": {"retryBackoffIntervalSeconds": 2, "retryIndex": 0}}}"#
        ),
        (1, #"{"status": "RETRIABLE", "inspectionData": {"errorDetails": {"retryBackoffIntervalSeconds": 4}}}"#),
        (
            3,
            #"{"status": "CAUGHT_ERROR", "nextState": "ValidationFailed", "output": "{\"orderId\": \"order-retry-test\", \"amount\": 100.0, \"error\": {\"Error\": \"Lambda.TooManyRequestsException\", \"Cause\": \"Request rate exceeded\"}}"}"#
        ),
    ])
    func awsSampleThrottlingRetry(retryCount: Int, documented: String) async throws {
        let request = """
            {"definition": \(Self.sampleDefinition), "stateName": "ValidateOrder",
             "input": "{\\"orderId\\": \\"order-retry-test\\", \\"amount\\": 100.0}",
             "mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Request rate exceeded"}},
             "stateConfiguration": {"retrierRetryCount": \(retryCount)}, "inspectionLevel": "DEBUG"}
            """
        try await Self.expectDocumentedFields(request, documented)
    }
    /// ProcessOrderItems (a distributed Map), ParallelProcessing and WaitForApproval of the same sample, as it
    /// has them; CheckApproval, which follows, stands in as a Succeed.
    static let sampleFlowStates = #"""
        {"QueryLanguage": "JSONata", "StartAt": "ProcessOrderItems", "States": {
         "ProcessOrderItems": {"Type": "Map",
           "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "ProcessItem",
             "States": {"ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "ProcessItemFunction", "Payload": "{% $states.input %}"},
                "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "ItemProcessingFailed"}],
                "End": true},
               "ItemProcessingFailed": {"Type": "Fail", "Error": "ItemProcessingError", "Cause": "Failed to process individual item"}}},
           "Items": "{% $states.input.orderItems %}", "MaxConcurrency": 10, "ToleratedFailureCount": 2,
           "Output": "{% $merge([$states.input, {'processedItems': $states.result}]) %}",
           "Retry": [{"ErrorEquals": ["States.ItemReaderFailed", "States.ResultWriterFailed"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 2}],
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "ValidationFailed", "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}"}],
           "Next": "ParallelProcessing"},
         "ParallelProcessing": {"Type": "Parallel", "Branches": [
           {"StartAt": "ProcessPayment", "States": {
             "ProcessPayment": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Arguments": {"FunctionName": "ProcessPaymentFunction", "Payload": "{% $states.input %}"},
               "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "PaymentFailed"}],
               "End": true},
             "PaymentFailed": {"Type": "Fail", "Error": "PaymentProcessingError", "Cause": "Failed to process payment"}}},
           {"StartAt": "UpdateInventory", "States": {
             "UpdateInventory": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Arguments": {"FunctionName": "UpdateInventoryFunction", "Payload": "{% $states.input %}"},
               "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "InventoryFailed"}],
               "End": true},
             "InventoryFailed": {"Type": "Fail", "Error": "InventoryUpdateError", "Cause": "Failed to update inventory"}}}],
           "Output": "{% $merge([$states.input, {'parallelResults': $states.result}]) %}",
           "Retry": [{"ErrorEquals": ["States.BranchFailed"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 2}],
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "OrderRejected", "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}"}],
           "Next": "WaitForApproval"},
         "WaitForApproval": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
           "Arguments": {"FunctionName": "RequestApprovalFunction", "Payload": {"orderId": "{% $states.input.orderId %}",
             "amount": "{% $states.input.amount %}", "taskToken": "{% $states.context.Task.Token %}"}},
           "Output": "{% $merge([$states.input, {'approvalResult': $states.result}]) %}",
           "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "OrderRejected", "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}"}],
           "Next": "CheckApproval"},
         "CheckApproval": {"Type": "Succeed"},
         "ValidationFailed": {"Type": "Fail", "Error": "ValidationError", "Cause": "Order validation failed"},
         "OrderRejected": {"Type": "Fail", "Error": "ApprovalError", "Cause": "Order was rejected during approval process"}}}
        """#

    static func sampleRequest(_ stateName: String, input: String, mock: String, retryCount: Int? = nil) -> String {
        let configuration = retryCount.map { #", "stateConfiguration": {"retrierRetryCount": \#($0)}"# } ?? ""
        return #"{"definition": \#(sampleFlowStates), "stateName": "\#(stateName)", "input": \#(input), "#
            + #""mock": \#(mock), "inspectionLevel": "DEBUG"\#(configuration)}"#
    }

    static let parallelInput =
        #""{\"orderId\": \"order-parallel-test\", \"amount\": 200.0, \"processedItems\": [{\"itemId\": \"item-1\", \"processed\": true}]}""#

    // AWS's sample, `test_parallel_state_branch_failure_handling`: a mocked error is the Parallel's own, so
    // States.BranchFailed meets the Parallel's Retry (RETRIABLE at retry count 0, caught into OrderRejected
    // at MaxAttempts 2) and States.TaskFailed its Catch. The sample asserts status and nextState.
    @Test func awsSampleParallelMockedErrors() async throws {
        let branchFailed =
            #"{"errorOutput": {"error": "States.BranchFailed", "cause": "One or more parallel branches failed"}}"#
        try await Self.expectDocumentedFields(
            Self.sampleRequest("ParallelProcessing", input: Self.parallelInput, mock: branchFailed, retryCount: 0),
            #"{"status": "RETRIABLE"}"#)
        try await Self.expectDocumentedFields(
            Self.sampleRequest("ParallelProcessing", input: Self.parallelInput, mock: branchFailed, retryCount: 2),
            #"{"status": "CAUGHT_ERROR", "nextState": "OrderRejected"}"#)
        let taskFailed =
            #"{"errorOutput": {"error": "States.TaskFailed", "cause": "Generic task failure in parallel branch"}}"#
        try await Self.expectDocumentedFields(
            Self.sampleRequest("ParallelProcessing", input: Self.parallelInput, mock: taskFailed),
            #"{"status": "CAUGHT_ERROR", "nextState": "OrderRejected"}"#)
    }

    // AWS's sample, `test_map_state_tolerated_failure_threshold`: a mocked result succeeds into
    // ParallelProcessing and reports `toleratedFailureCount`; a mocked States.ExceedToleratedFailureThreshold
    // is caught into ValidationFailed. The user guide ("Understanding Map state inspection data") adds that
    // `afterItemsPath` is populated only under JSONPath, and this Map is JSONata.
    @Test func awsSampleMapToleratedFailures() async throws {
        let input =
            #""{\"orderId\": \"order-map-test\", \"orderItems\": [{\"itemId\": \"item-1\"}, {\"itemId\": \"item-2\"}]}""#
        let succeeded = TestStateDocExamplesTests.parsed(
            try await TestStateDocExamplesTests.testState(
                Self.sampleRequest(
                    "ProcessOrderItems", input: input,
                    mock:
                        #"{"result": "[{\"itemId\": \"item-1\", \"processed\": true}, {\"itemId\": \"item-2\", \"processed\": true}]"}"#
                )))
        #expect(
            Self.contains(
                succeeded,
                try JSONParser.parse(
                    #"{"status": "SUCCEEDED", "nextState": "ParallelProcessing", "inspectionData": {"toleratedFailureCount": 2}}"#
                )),
            "got \(JSONPrinter.compact(succeeded))")
        #expect(succeeded["inspectionData"]?["afterItemsPath"] == nil)
        try await Self.expectDocumentedFields(
            Self.sampleRequest(
                "ProcessOrderItems", input: input,
                mock:
                    #"{"errorOutput": {"error": "States.ExceedToleratedFailureThreshold", "cause": "Map state exceeded tolerated failure threshold"}}"#
            ),
            #"{"status": "CAUGHT_ERROR", "nextState": "ValidationFailed"}"#)
    }
    // AWS's sample, `test_map_state_internal_processing_with_error_caused_by_state`: ProcessItem, a state
    // inside the Map, tested by name (its result is its output and it has no next state; a mocked error
    // goes to its own Catch); the distributed Map mocked with States.ExecutionLimitExceeded is caught
    // with that error; three failed iterations inside (errorCausedByState with mapIterationFailureCount 3,
    // ToleratedFailureCount 2) fail the Map with States.ExceedToleratedFailureThreshold, caught. The
    // sample asserts status, nextState, error and cause, and the Map's `toleratedFailureCount`.
    @Test func awsSampleStatesInsideTheMap() async throws {
        let item = #""{\"itemId\": \"item-001\", \"quantity\": 2, \"price\": 75.0, \"category\": \"electronics\"}""#
        let processed = #"{"itemId": "item-001", "processed": true, "processedQuantity": 2}"#
        let succeeded = TestStateDocExamplesTests.parsed(
            try await TestStateDocExamplesTests.testState(
                Self.sampleRequest(
                    "ProcessItem", input: item,
                    mock: #"{"result": "{\"itemId\": \"item-001\", \"processed\": true, \"processedQuantity\": 2}"}"#)))
        #expect(Self.contains(succeeded, try JSONParser.parse(#"{"status": "SUCCEEDED"}"#)))
        #expect(succeeded["nextState"] == nil)
        #expect(succeeded["output"] == (try JSONParser.parse(processed)))
        try await Self.expectDocumentedFields(
            Self.sampleRequest(
                "ProcessItem", input: item,
                mock: #"{"errorOutput": {"error": "ItemValidationException", "cause": "Invalid item data"}}"#),
            #"""
            {"status": "CAUGHT_ERROR", "error": "ItemValidationException", "cause": "Invalid item data",
             "nextState": "ItemProcessingFailed"}
            """#)
        let items =
            #""{\"orderId\": \"order-high-failure\", \"orderItems\": [{\"itemId\": \"f-1\"}, {\"itemId\": \"f-2\"}, {\"itemId\": \"f-3\"}, {\"itemId\": \"good\"}]}""#
        try await Self.expectDocumentedFields(
            Self.sampleRequest(
                "ProcessOrderItems", input: items,
                mock:
                    #"{"errorOutput": {"error": "States.ExecutionLimitExceeded", "cause": "Distributed Map state execution limit exceeded"}}"#
            ),
            #"""
            {"status": "CAUGHT_ERROR", "error": "States.ExecutionLimitExceeded", "nextState": "ValidationFailed",
             "inspectionData": {"toleratedFailureCount": 2, "maxConcurrency": 10}}
            """#)
        let threshold = Self.sampleRequest(
            "ProcessOrderItems", input: items,
            mock: #"{"errorOutput": {"error": "States.ExceedToleratedFailureThreshold", "cause": "over 2 failures"}}"#
        ).replacingOccurrences(
            of: #""inspectionLevel": "DEBUG""#,
            with:
                #""inspectionLevel": "DEBUG", "stateConfiguration": {"errorCausedByState": "ProcessItem", "mapIterationFailureCount": 3}"#
        )
        try await Self.expectDocumentedFields(
            threshold,
            #"{"status": "CAUGHT_ERROR", "error": "States.ExceedToleratedFailureThreshold", "nextState": "ValidationFailed"}"#
        )
    }

    // AWS's sample, `test_context_object_usage_in_jsonata_expressions`: the request's context gives
    // `$states.context.Task.Token` to a .waitForTaskToken Task's Arguments; the mocked result is merged into
    // the output by the state's Output. The sample asserts status, nextState, the Payload's taskToken and
    // orderId in afterArguments, and approvalResult in the output.
    @Test func awsSampleContextInAWaitForTaskTokenTask() async throws {
        let token = "ahbdgftgehbdcndsjnwjkhas327yr4hendc73yehdb723y"
        let request = #"""
            {"definition": \#(Self.sampleFlowStates), "stateName": "WaitForApproval", "inspectionLevel": "DEBUG",
             "input": "{\"orderId\": \"order-context-test\", \"amount\": 125.0}",
             "context": "{\"Task\": {\"Token\": \"\#(token)\"}, \"Execution\": {\"Id\": \"arn:aws:states:us-east-1:123456789012:execution:test:exec-123\", \"Name\": \"test-execution\"}, \"State\": {\"Name\": \"WaitForApproval\", \"EnteredTime\": \"2025-01-15T10:45:00Z\"}}",
             "mock": {"result": "{\"approved\": true, \"taskToken\": \"\#(token)\"}"}}
            """#
        try await Self.expectDocumentedFields(
            request,
            #"""
            {"status": "SUCCEEDED", "nextState": "CheckApproval",
             "inspectionData": {"afterArguments": {"Payload": {"orderId": "order-context-test", "taskToken": "\#(token)"}}},
             "output": {"approvalResult": {"approved": true, "taskToken": "\#(token)"}}}
            """#)
    }

    // AWS's sample, `test_error_assertion_method_chaining` and `test_jsonata_data_transformations_and_merging`:
    // an error no Retry covers goes straight to the Catch; a mocked result lands under validationResult
    // with the input kept. The sample asserts status, error, cause, nextState and those output members.
    @Test func awsSampleValidateOrder() async throws {
        func request(_ mock: String) -> String {
            #"""
            {"definition": \#(Self.sampleDefinition), "stateName": "ValidateOrder", "inspectionLevel": "DEBUG",
             "input": "{\"orderId\": \"order-jsonata-test\", \"amount\": 75.5}", "mock": \#(mock)}
            """#
        }
        try await Self.expectDocumentedFields(
            request(
                #"{"errorOutput": {"error": "ValidationException", "cause": "Order amount below minimum threshold"}}"#),
            #"""
            {"status": "CAUGHT_ERROR", "error": "ValidationException", "cause": "Order amount below minimum threshold",
             "nextState": "ValidationFailed"}
            """#)
        try await Self.expectDocumentedFields(
            request(#"{"result": "{\"statusCode\": 200, \"isValid\": true, \"processedData\": {}}"}"#),
            #"""
            {"status": "SUCCEEDED", "nextState": "CheckValidation",
             "output": {"orderId": "order-jsonata-test", "validationResult": {"isValid": true, "processedData": {}}}}
            """#)
    }
}
