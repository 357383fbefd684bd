/// Help texts of the testing commands: test-state and eval.
extension Usage {
    static let testState = """
        Usage: sfn test-state DEFINITION [--state NAME] [--input FILE] [--variables FILE]
                              [--context FILE] [--mock FILE | --mock-result JSON | --mock-error NAME:CAUSE]
                              [--retrier-retry-count N] [--map-iteration-failure-count N]
                              [--error-caused-by-state NAME] [--inspection-level INFO|DEBUG|TRACE]
                              [--reveal-secrets] [--pretty | --compact]

        Runs one state as AWS's TestState API does and prints its response: output, error,
        cause, nextState and status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR); at DEBUG also
        inspectionData (input, afterInputPath, afterParameters or afterArguments, result,
        afterResultSelector, afterResultPath, variables, errorDetails). DEFINITION is a whole
        state machine (choose the state with --state; its StartAt state otherwise) or a file
        holding one state. The state runs once: a Retry that still applies makes it RETRIABLE,
        a Catch makes it CAUGHT_ERROR with the catcher's output and Next. Waits never sleep.

        Options:
          --state NAME                 The state to run (also inside a Parallel or Map)
          --input INPUT                The state input (default {}): a FILE, "-", file://PATH
                                       or the JSON itself
          --variables FILE             Workflow variables on entry (a JSON object)
          --context FILE               Context object members to use (a JSON object)
          --mock FILE                  TestState's mock: {"result": "..."} or
                                       {"errorOutput": {"error": ..., "cause": ...}}
          --mock-result JSON           Every Task resource in the state returns JSON
          --mock-error NAME:CAUSE      Every Task resource in the state fails with NAME
          --retrier-retry-count N      Retries already made by the matching Retry
          --map-iteration-failure-count N   Map iterations that fail with the mocked error
          --error-caused-by-state NAME The state inside a Map or Parallel that fails
          --inspection-level LEVEL     INFO (default), DEBUG or TRACE
          --reveal-secrets             Show what TRACE would mask
          -h, --help                   Show this help


        Examples:
          sfn test-state definitions/order-pipeline.asl.json --input definitions/order-pipeline.input.json --inspection-level DEBUG

        Exit status: 0 SUCCEEDED, CAUGHT_ERROR or RETRIABLE; 1 FAILED; 2 bad usage, an
        unreadable file or a definition that cannot load.
        """

    static let eval = """
        Usage: sfn eval EXPRESSION [--input FILE] [--variables FILE] [--context FILE] [--jsonpath]

        Evaluates one JSONata expression as a state does ($states.input, $states.context,
        workflow variables) and prints the result. With --jsonpath, EXPRESSION is a JSONPath
        or an intrinsic function call ($.a, $$.Execution.Id, $var, States.Format(...)).
        Errors print their name, JSONata code and a caret under the position.

        Options:
          --input INPUT      $states.input (default {}): a FILE, "-", file://PATH or the JSON
          --variables FILE   Workflow variables (a JSON object)
          --context FILE     Context object members (a JSON object)
          --jsonpath         EXPRESSION is a JSONPath or an intrinsic function call
          -h, --help         Show this help

        Examples:
          sfn eval '$sum($states.input.lines.(price * qty))' --input definitions/jsonata-orders.input.json

        Exit status: 0 success, 1 the expression failed, 2 bad usage or an unreadable file.
        """
}
