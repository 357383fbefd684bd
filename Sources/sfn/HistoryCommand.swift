import Foundation
import SFNCore
import SFNJSON
import SFNStore

/// `sfn history NAME [--json] [--follow]`: GetExecutionHistory over the store.
enum HistoryCommand {
    static let usage = """
        Usage: sfn history NAME [--json] [--follow] [--store PATH]

        Prints the history events of one recorded execution: id, time since the start, type,
        state and a short detail, with what task commands wrote to stderr (type "stderr") after the
        event their task started with. NAME is the execution's name, a prefix that only it has, or
        its ARN.

        Options:
          --json, --format json  GetExecutionHistory's response: {"events": [...]}, each event with
                                 timestamp, type, id, previousEventId and its ...EventDetails
          --follow               Keep printing events as they are recorded until the execution
                                 ends (with --json: one event per line)
          --store PATH           The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help             Show this help


        Examples:
          sfn history NAME --follow

        Exit status: 0, or 2 for bad usage, an unknown or ambiguous NAME, or an unreadable store.
        """

    static func main(_ argv: [String]) async -> Int32 {
        guard let args = StoreCommands.arguments(argv, command: "history", usage: usage, flags: ["--follow"]) else {
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard let json = StoreCommands.wantsJSON(args, command: "history"),
            let store = StoreCommands.open(args, command: "history"),
            var record = StoreCommands.resolve(store, args, command: "history", usage: usage)
        else { return 2 }
        let follow = args.has("--follow")
        var printer = Printer(json: json, follow: follow)
        var last = 0
        while true {
            let events: [HistoryEvent]
            // Stderr lines are no history events: the text table shows them, JSON never does.
            var stderr: [TaskStderrLine] = []
            do throws(ExecutionStoreError) {
                events = try store.history(record.executionArn, afterId: last)
                if !json { stderr = try store.taskStderr(record.executionArn) }
                record = try store.describeExecution(record.executionArn) ?? record
            } catch {
                Console.error("sfn history: \(error)")
                return 2
            }
            printer.print(events, stderr: stderr)
            last = events.last?.id ?? last
            guard follow, record.status == .running, record.ownerIsAlive else { break }
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        printer.end()
        if follow && record.status == .running {
            Console.error("sfn history: the execution is RUNNING but no process runs it any more (killed?)")
        }
        return 0
    }

    /// Prints events as they come: the table (header once), or JSON.
    struct Printer {
        let json: Bool
        let follow: Bool
        var all: [JSONValue] = []
        var start: Double?
        var headerDone = false
        /// The state each event belongs to, found through its previous event for those whose
        /// details name none (task and iteration events).
        var stateOf: [Int: String] = [:]
        /// How many of the execution's stderr lines are printed, and the last event printed.
        var stderrPrinted = 0
        var lastEventId = 0

        init(json: Bool, follow: Bool) {
            self.json = json
            self.follow = follow
        }

        mutating func print(_ events: [HistoryEvent], stderr: [TaskStderrLine] = []) {
            if json {
                if follow {
                    for e in events { Console.out(JSONPrinter.compact(e.json)) }
                } else {
                    all += events.map(\.json)
                }
                return
            }
            var rows: [[String]] = []
            // Each line after the event it follows, in the order the lines came.
            func stderrRows(upTo id: Int) {
                while stderrPrinted < stderr.count, stderr[stderrPrinted].eventId <= id {
                    let line = stderr[stderrPrinted]
                    rows.append(["", "", "stderr", line.stateName, line.text])
                    stderrPrinted += 1
                }
            }
            stderrRows(upTo: lastEventId)
            for e in events {
                if start == nil { start = e.timestamp }
                // Execution events belong to no state, even when they follow one.
                let inherited = e.type.rawValue.hasPrefix("Execution") ? nil : stateOf[e.previousEventId]
                let state = e.stateName ?? inherited ?? ""
                if !state.isEmpty { stateOf[e.id] = state }
                let offset = String(format: "+%.3fs", (e.timestamp - (start ?? e.timestamp)) / 1000)
                rows.append([String(e.id), offset, e.type.rawValue, state, HistoryCommand.detail(e)])
                lastEventId = e.id
                stderrRows(upTo: e.id)
            }
            if !follow { stderrRows(upTo: .max) }
            guard !rows.isEmpty else { return }
            // While following, columns are fixed so that rows printed later line up.
            if follow {
                if !headerDone { Console.out(Self.fixed(["ID", "TIME", "TYPE", "STATE", "DETAIL"])) }
                for row in rows { Console.out(Self.fixed(row)) }
            } else {
                Console.out(StoreCommands.table(["ID", "TIME", "TYPE", "STATE", "DETAIL"], rows))
            }
            headerDone = true
        }

        func end() {
            if json && !follow { Console.outJSON(["events": .array(all)], pretty: true) }
        }

        static func fixed(_ cells: [String]) -> String {
            let widths = [5, 10, 26, 20]
            var out = ""
            for (i, cell) in cells.enumerated() {
                out +=
                    i < widths.count
                    ? cell.padding(toLength: max(widths[i], cell.count + 2), withPad: " ", startingAt: 0) : cell
            }
            return out
        }
    }

    /// One short line about what the event carries.
    static func detail(_ e: HistoryEvent) -> String {
        func short(_ text: String) -> String { text.count > 60 ? String(text.prefix(57)) + "..." : text }
        func failure(_ error: StatesErrorName?, _ cause: String?) -> String {
            short([error?.rawValue, cause].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": "))
        }
        switch e.details {
        case .none: return ""
        case .executionStarted(let input, _): return "input " + short(JSONPrinter.compact(input))
        case .stateEntered(_, let input): return "input " + short(JSONPrinter.compact(input))
        case .executionSucceeded(let output), .stateExited(_, let output, _), .lambdaFunctionSucceeded(let output):
            return "output " + short(JSONPrinter.compact(output))
        case .executionEnded(let error, let cause), .mapRunFailed(let error, let cause):
            return failure(error, cause)
        case .lambdaFunctionFailed(let error, let cause), .taskFailed(_, let error, let cause):
            return failure(error, cause)
        case .evaluationFailed(let error, let cause, _, _): return failure(error, cause)
        case .taskScheduled(let task, _, _, _, _), .taskStarted(let task):
            return short(task.resourceType + (task.resource.isEmpty ? "" : ":" + task.resource))
        case .taskOutput(_, let output): return output.map { "output " + short(JSONPrinter.compact($0)) } ?? ""
        case .lambdaFunctionScheduled(let resource, _, _): return short(resource)
        case .mapStateStarted(let length): return "\(length) items"
        case .mapIteration(_, let index): return "index \(index)"
        case .mapRunStarted(let arn): return short(arn)
        case .executionRedriven(let count): return "redrive \(count)"
        }
    }
}
