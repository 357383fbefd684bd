import SFNCore
import SFNJSON

/// `sfn prune [--older-than 30d] [--status S]`: deletes closed executions from the store.
enum PruneCommand {
    static let usage = """
        Usage: sfn prune [--older-than AGE] [--status STATUS] [--store PATH]

        Deletes closed executions (and their events) from the store. RUNNING executions are
        never pruned. sfn run also prunes executions closed more than 90 days ago
        (--retention DAYS), as AWS keeps closed executions for 90 days.

        Options:
          --older-than AGE   Only executions that stopped more than AGE ago: 30d, 12h, 45m, 90s
                             or a number of days (default 0: every closed execution)
          --status STATUS    Only SUCCEEDED, FAILED, TIMED_OUT or ABORTED executions
          --store PATH       The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help         Show this help


        Examples:
          sfn prune --older-than 30d --status SUCCEEDED

        Exit status: 0, or 2 for bad usage or an unreadable store.
        """

    static func main(_ argv: [String]) -> Int32 {
        guard
            let args = StoreCommands.arguments(
                argv, command: "prune", usage: usage, values: ["--older-than", "--status"])
        else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.isEmpty else {
            Console.error("sfn prune: unexpected argument '\(args.positional[0])'\n\n\(usage)")
            return 2
        }
        var age = 0.0
        if let text = args.values["--older-than"] {
            guard let millis = parseAge(text) else {
                Console.error("sfn prune: --older-than takes an age such as 30d, 12h, 45m or 90s, not '\(text)'")
                return 2
            }
            age = millis
        }
        var status: ExecutionRecord.Status?
        if let s = args.values["--status"] {
            guard let st = ExecutionRecord.Status(rawValue: s.uppercased()), st != .running, st != .pendingRedrive
            else {
                Console.error("sfn prune: --status takes SUCCEEDED, FAILED, TIMED_OUT or ABORTED, not '\(s)'")
                return 2
            }
            status = st
        }
        guard let store = StoreCommands.open(args, command: "prune") else { return 2 }
        do throws(ExecutionStoreError) {
            let n = try store.prune(stoppedBefore: ExecutionOptions.systemNowMillis() - age, status: status)
            Console.out("Pruned \(n) execution\(n == 1 ? "" : "s") from '\(store.path)'.")
            return 0
        } catch {
            Console.error("sfn prune: \(error)")
            return 2
        }
    }

    /// An age in milliseconds: a number with s, m, h or d (days when no unit).
    static func parseAge(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        var number = Substring(text)
        var unit = 86_400_000.0
        if let last = text.last, let u = units[last] {
            unit = u
            number = number.dropLast()
        }
        guard let n = Double(number), n >= 0, n.isFinite else { return nil }
        return n * unit
    }
}
