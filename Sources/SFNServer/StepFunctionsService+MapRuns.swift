import SFNCore
import SFNJSON

/// ListMapRuns and DescribeMapRun over the Map Runs the store keeps (`MapRunStore`): a
/// Distributed Map of an execution the server runs, or of a `sfn run` on the same store.
extension StepFunctionsService {
    /// The store's Map Runs, when it keeps them.
    var mapRunStore: (any ExecutionStore & MapRunStore)? { store as? any ExecutionStore & MapRunStore }

    /// Records the Distributed Maps of an execution of `m` as Map Runs with child executions.
    func recordMapRuns(_ m: Machine, into options: inout ExecutionOptions) {
        guard let runs = mapRunStore else { return }
        options.mapRuns = StoreMapRunRecorder(store: runs, definition: m.definition, definitionHash: m.definitionHash)
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
        o.append("redriveCount", .int(0))
        return .object(o)
    }
}
