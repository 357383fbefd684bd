/// Help text of `sfn serve`.
extension Usage {
    static let serve = """
        Usage: sfn serve [--host 127.0.0.1] [--port 8083] [--store PATH] [--mock-config FILE]
                         [--resources FILE] [--policies FILE] [--region R] [--account ID]
                         [--activity-poll SECONDS] [--max-payload SIZE]

        Serves the AWS Step Functions API (AWS JSON 1.0, as the SDKs and the AWS CLI call it) on
        http://HOST:PORT, over the same store as `sfn executions` and `sfn history`. Point a client
        at it with --endpoint-url http://127.0.0.1:8083.

        Options:
          --host H          Address to listen on (default 127.0.0.1: loopback only). The API has
                            no authentication: any other address lets anyone who reaches it run
                            state machines and their Task resources.
          --port N          Port (default 8083, Step Functions Local's; 0 picks a free one, printed)
          --store PATH      The execution store (default: $SFN_STORE, else .sfn/sfn.db)
          --mock-config F   Step Functions Local's mock config (default: $SFN_MOCK_CONFIG); start an
                            execution of 'stateMachineArn#TestCaseName' to use a test case
          --resources F     Task resources as `sfn run --resources` takes them
          --policies F      Role ARNs mapped to IAM policies: a state machine's roleArn picks
                            the policy its Tasks are authorised against (docs/security.md)
          --region R        Region in ARNs (default: $AWS_DEFAULT_REGION, else us-east-1)
          --account ID      Account in ARNs (default: $AWS_ACCOUNT_ID, else 123456789012)
          --activity-poll S How long GetActivityTask waits for a task before it answers without
                            one (default 60, AWS's)
          --max-payload SIZE  Executions fail a state that produces a value larger than SIZE
                            with States.DataLimitExceeded (default a quarter of the memory)

        The first line on standard output names the address, with the port actually bound.
        State machines, versions, aliases, activities and tags are kept in the store: a server
        restarted on it serves them again.

        Examples:
          sfn serve
          sfn serve --port 0 --store /tmp/ci.db
          sfn serve --mock-config MockConfigFile.json --resources resources.json

        Exit status: it runs until SIGINT or SIGTERM ends it (the shell reports 130 or 143); 2 bad
        usage, a store that cannot be opened or an address that cannot be bound.
        """
}
