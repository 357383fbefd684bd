/// The one exit-status table (issue 15, decisions.md) and the command names, shared by the
/// help texts, the "did you mean" of an unknown command and the tests that compare them.
extension Usage {
    static let commands = [
        "run", "test", "validate", "export", "graph", "executions", "describe", "history", "stop", "prune", "redrive",
        "test-state", "eval", "mock-config", "serve", "help", "version", "--help", "--version",
    ]

    /// Every command's exit statuses, as the main help and docs/cli.md print them.
    static let exitStatus = """
        Exit status:
          0  success
          1  a failed execution, failed test cases, or (sfn validate) an invalid definition
          2  bad usage, unreadable input, or a definition a command that runs it cannot load
        """
}
