import SFNCore
import SFNJSON

/// Help texts of the CLI.
enum Usage {
    static let version = "0.1.0"

    static let main = """
        sfn - run AWS Step Functions state machines locally, with AWS's semantics

        Usage:
          sfn run DEFINITION [--input FILE] [--pretty] [--no-wait] [--resources FILE]
                  [--mock-config FILE --test-case NAME]
          sfn test PATH...
          sfn validate DEFINITION...
          sfn mock-config init DEFINITION [--output FILE]
          sfn --help | --version

        Commands:
          run        Run a state machine once and print its output
          test       Run conformance case files and compare with the recorded results
          validate   Check definitions the way AWS's ValidateStateMachineDefinition does
          mock-config init   Write a mock config that answers every Task state

        DEFINITION is ASL in JSON or YAML, or a CloudFormation/SAM template or serverless.yml
        (--state-machine NAME picks the machine); --substitute NAME=VALUE fills ${NAME}.

        Exit status: 0 success, 1 failed execution (or failed test cases), 2 bad usage,
        definition or input.
        """

    static let run = """
        Usage: sfn run DEFINITION [--input FILE] [--pretty] [--no-wait]

        Runs the state machine in DEFINITION (ASL JSON) once.

        Input comes from FILE, else from standard input when it is not a terminal, else is {}.
        The output JSON goes to standard output: compact when piped, indented on a terminal or
        with --pretty. A failed execution prints one JSON line {"error": ..., "cause": ...} on
        standard error and exits 1.

        Options:
          --input FILE   Read the execution input from FILE ("-" for standard input)
          --pretty       Indent the output
          --compact      Never indent the output
          --no-wait      Do not sleep in Wait states or between retries; the execution's clock
                         still advances
          --name NAME    The execution name ($$.Execution.Name)
          --aws-limits   Enforce AWS's 256 KiB payload quota (States.DataLimitExceeded)
          --resources FILE      Map Task resources (ARNs, Lambda names) to local commands
          --mock-config FILE    Answer Task states from an AWS Step Functions Local mock config
          --test-case NAME      The mock config's test case to use
        \(DefinitionInput.help)
          -h, --help     Show this help

        Exit status: 0 succeeded, 1 execution failed, 2 bad usage, definition or input.
        """

    static let test = """
        Usage: sfn test [--verbose] [--history] PATH...

        Runs conformance case files (the format of ../shared/conformance) and compares the
        result with the recorded one, honouring the wildcard rules of the corpus. PATH may be a
        case file or a directory, searched recursively for *.json. Prints each failing case with
        what differed and ends with the line "N passed, M failed". Wait states do not sleep.

        Options:
          --verbose   Also list passing cases
          --history   Also compare the recorded event sequence (in order, or as a multiset
                      where Parallel branches or Map iterations interleave)
          -h, --help  Show this help

        Exit status: 0 when every case passed, 1 when some failed, 2 bad usage.
        """
}

extension Usage {
    /// The cause of a Task resource that nothing serves, in terms of `sfn run`'s options.
    static func unmappedResource(_ unmapped: UnmappedResource) -> String {
        let line = JSONPrinter.compact(.object(JSONObject([(unmapped.key, JSONValue.string("python3 handler.py"))])))
        return unmapped.summary + " Map it to a local command with --resources FILE, a JSON file with a line like "
            + "\(line), or answer the state from --mock-config FILE --test-case NAME."
    }
}
