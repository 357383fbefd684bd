import SFNCore
import SFNJSON

/// Help texts of the CLI.
enum Usage {
    static let version = "0.1.0"

    static let main = """
        sfn - run AWS Step Functions state machines locally, with AWS's semantics

        Usage:
          sfn run DEFINITION [--input INPUT | --no-input] [--pretty] [--no-wait] [--trace] [--resources FILE]
                  [--mock-config FILE --test-case NAME] [--history FILE] [--max-events N]
                  [--log-level LEVEL [--include-execution-data] [--log-file FILE]] [--quiet]
          sfn test [--junit FILE] [--filter PATTERN] [--jobs N] PATH...
          sfn validate [--format text|json|sarif] [--warnings-as-errors] [--aws] DEFINITION...
          sfn export DEFINITION [--resources FILE] [--format json|yaml] [--output DIR]
          sfn graph DEFINITION [--format svg|html|dot|mermaid] [--output FILE] [--history FILE]
          sfn executions [--status S] [--limit N] [--json]
          sfn describe NAME [--json]
          sfn history NAME [--json] [--follow]
          sfn stop NAME [--error E] [--cause C]
          sfn prune [--older-than 30d] [--status S]
          sfn task-success TOKEN --output JSON
          sfn task-failure TOKEN [--error E] [--cause C]
          sfn task-heartbeat TOKEN
          sfn activity-worker ACTIVITY [--once] -- COMMAND...
          sfn redrive NAME [--detach]
          sfn test-state DEFINITION [--state NAME] [--input FILE] [--mock-result JSON] ...
          sfn eval EXPRESSION [--input FILE] [--variables FILE] [--jsonpath]
          sfn mock-config init DEFINITION [--output FILE]
          sfn serve [--host 127.0.0.1] [--port 8083] [--store PATH] [--mock-config FILE]
          sfn console [--no-open] [sfn serve's options]
          sfn completions bash|zsh|fish
          sfn --help | --version

        Commands:
          run        Run a state machine once and print its output
          test       Run conformance case files and compare with the recorded results
          validate   Check definitions the way AWS's ValidateStateMachineDefinition does
          export     Print a definition as AWS runs it (local resources replaced by their ARNs) and a
                     CloudFormation template
          graph      Draw a definition, and an execution over it
          executions List the executions recorded in the store (.sfn/sfn.db), newest first
          describe   Show one recorded execution (DescribeExecution)
          history    Show an execution's history events (GetExecutionHistory)
          stop       Stop a running execution, in whichever process runs it (StopExecution)
          prune      Delete closed executions from the store
          task-success, task-failure, task-heartbeat
                     Answer a callback task waiting on its token ($$.Task.Token), from any process
          activity-worker    Take activity tasks from the store and answer them with a command
          redrive    Restart a failed execution from the state that did not finish
          test-state Run one state as AWS's TestState API does
          eval       Evaluate one JSONata (or JSONPath) expression as a state would
          mock-config init   Write a mock config that answers every Task state
          serve      Serve the Step Functions API on localhost (AWS SDKs, AWS CLI, Step Functions Local users)
          console    The console in the browser (graphs, executions, events, redrive), on sfn serve
          completions Print a shell completion script

        DEFINITION is ASL in JSON or YAML, or a CloudFormation/SAM template or serverless.yml
        (--state-machine NAME picks the machine); --substitute NAME=VALUE fills ${NAME}.

        \(exitStatus)
        """

