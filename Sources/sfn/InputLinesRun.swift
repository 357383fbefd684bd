import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn run DEFINITION --input-lines FILE|- [--jobs N]`: one execution per JSON line, N at a
/// time, one result line per input line in input order; a failing execution never stops the
/// others. With the store on, each is a recorded execution.
enum InputLinesRun {
    static let values: Set<String> = ["--input-lines", "--jobs"]
    /// Lines handed to a worker at once: ordered output is flushed a chunk at a time.
    static let chunkSize = 256

    /// The options `sfn run` gives one execution, for every line's.
    static func start(_ machine: StateMachine, args: Arguments, source: DefinitionSource, file: String) async -> Int32 {
        var options = ExecutionOptions()
        guard var tasks = RunCommand.taskDispatcher(args, states: DefinitionStates.names(in: source.definition)) else {
            return 2
        }
        tasks.shellWorkingDirectory = RunLimits.shellDirectory(forDefinition: file)
        options.tasks = tasks
        options.skipWaits = args.has("--no-wait")
        options.awsLimits = args.has("--aws-limits")
        guard PayloadLimitOption.apply(args, to: &options, command: "run") else { return 2 }
        if TaskStderrEcho.wanted(args) { options.observers.append(TaskStderrEcho()) }
        options.executionName = args.values["--name"]
        if let root = args.values["--s3-root"] { options.s3Root = root }
        if let text = args.values["--max-events"] {
            guard let n = Int(text), n >= 0 else {
                Console.error("sfn run: --max-events takes a whole number, not '\(text)'")
                return 2
            }
            options.maxHistoryEvents = n
        }
        let name =
            args.values["--state-machine"] ?? args.values["--state-machine-name"] ?? source.stateMachineName
            ?? RunRecording.stem(file)
        if let problem = ExecutionOptions.nameProblem(name) {
            Console.error("sfn run: the state machine name '\(name)' is invalid: \(problem)")
            return 2
        }
        return await main(
            machine, args: args, machineName: name, definition: JSONPrinter.pretty(source.definition), options: options)
    }

    static func main(
        _ machine: StateMachine, args: Arguments, machineName: String, definition: String,
        options base: ExecutionOptions
    ) async -> Int32 {
        guard let path = args.values["--input-lines"] else { return 2 }
        var jobs = 4 * ProcessInfo.processInfo.activeProcessorCount
        if let text = args.values["--jobs"] {
            guard let n = Int(text), n >= 1 else {
                Console.error("sfn run: --jobs: expected a whole number of at least 1, got '\(text)'")
                return 2
            }
            jobs = n
        }
        let read = path == "-" ? Console.readStandardInput() : Console.readFile(path)
        let text: String
        switch read {
        case .success(let t): text = t
        case .failure(let m):
            Console.error("sfn: \(m)")
            return 2
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var options = base
        options.stateMachineName = machineName

        var store: SQLiteExecutionStore?
        var machineArn = ""
        if !args.has("--no-store") {
            let storePath = RunRecording.storePath(args)
            do throws(ExecutionStoreError) {
                let s = try SQLiteExecutionStore(path: storePath)
                machineArn = try s.stateMachine(named: machineName, creatingWith: definition).stateMachineArn
                store = s
            } catch {
                Console.error("sfn: warning: running without the store: \(error)")
            }
        }
        let batch = Batch(
            machine: machine, lines: lines, options: options, prefix: options.executionName, store: store,
            machineArn: machineArn, definition: definition,
            progress: isatty(STDERR_FILENO) != 0 && !args.has("--quiet") && !args.has("-q"))
        let started = ExecutionOptions.systemNowMillis()
        await batch.run(jobs: jobs)
        batch.committer?.close()
        let seconds = (ExecutionOptions.systemNowMillis() - started) / 1000
        let counts = batch.counts.withLock { $0 }
        let rate = seconds > 0 ? Int(Double(lines.count) / seconds) : lines.count
        var summary = "sfn run: \(lines.count) executions in \(String(format: "%.2f", seconds)) s (\(rate)/s):"
        for (status, n) in counts.sorted(by: { $0.key < $1.key }) { summary += " \(n) \(status)" }
        if batch.progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        Console.error(summary)
        return counts.keys.allSatisfy { $0 == "SUCCEEDED" } ? 0 : 1
    }
}

/// The executions of one `--input-lines` run: workers take chunks of lines; finished chunks are
/// written in input order.
final class Batch: Sendable {
    let machine: StateMachine
    let lines: [Substring]
    let options: ExecutionOptions
    let prefix: String?
    nonisolated(unsafe) let store: SQLiteExecutionStore?
    /// Every execution's writes, grouped into one transaction per flush.
    let committer: GroupCommitter?
    let machineArn: String
    let definition: String
    let definitionHash: String
    let progress: Bool
    let next = Atomic<Int>(0)
    let counts = Mutex<[String: Int]>([:])
    /// Finished chunks waiting for the ones before them, and the next chunk to write.
    let pending = Mutex<(chunks: [Int: [UInt8]], nextToWrite: Int, done: Int)>(([:], 0, 0))

    init(
        machine: StateMachine, lines: [Substring], options: ExecutionOptions, prefix: String?,
        store: SQLiteExecutionStore?, machineArn: String, definition: String, progress: Bool
    ) {
        self.machine = machine
        self.lines = lines
        self.options = options
        self.prefix = prefix
        self.store = store
        self.committer = store.map {
            GroupCommitter(store: $0) { arn, error in
                Console.error(
                    "sfn: warning: the store did not record \(arn.isEmpty ? "the executions" : arn): \(error)")
            }
        }
        self.machineArn = machineArn
        self.definition = definition
        self.definitionHash = SQLiteExecutionStore.hash(definition)
        self.progress = progress
    }

    func run(jobs: Int) async {
        let chunks = (lines.count + InputLinesRun.chunkSize - 1) / InputLinesRun.chunkSize
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(jobs, max(chunks, 1)) {
                group.addTask {
                    while true {
                        let chunk = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if chunk >= chunks { return }
                        await self.runChunk(chunk)
                    }
                }
            }
        }
    }

    private func runChunk(_ chunk: Int) async {
        let start = chunk * InputLinesRun.chunkSize
        let end = min(lines.count, start + InputLinesRun.chunkSize)
        var out: [UInt8] = []
        var local: [String: Int] = [:]
        // Names given by --name may be taken already: one query for the chunk, not one per line.
        var taken: Set<String> = []
        if let store, prefix != nil {
            let arns = (start..<end).map { options.executionArn(name: name(line: $0)) }
            taken = (try? store.existingExecutions(arns)) ?? []
        }
        for i in start..<end {
            let line = await runLine(i, taken: taken)
            local[line.status, default: 0] += 1
            JSONPrinter.write(line.json, into: &out, indent: nil)
            out.append(UInt8(ascii: "\n"))
        }
        counts.withLock { c in for (k, v) in local { c[k, default: 0] += v } }
        deliver(chunk, out, lines: end - start)
    }

    /// One line's execution and its result line.
    private func name(line i: Int) -> String { prefix.map { "\($0)-\(i + 1)" } ?? uuid(line: i) }

    private func runLine(_ i: Int, taken: Set<String>) async -> (status: String, json: JSONValue) {
        let name = name(line: i)
        var o = JSONObject(minimumCapacity: 4)
        o.append("name", .string(name))
        let input: JSONValue
        do {
            input = try JSONParser.parse(String(lines[i]))
        } catch {
            o.append("status", "FAILED")
            o.append("error", "States.Runtime")
            o.append("cause", .string("line \(i + 1):\(error.column): the input is not valid JSON: \(error.message)"))
            return ("FAILED", .object(o))
        }
        var options = self.options
        if options.awsLimits, let problem = RunLimits.inputProblem(input, source: "line \(i + 1)") {
            o.append("status", "FAILED")
            o.append("error", "States.DataLimitExceeded")
            o.append("cause", .string(problem))
            return ("FAILED", .object(o))
        }
        if let problem = PayloadLimitOption.inputProblem(input, cap: options.maxPayloadBytes, source: "line \(i + 1)") {
            o.append("status", "FAILED")
            o.append("error", "States.DataLimitExceeded")
            o.append("cause", .string(problem))
            return ("FAILED", .object(o))
        }
        options.executionName = name
        if let committer {
            let arn = options.executionArn(name: name)
            if taken.contains(arn) {
                o.append("status", "FAILED")
                o.append("error", "States.Runtime")
                o.append(
                    "cause",
                    .string("line \(i + 1): the store refused the execution: Execution Already Exists: '\(arn)'"))
                return ("FAILED", .object(o))
            }
            let record = ExecutionRecord(
                executionArn: arn, stateMachineArn: machineArn,
                stateMachineName: options.stateMachineName, name: name, startDate: ExecutionOptions.systemNowMillis(),
                input: input, definitionHash: definitionHash)
            options.observers.append(GroupRecorder(committer: committer, record: record, definition: definition))
        }
        let result = await machine.run(input: input, options: options)
        let status = result.status.rawValue
        o.append("status", .string(status))
        if result.status == .succeeded {
            o.append("output", result.output ?? .null)
        } else {
            o.append("error", result.error.map(JSONValue.string) ?? .null)
            o.append("cause", result.cause.map(JSONValue.string) ?? .null)
        }
        return (status, .object(o))
    }

    /// A version-4 UUID for line `i`'s execution: the batch's random seed and a bijective mix of the
    /// line number, so the names are unique within the run without a system call per line.
    let seed = UInt64.random(in: .min ... .max)
    private func uuid(line i: Int) -> String {
        var z = UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let high = (seed & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (z & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        var bytes = [UInt8](repeating: 0, count: 36)
        let hex = Array("0123456789abcdef".utf8)
        var k = 0
        for (word, shift) in [(high, 60), (low, 60)] {
            var sh = shift
            while sh >= 0 {
                if k == 8 || k == 13 || k == 18 || k == 23 {
                    bytes[k] = UInt8(ascii: "-")
                    k += 1
                }
                bytes[k] = hex[Int((word >> UInt64(sh)) & 0xF)]
                k += 1
                sh -= 4
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes every chunk that is next in order; a later chunk waits for the earlier ones.
    private func deliver(_ chunk: Int, _ bytes: [UInt8], lines: Int) {
        pending.withLock { p in
            p.chunks[chunk] = bytes
            p.done += lines
            while let ready = p.chunks.removeValue(forKey: p.nextToWrite) {
                Self.writeAll(STDOUT_FILENO, ready)
                p.nextToWrite += 1
            }
            if progress {
                Self.writeAll(STDERR_FILENO, Array("\r\(p.done)/\(self.lines.count) executions".utf8))
            }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { Console.writeAll(fd, $0) }
    }
}
