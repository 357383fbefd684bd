import Foundation
import SFNCore
import SFNJSON

/// `sfn map-runs [EXECUTION | MAP_RUN_ARN] [--json]`: ListMapRuns over the store, or DescribeMapRun
/// of one Map Run.
enum MapRunsCommand {
    static let usage = """
        Usage: sfn map-runs [EXECUTION | MAP_RUN_ARN] [--json] [--store PATH]

        Lists the Map Runs (Distributed Map runs) recorded in the store: of one execution (its name,
        a unique prefix of it, or its ARN), or of all. Given a Map Run's ARN, shows that run as
        DescribeMapRun does: status, settings, and item and child execution counts by status.
        Each child execution is an execution of its own: `sfn describe` and `sfn history` take its
        name (RUN_ID-INDEX).

        Options:
          --json, --format json ListMapRuns' response ({"mapRuns": [...]}) or DescribeMapRun's
          --store PATH          The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help            Show this help


        Examples:
          sfn map-runs --json
          sfn map-runs EXECUTION_NAME
          sfn map-runs arn:aws:states:us-east-1:123456789012:mapRun:MACHINE_NAME/Rows:batch-1-2

        Exit status: 0, or 2 for bad usage, an unknown execution or Map Run, or an unreadable store.
        """

    static func main(_ argv: [String]) -> Int32 {
        guard let args = StoreCommands.arguments(argv, command: "map-runs", usage: usage, values: []) else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard let json = StoreCommands.wantsJSON(args, command: "map-runs") else { return 2 }
        guard args.positional.count <= 1 else {
            Console.error("sfn map-runs: unexpected argument '\(args.positional[1])'\n\n\(usage)")
            return 2
        }
        let target = args.positional.first
        // No store yet is an empty list, not an error.
        if target == nil && !FileManager.default.fileExists(atPath: RunRecording.storePath(args)) {
            if json {
                Console.outJSON(["mapRuns": .array([])], pretty: true)
            } else {
                Console.out("No Map Runs recorded.")
            }
            return 0
        }
        guard let store = StoreCommands.open(args, command: "map-runs") else { return 2 }
        do throws(ExecutionStoreError) {
            if let target, target.contains(":mapRun:") {
                guard let run = try store.describeMapRun(target) else {
                    Console.error("sfn map-runs: no Map Run '\(target)' in '\(RunRecording.storePath(args))'")
                    return 2
                }
                if json {
                    Console.outJSON(run.describeJSON, pretty: true)
                } else {
                    describe(run)
                }
                return 0
            }
            var executionArn: String?
            if let target { executionArn = try store.resolveExecution(target).executionArn }
            let runs = try store.listMapRuns(executionArn: executionArn)
            if json {
                Console.outJSON(["mapRuns": .array(runs.map(\.listJSON))], pretty: true)
                return 0
            }
            if runs.isEmpty {
                Console.out("No Map Runs recorded" + (target.map { " for '\($0)'." } ?? "."))
                return 0
            }
            for run in runs {
                let c = run.executionCounts
                Console.out(
                    "\(run.mapRunArn)  \(run.status.rawValue)  \(c.succeeded)/\(c.total) child executions succeeded"
                        + (c.failed > 0 ? ", \(c.failed) failed" : "")
                        + (run.redriveCount > 0 ? ", redriven \(run.redriveCount)x" : ""))
            }
            return 0
        } catch {
            Console.error("sfn map-runs: \(error)")
            return 2
        }
    }

    private static func describe(_ run: MapRunRecord) {
        var lines: [(String, String)] = [
            ("map run", run.mapRunArn), ("execution", run.executionArn), ("status", run.status.rawValue),
            ("started", ExecutionRecord.isoDate(run.startDate)),
        ]
        if let stop = run.stopDate { lines.append(("stopped", ExecutionRecord.isoDate(stop))) }
        if let date = run.redriveDate {
            lines.append(
                (
                    "redriven",
                    "\(run.redriveCount) time\(run.redriveCount == 1 ? "" : "s"), last \(ExecutionRecord.isoDate(date))"
                ))
        }
        lines.append(("max concurrency", run.maxConcurrency == 0 ? "no limit" : String(run.maxConcurrency)))
        lines.append(
            ("tolerated", "\(run.toleratedFailureCount) failures or \(run.toleratedFailurePercentage)%"))
        for (label, c) in [("items", run.itemCounts), ("executions", run.executionCounts)] {
            lines.append(
                (
                    label,
                    "\(c.total) total: \(c.succeeded) succeeded, \(c.failed) failed, \(c.running) running, "
                        + "\(c.aborted) aborted, \(c.resultsWritten) results written"
                ))
        }
        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines {
            Console.out(label + String(repeating: " ", count: width - label.count + 2) + value)
        }
    }
}