    static let run = """
        Usage: sfn run DEFINITION [--input INPUT | --no-input] [--pretty] [--no-wait] [--trace] [options]

        Runs the state machine in DEFINITION (ASL JSON) once.

        Input comes from --input, else from standard input when it is not a terminal and nothing
        else names the input (an empty standard input is {}), else is {}.
        The output JSON goes to standard output: compact when piped, indented on a terminal or
        with --pretty. A failed execution prints the failing state and the states taken, then
        one JSON line {"error": ..., "cause": ...} as the last line of standard error, and exits
        1. Colours only on a terminal, never with NO_COLOR set.

        Options:
          --input INPUT  The execution input: a FILE (a pipe, FIFO or <(...) too), "-" for
                         standard input, file://PATH, or the JSON itself ('{"a":1}')
          --no-input     The input is {}; standard input is not read
          --pretty       Indent the output
          --compact      Never indent the output
          --no-wait      Do not sleep in Wait states or between retries; the execution's clock
                         still advances
          --name NAME    The execution name ($$.Execution.Name)
          --aws-limits   Enforce AWS's quotas: refuse a definition over 1 MiB or an input over
                         256 KiB (exit 2), fail a state whose output is larger than 256 KiB
                         (States.DataLimitExceeded)
          --max-payload SIZE    Fail a state that produces a value larger than SIZE (a task's
                                result, Map or Parallel results, intrinsic and JSONata results)
                                with States.DataLimitExceeded; refuse a larger input (default a
                                quarter of the machine's memory; 262144, 256KiB, 64MiB, 2GiB)
          --resources FILE      Map Task resources (ARNs, Lambda names) to local commands
          --mock-config FILE    Answer Task states from an AWS Step Functions Local mock config
          --test-case NAME      The mock config's test case to use
          --s3-root DIR  The folder standing in for S3: s3://bucket/key is DIR/bucket/key,
                         what a Distributed Map's ItemReader reads and ResultWriter writes
                         (default .sfn/s3)
          --activities   Activity tasks wait for a worker (sfn activity-worker) instead of failing
          --connections FILE    Credentials of HTTP tasks' connections (API key, basic, OAuth)
        \(IntegrationOptions.help)
          --max-output SIZE     Fail a command that prints more than SIZE to stdout (default
                                256MiB; 1048576, 64KiB, 1GiB)
          --policy FILE         The execution role's IAM policy: a Task it does not allow fails
                                with States.Permissions before it runs (docs/security.md)
          --policies FILE       Role ARNs mapped to policies; --role-arn picks the role
          --role-arn ARN        The execution's role (its policy under --policies)
          --store PATH   Record the execution in this store (default $SFN_STORE, else
                         .sfn/sfn.db under the working directory)
          --no-store     Do not record the execution
          --retention DAYS      Delete executions closed more than DAYS ago (default 90)
          --history FILE        Write the execution's events to FILE as GetExecutionHistory
                                returns them, {"events": [...]} (/dev/stderr works too)
          --max-events N        Fail the execution as AWS does when its history would pass N
                                events (default 25000, AWS's quota; 0 for no limit)
          --log-level LEVEL     Log events as Step Functions sends them to CloudWatch Logs, one
                                JSON object a line: ALL, ERROR, FATAL or OFF (the default)
          --include-execution-data   Keep inputs and outputs in the log records
          --log-file FILE       Append the log records to FILE instead of standard error
          -q, --quiet    No progress line (it is drawn only when standard error is a terminal)
          --trace        Print each state entered (→) and left (←) with its input and output
                         on standard error as it happens
        \(DefinitionInput.help)
          -h, --help     Show this help

        Every run is recorded in the store (see sfn executions, describe, history); a store that
        cannot be opened is one warning and the run goes on without it.


        Examples:
          sfn run definitions/hello.asl.json --input definitions/hello.input.json
          sfn run definitions/hello.asl.json --no-store --pretty < definitions/hello.input.json

        Exit status: 0 succeeded, 1 the execution failed, 2 bad usage, unreadable input or a
        definition that cannot load.
        """

    static let test = """
        Usage: sfn test [--verbose] [--history] [--junit FILE] [--filter PATTERN] [--jobs N] PATH...

        Runs case files (the format of ../shared/conformance, plus several "executions" per file,
        named mock "testCase"s and a "startTime"; see docs/testing.md) and compares each result
        with the expected one, honouring the corpus's wildcard rules. PATH may be a case file or
        a directory, searched recursively for *.json (NAME.asl.json files are definitions). Prints
        each failing case with what differed and ends with the line "N passed, M failed". Every
        execution runs on a virtual clock: waits and retries cost no real time.

        Options:
          --verbose         Also list passing cases
          --history         Also compare the recorded event sequence (in order, or as a multiset
                            where Parallel branches or Map iterations interleave)
          --junit FILE      Write the results as JUnit XML for CI
          --filter PATTERN  Run only cases whose name or file contains PATTERN (* and ? glob)
          --jobs N          Run N cases at a time (default: the number of cores)
          -h, --help        Show this help


        Examples:
          sfn test tests/ --junit report.xml --jobs 2

        Exit status: 0 when every case passed, 1 when some failed, 2 bad usage.
        """
}

extension Usage {
    /// The cause of a Task resource that nothing serves, in terms of `sfn run`'s options.
    static func unmappedResource(_ unmapped: UnmappedResource) -> String {
        if TaskDispatcher.isCallback(unmapped.resource) || TaskDispatcher.activityName(unmapped.resource) != nil {
            return TaskCallbackCommands.unmapped(unmapped)
        }
        if let cause = IntegrationOptions.unmapped(unmapped) { return cause }
        let line = JSONPrinter.compact(.object(JSONObject([(unmapped.key, JSONValue.string("python3 handler.py"))])))
        return unmapped.summary + " Map it to a local command with --resources FILE, a JSON file with a line like "
            + "\(line), or answer the state from --mock-config FILE --test-case NAME."
    }
}
