import SFNCore
import SFNJSON
import Synchronization

/// ListMapRuns and DescribeMapRun over the Map Runs the store keeps (`MapRunStore`): a
/// Distributed Map of an execution the server runs, or of a `sfn run` on the same store.
extension StepFunctionsService {
    /// The store's Map Runs, when it keeps them.
    var mapRunStore: (any ExecutionStore & MapRunStore)? { store as? any ExecutionStore & MapRunStore }

    /// Records the Distributed Maps of an execution of `m` as Map Runs with child executions.
    func recordMapRuns(_ m: Machine, into options: inout ExecutionOptions) {
        guard let runs = mapRunStore else { return }
        let (definition, hash) = (m.definition, m.definitionHash)
        options.mapRuns = FirstUseMapRunRecorder {
            StoreMapRunRecorder(store: runs, definition: definition, definitionHash: hash)
        }
    }

    func listMapRuns(_ r: APIRequest) throws(APIError) -> JSONValue {
        let execution = try record(r)
        let page = try r.page()
        let runs = try storeCall { () throws(ExecutionStoreError) -> [MapRunRecord] in
            try mapRunStore?.listMapRuns(executionArn: execution.executionArn) ?? []
        }
        let items = runs.sorted { $0.startDate > $1.startDate }.map { run -> JSONValue in
            var o = JSONObject()
            o.append("executionArn", .string(run.executionArn))
            o.append("mapRunArn", .string(run.mapRunArn))
            o.append("stateMachineArn", .string(run.stateMachineArn))
            o.append("startDate", Self.seconds(run.startDate))
            if let stop = run.stopDate { o.append("stopDate", Self.seconds(stop)) }
            return .object(o)
        }
        var o = JSONObject()
        o.appendPage("mapRuns", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    func describeMapRun(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("mapRunArn")
        guard arn.hasPrefix("arn:aws:states:"), arn.contains(":mapRun:") else { throw APIError.invalidArn(arn) }
        let found = try storeCall { () throws(ExecutionStoreError) -> MapRunRecord? in
            try mapRunStore?.describeMapRun(arn)
        }
        guard let run = found else {
            throw APIError("ResourceNotFound", "Resource not found: '\(arn)'")
        }
        var o = JSONObject()
        o.append("mapRunArn", .string(run.mapRunArn))
        o.append("executionArn", .string(run.executionArn))
        o.append("status", .string(run.status.rawValue))
        o.append("startDate", Self.seconds(run.startDate))
        if let stop = run.stopDate { o.append("stopDate", Self.seconds(stop)) }
        o.append("maxConcurrency", .int(run.maxConcurrency))
        o.append("toleratedFailurePercentage", .double(run.toleratedFailurePercentage))
        o.append("toleratedFailureCount", .int(run.toleratedFailureCount))
        o.append("itemCounts", run.itemCounts.json)
        o.append("executionCounts", run.executionCounts.json)
        o.append("redriveCount", .int(run.redriveCount))
        if let date = run.redriveDate { o.append("redriveDate", Self.seconds(date)) }
        return .object(o)
    }
}

/// A `StoreMapRunRecorder` made when a Distributed Map first starts: most executions have none,
/// and making one (its group committer) for each StartExecution would cost the server's rate.
final class FirstUseMapRunRecorder: MapRunRecorder {
    private let make: @Sendable () -> StoreMapRunRecorder
    private let made = Mutex<StoreMapRunRecorder?>(nil)

    init(_ make: @escaping @Sendable () -> StoreMapRunRecorder) { self.make = make }

    private var recorder: StoreMapRunRecorder {
        made.withLock { made in
            if let made { return made }
            let recorder = make()
            made = recorder
            return recorder
        }
    }

    func mapRun(_ record: MapRunRecord) { recorder.mapRun(record) }

    func childExecution(_ record: ExecutionRecord) -> (any ExecutionObserver)? { recorder.childExecution(record) }

    func flush() { made.withLock { $0 }?.flush() }
}
