import Foundation
import SFNCore
import SFNJSON
import SFNStore

/// What the store commands (`executions`, `describe`, `history`, `stop`, `prune`) share: opening
/// the store for reading, AWS's response shapes, and the text forms.
enum StoreCommands {
    /// Opens the store the options name. Never creates one: a missing file is reported (nil after
    /// printing why; the command exits 2).
    static func open(_ args: Arguments, command: String) -> SQLiteExecutionStore? {
        let path = RunRecording.storePath(args)
        guard FileManager.default.fileExists(atPath: path) else {
            Console.error("sfn \(command): no store at '\(path)': nothing was recorded there yet (--store PATH)")
            return nil
        }
        do throws(ExecutionStoreError) {
            return try SQLiteExecutionStore(path: path)
        } catch {
            Console.error("sfn \(command): \(error)")
            return nil
        }
    }

    /// Parses the command line; nil after printing the problem.
    static func arguments(
        _ argv: [String], command: String, usage: String, flags: Set<String> = [], values: Set<String> = []
    ) -> Arguments? {
        do {
            return try Arguments(
                argv, flags: flags.union(["--json", "--help", "-h"]), values: values.union(["--store", "--format"]))
        } catch {
            Console.error("sfn \(command): \(error)\n\n\(usage)")
            return nil
        }
    }

    /// Whether the output is JSON (`--json` or `--format json`); nil after printing a bad format.
    static func wantsJSON(_ args: Arguments, command: String) -> Bool? {
        switch args.values["--format"] {
        case nil: return args.has("--json")
        case "json": return true
        case "text": return args.has("--json")
        case let other?:
            Console.error("sfn \(command): --format takes text or json, not '\(other)'")
            return nil
        }
    }

    /// The status as shown: RUNNING executions whose process is gone say so.
    static func statusText(_ record: ExecutionRecord) -> String {
        if record.status == .running && !record.ownerIsAlive { return "RUNNING (no live process)" }
        return record.status.rawValue
    }

    /// ListExecutions' item.
    static func listItem(_ r: ExecutionRecord) -> JSONValue {
        var o = JSONObject()
        o.append("executionArn", .string(r.executionArn))
        o.append("stateMachineArn", .string(r.stateMachineArn))
        o.append("name", .string(r.name))
        o.append("status", .string(r.status.rawValue))
        o.append("startDate", .string(ExecutionRecord.isoDate(r.startDate)))
        if let stop = r.stopDate { o.append("stopDate", .string(ExecutionRecord.isoDate(stop))) }
        o.append("redriveCount", .int(r.redriveCount))
        if let date = r.redriveDate { o.append("redriveDate", .string(ExecutionRecord.isoDate(date))) }
        return .object(o)
    }

    /// DescribeExecution's response.
    static func describe(_ r: ExecutionRecord) -> JSONValue {
        var o = JSONObject()
        o.append("executionArn", .string(r.executionArn))
        o.append("stateMachineArn", .string(r.stateMachineArn))
        o.append("name", .string(r.name))
        o.append("status", .string(r.status.rawValue))
        o.append("startDate", .string(ExecutionRecord.isoDate(r.startDate)))
        if let stop = r.stopDate { o.append("stopDate", .string(ExecutionRecord.isoDate(stop))) }
        o.append("input", .string(JSONPrinter.compact(r.input)))
        o.append("inputDetails", ["included": true])
        if let output = r.output {
            o.append("output", .string(JSONPrinter.compact(output)))
            o.append("outputDetails", ["included": true])
        }
        if let error = r.error { o.append("error", .string(error)) }
        if let cause = r.cause { o.append("cause", .string(cause)) }
        o.append("redriveCount", .int(r.redriveCount))
        if let date = r.redriveDate { o.append("redriveDate", .string(ExecutionRecord.isoDate(date))) }
        switch r.status {
        case .succeeded:
            o.append("redriveStatus", "NOT_REDRIVABLE")
            o.append("redriveStatusReason", "Execution is SUCCEEDED and cannot be redriven")
        case .running, .pendingRedrive:
            if r.ownerIsAlive || r.status == .pendingRedrive {
                o.append("redriveStatus", "NOT_REDRIVABLE")
                o.append("redriveStatusReason", .string("Execution is \(r.status.rawValue) and cannot be redriven"))
            } else {
                o.append("redriveStatus", "REDRIVABLE")
            }
        default:
            o.append("redriveStatus", "REDRIVABLE")
        }
        return .object(o)
    }

    /// A duration in a few characters: `850ms`, `12.3s`, `4m05s`, `2h03m`.
    static func duration(_ millis: Double) -> String {
        let ms = max(0, millis)
        if ms < 1000 { return "\(Int(ms))ms" }
        if ms < 60_000 { return String(format: "%.1fs", ms / 1000) }
        let s = Int(ms / 1000)
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    /// Rows as left-aligned columns separated by two spaces.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                out += i == cells.count - 1 ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            return out
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// Resolves the one positional NAME of a command; nil after printing the problem.
    static func resolve(_ store: SQLiteExecutionStore, _ args: Arguments, command: String, usage: String)
        -> ExecutionRecord?
    {
        guard args.positional.count == 1, let name = args.positional.first else {
            Console.error(
                "sfn \(command): expected exactly one execution NAME (or a unique prefix, or its ARN)\n\n\(usage)")
            return nil
        }
        do throws(ExecutionStoreError) {
            return try store.resolveExecution(name)
        } catch {
            Console.error("sfn \(command): \(error)")
            return nil
        }
    }
}
