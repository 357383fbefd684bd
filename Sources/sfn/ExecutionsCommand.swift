import Foundation
import SFNCore
import SFNJSON

/// `sfn executions [--status S] [--limit N] [--state-machine NAME] [--json]`: ListExecutions over the store.
enum ExecutionsCommand {
    static let usage = """
        Usage: sfn executions [--status STATUS] [--limit N] [--state-machine NAME] [--json] [--store PATH]

        Lists the executions recorded in the store, newest first: name, status, state machine,
        start time and duration. A RUNNING execution whose process is gone (killed) shows as
        "RUNNING (no live process)".

        Options:
          --status STATUS       Only RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED executions
          --limit N             At most N executions
          --state-machine NAME  Only this state machine's executions
          --json, --format json ListExecutions' response: {"executions": [...]}
          --store PATH          The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help            Show this help


        Examples:
          sfn executions --status FAILED --limit 5

        Exit status: 0, or 2 for bad usage or an unreadable store.
        """

    static func main(_ argv: [String]) -> Int32 {
        guard
            let args = StoreCommands.arguments(
                argv, command: "executions", usage: usage,
                values: ["--status", "--limit", "--state-machine", "--state-machine-name"])
        else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard let json = StoreCommands.wantsJSON(args, command: "executions") else { return 2 }
        guard args.positional.isEmpty else {
            Console.error("sfn executions: unexpected argument '\(args.positional[0])'\n\n\(usage)")
            return 2
        }
        var filter = ExecutionFilter()
        if let s = args.values["--status"] {
            guard let status = ExecutionRecord.Status(rawValue: s.uppercased()) else {
                let all = ExecutionRecord.Status.allCases.map(\.rawValue).joined(separator: ", ")
                Console.error("sfn executions: --status takes one of \(all), not '\(s)'")
                return 2
            }
            filter.status = status
        }
        if let l = args.values["--limit"] {
            guard let limit = Int(l), limit > 0 else {
                Console.error("sfn executions: --limit takes a positive number, not '\(l)'")
                return 2
            }
            filter.limit = limit
        }
        filter.stateMachineName = args.values["--state-machine"] ?? args.values["--state-machine-name"]

        var records: [ExecutionRecord] = []
        // No store yet is an empty list, not an error.
        if FileManager.default.fileExists(atPath: RunRecording.storePath(args)) {
            guard let store = StoreCommands.open(args, command: "executions") else { return 2 }
            do throws(ExecutionStoreError) {
                records = try store.listExecutions(filter)
            } catch {
                Console.error("sfn executions: \(error)")
                return 2
            }
        }
        if json {
            Console.outJSON(["executions": .array(records.map(StoreCommands.listItem))], pretty: true)
            return 0
        }
        if records.isEmpty {
            Console.out("No executions recorded in '\(RunRecording.storePath(args))'.")
            return 0
        }
        let now = ExecutionOptions.systemNowMillis()
        let rows = records.map { r in
            [
                r.name, StoreCommands.statusText(r), r.stateMachineName, ExecutionRecord.isoDate(r.startDate),
                StoreCommands.duration((r.stopDate ?? now) - r.startDate),
            ]
        }
        Console.out(StoreCommands.table(["NAME", "STATUS", "STATE MACHINE", "START", "DURATION"], rows))
        return 0
    }
}
