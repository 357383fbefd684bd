import SFNJSON

/// A redriven Distributed Map redrives its Map Run, as AWS does: the run keeps its ARN and counts
/// the redrive, children that SUCCEEDED keep their recorded outputs and do not run, children that
/// failed, timed out, were aborted or were left RUNNING by a killed process are redriven (each
/// history goes on after an ExecutionRedriven event, from the state that did not finish; EXPRESS
/// children from their first state, as AWS starts them again), and items that never got a child run
/// for the first time. Results, and ResultWriter files, hold them all.
struct MapRunResume {
    let mapRunArn: String
    /// The Map Run's record before this redrive (nil when none was saved).
    let previous: MapRunRecord?
    /// The recorded children by index.
    let children: [Int: ExecutionRecord]
    let source: any MapRunRedriveSource
    /// EXPRESS children run again from their start.
    var restartsChildren = false
}

/// One child execution of a window to run: fresh, or redriven from its recorded history.
struct ChildJob: Sendable {
    let index: Int
    let input: JSONValue
    let seed: ExecutorSeed
    let plan: RedrivePlan?
}

extension Executor {
    /// The Map Run this Map redrives: only in the entry a redrive restarted, when the plan found its
    /// run and the recorder can read it back.
    func mapRunResume(_ run: StateRun, childPrefix: (String) -> String) -> MapRunResume? {
        guard let seeds = redriveSeeds, seeds.enteredEventId == run.enteredEventId, let arn = seeds.mapRunArn,
            let source = options.mapRuns as? any MapRunRedriveSource,
            let children = source.recordedChildren(childPrefix: childPrefix(arn))
        else { return nil }
        return MapRunResume(
            mapRunArn: arn, previous: source.recordedMapRun(arn), children: children, source: source)
    }

    /// The Map Run's record as this redrive begins it: its first start kept, its redrive counted.
    static func redrivenMapRun(_ record: MapRunRecord, _ resume: MapRunResume, now: Double) -> MapRunRecord {
        var r = record
        if let previous = resume.previous {
            r.startDate = previous.startDate
            r.redriveCount = previous.redriveCount + 1
        } else {
            r.redriveCount = 1
        }
        r.redriveDate = now
        return r
    }

    /// One window of a redriven Map Run: recorded successes as they were, the others run (fresh
    /// ones through `fresh`, recorded ones redriven); outcomes in iteration order.
    static func runRedriveWindow(
        _ resume: MapRunResume, _ seed: ExecutorSeed, _ processor: StateGraph, inputs: [JSONValue], first: Int,
        workers: Int, _ clock: VirtualClock?, now: Double, fresh: (Int, JSONValue) -> ExecutorSeed
    ) async -> [BranchOutcome] {
        var outcomes: [BranchOutcome] = []
        var jobs: [ChildJob] = []
        for (k, input) in inputs.enumerated() {
            let index = first + k
            guard let child = resume.children[index] else {
                jobs.append(ChildJob(index: index, input: input, seed: fresh(index, input), plan: nil))
                continue
            }
            if child.status == .succeeded {
                outcomes.append(
                    BranchOutcome(
                        index: index, result: .success(child.output ?? .null), skippedMillis: 0, timedOut: false,
                        lastEventId: 0))
                continue
            }
            jobs.append(
                redriveJob(
                    child, resume.source, seed, processor, index: index, input: input, now: now,
                    restart: resume.restartsChildren))
        }
        outcomes += await runJobs(jobs, processor, workers: workers, clock)
        outcomes.sort { $0.index < $1.index }
        return outcomes
    }

    /// A recorded child that did not succeed, redriven: its record RUNNING again with RedriveCount up,
    /// its plan read from its history. A child whose history was never committed starts afresh.
    private static func redriveJob(
        _ child: ExecutionRecord, _ source: any MapRunRedriveSource, _ seed: ExecutorSeed, _ processor: StateGraph,
        index: Int, input: JSONValue, now: Double, restart: Bool
    ) -> ChildJob {
        let events = source.childHistory(child.executionArn)
        let recorded = RecordedExecution(input: child.input, events: events, name: child.name)
        let plan =
            restart
            ? try? RedrivePlan(restarting: recorded, graph: processor) : try? RedrivePlan(recorded, graph: processor)
        var record = child
        record.status = .running
        record.stopDate = nil
        record.output = nil
        record.error = nil
        record.cause = nil
        if plan != nil {
            record.redriveCount += 1
            record.redriveDate = now
        } else {
            record.startDate = now
        }
        var s = seed
        s.childObserver = source.redrivenChild(record)
        return ChildJob(index: index, input: plan == nil ? input : child.input, seed: s, plan: plan)
    }

    /// Child executions over `workers` tasks, each fresh or redriven.
    static func runJobs(_ jobs: [ChildJob], _ processor: StateGraph, workers: Int, _ clock: VirtualClock?) async
        -> [BranchOutcome]
    {
        @Sendable func run(_ job: ChildJob) async -> BranchOutcome {
            guard let plan = job.plan else {
                return await runSeeded(job.seed, processor, input: job.input, index: job.index)
            }
            return await runChildRedrive(job.seed, processor, plan, index: job.index)
        }
        if workers <= 1 || jobs.count <= 1 {
            var outcomes: [BranchOutcome] = []
            for job in jobs { outcomes.append(await run(job)) }
            return outcomes
        }
        let queue = WorkQueue(count: jobs.count)
        let n = min(workers, jobs.count)
        var outcomes: [BranchOutcome] = []
        outcomes.reserveCapacity(jobs.count)
        await withTaskGroup(of: [BranchOutcome].self) { group in
            let share = ClockShare.make(clock, children: n)
            for _ in 0..<n {
                group.addTask {
                    var mine: [BranchOutcome] = []
                    while let k = queue.next() { mine.append(await run(jobs[k])) }
                    return mine
                }
            }
            for await mine in group {
                share?.processed()
                outcomes.append(contentsOf: mine)
            }
        }
        return outcomes
    }

    /// A child execution redriven as RedriveExecution redrives a Standard execution: after its
    /// recorded events, from the state that did not finish.
    static func runChildRedrive(_ seed: ExecutorSeed, _ processor: StateGraph, _ plan: RedrivePlan, index: Int) async
        -> BranchOutcome
    {
        let child = Executor(seed: seed, chain: 0)
        let result = await child.runRedrive(plan, graph: processor)
        let outcome: Result<JSONValue, StatesError> =
            result.status == .succeeded
            ? .success(result.output ?? .null)
            : .failure(
                StatesError(
                    result.status == .aborted
                        ? StatesErrorName.cancelled : StatesErrorName(result.error ?? "States.Runtime"),
                    result.cause))
        return BranchOutcome(
            index: index, result: outcome, skippedMillis: child.skippedMillis, timedOut: child.timedOut,
            lastEventId: child.chain)
    }
}
