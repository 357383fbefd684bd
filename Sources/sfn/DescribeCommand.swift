import SFNCore
import SFNJSON

/// `sfn describe NAME [--json]`: DescribeExecution over the store.
enum DescribeCommand {
    static let usage = """
        Usage: sfn describe NAME [--json] [--store PATH]

        Shows one recorded execution: its ARNs, status, dates, input, output or error and cause,
        and redrive count. NAME is the execution's name, a prefix that only it has, or its ARN.

        Options:
          --json, --format json  DescribeExecution's response
          --store PATH           The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help             Show this help


        Examples:
          sfn describe NAME --json

        Exit status: 0, or 2 for bad usage, an unknown or ambiguous NAME, or an unreadable store.
        """

    static func main(_ argv: [String]) -> Int32 {
        guard let args = StoreCommands.arguments(argv, command: "describe", usage: usage) else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard let json = StoreCommands.wantsJSON(args, command: "describe"),
            let store = StoreCommands.open(args, command: "describe"),
            let record = StoreCommands.resolve(store, args, command: "describe", usage: usage)
        else { return 2 }
        let response = StoreCommands.describe(record)
        if json {
            Console.outJSON(response, pretty: true)
            return 0
        }
        var lines: [(String, String)] = [
            ("name", record.name), ("status", StoreCommands.statusText(record)),
            ("state machine", record.stateMachineName), ("execution ARN", record.executionArn),
            ("started", ExecutionRecord.isoDate(record.startDate)),
        ]
        if let stop = record.stopDate {
            lines.append(("stopped", ExecutionRecord.isoDate(stop)))
            lines.append(("duration", StoreCommands.duration(stop - record.startDate)))
        } else if record.ownerPid > 0 {
            lines.append(("process", "\(record.ownerPid)" + (record.ownerIsAlive ? "" : " (gone)")))
        }
        lines.append(("input", JSONPrinter.compact(record.input)))
        if let output = record.output { lines.append(("output", JSONPrinter.compact(output))) }
        if let error = record.error { lines.append(("error", error)) }
        if let cause = record.cause { lines.append(("cause", cause)) }
        lines.append(("redrive count", "\(record.redriveCount)"))
        lines.append(("definition", String(record.definitionHash.prefix(12))))
        let width = lines.map(\.0.count).max() ?? 0
        for (key, value) in lines {
            Console.out(key.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
        }
        return 0
    }
}
