import Foundation
import SFNCore
import SFNJSON
import SFNStore

/// `sfn stop NAME [--error E] [--cause C]`: StopExecution over the store.
enum StopCommand {
    static let usage = """
        Usage: sfn stop NAME [--error ERROR] [--cause CAUSE] [--json] [--store PATH]

        Stops a RUNNING execution as StopExecution does: it ends ABORTED with an ExecutionAborted
        event carrying ERROR and CAUSE, and its running commands are killed. The sfn process that
        runs it sees the request within 100 ms; an execution whose process is gone (killed) is
        closed in the store directly. NAME is the execution's name, a prefix that only it has, or
        its ARN.

        Options:
          --error ERROR  The error code of the stop (at most 256 characters)
          --cause CAUSE  Why it was stopped (at most 32768 characters)
          --json         StopExecution's response: {"stopDate": ...}
          --store PATH   The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help     Show this help


        Examples:
          sfn stop NAME --error Operator.Abort --cause 'stopped by hand'

        Exit status: 0 stopped, 1 the running process did not stop it within 10 seconds, 2 bad
        usage, an unknown or ambiguous NAME, an execution that is not running, or an unreadable store.
        """

    static func main(_ argv: [String]) async -> Int32 {
        guard
            let args = StoreCommands.arguments(argv, command: "stop", usage: usage, values: ["--error", "--cause"])
        else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        let error = args.values["--error"]
        let cause = args.values["--cause"]
        if (error?.count ?? 0) > 256 || (cause?.count ?? 0) > 32768 {
            Console.error("sfn stop: --error is at most 256 characters and --cause at most 32768, as AWS allows")
            return 2
        }
        guard let json = StoreCommands.wantsJSON(args, command: "stop"),
            let store = StoreCommands.open(args, command: "stop"),
            let record = StoreCommands.resolve(store, args, command: "stop", usage: usage)
        else { return 2 }
        guard record.status == .running else {
            Console.error(
                "sfn stop: execution '\(record.name)' is \(record.status.rawValue), not RUNNING: nothing to stop")
            return 2
        }
        do throws(ExecutionStoreError) {
            let closed: ExecutionRecord
            if record.ownerIsAlive {
                try store.requestStop(record.executionArn, error: error, cause: cause)
                guard let done = try waitUntilClosed(store, record.executionArn) else {
                    Console.error(
                        "sfn stop: asked process \(record.ownerPid) to stop '\(record.name)'; it has not within 10 s")
                    return 1
                }
                closed = done
            } else {
                closed = try abortOrphan(store, record, error: error, cause: cause)
            }
            let stopDate = ExecutionRecord.isoDate(closed.stopDate ?? ExecutionOptions.systemNowMillis())
            if json {
                Console.outJSON(["stopDate": .string(stopDate)], pretty: true)
            } else {
                Console.out("Stopped '\(closed.name)': \(closed.status.rawValue) at \(stopDate).")
            }
            return 0
        } catch {
            Console.error("sfn stop: \(error)")
            return 2
        }
    }

    private static func waitUntilClosed(_ store: SQLiteExecutionStore, _ arn: String) throws(ExecutionStoreError)
        -> ExecutionRecord?
    {
        for _ in 0..<200 {
            if let r = try store.describeExecution(arn), r.status != .running { return r }
            usleep(50_000)
        }
        return nil
    }

    /// Closes an execution whose process is gone: the ExecutionAborted event after its last one,
    /// and the record ABORTED.
    private static func abortOrphan(
        _ store: SQLiteExecutionStore, _ record: ExecutionRecord, error: String?, cause: String?
    ) throws(ExecutionStoreError) -> ExecutionRecord {
        let last = try store.history(record.executionArn).last
        let now = ExecutionOptions.systemNowMillis()
        let event = HistoryEvent(
            id: (last?.id ?? 0) + 1, previousEventId: last?.id ?? 0, timestamp: now, type: .executionAborted,
            details: .executionEnded(error: error.map { StatesErrorName(rawValue: $0) }, cause: cause))
        try store.append([event], to: record.executionArn)
        var closed = record
        closed.status = .aborted
        closed.stopDate = now
        closed.error = error
        closed.cause = cause
        closed.ownerPid = 0
        try store.update(closed)
        return closed
    }
}
