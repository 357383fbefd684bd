import SFNCore
import SFNJSON
import SFNStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat (callback and activity tasks, through the
/// store's task tokens, so a token of a CLI run is answered here too), and the activities:
/// CreateActivity, DescribeActivity, ListActivities, DeleteActivity, GetActivityTask.
extension StepFunctionsService {
    // MARK: Task tokens

    /// The token of a SendTask* request: AWS's InvalidToken for one that no sfn could have issued
    /// (sfn's tokens are 64 hex digits), before the store is asked.
    func token(_ r: APIRequest) throws(APIError) -> String {
        let token = try r.required("taskToken")
        guard token.utf8.count == 64, token.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw APIError("InvalidToken", "Invalid Token: '\(token.prefix(100))' is not a task token")
        }
        return token
    }

    func answer(_ token: String, _ answer: TaskTokenAnswer) throws(APIError) -> JSONValue {
        guard let tokens = store as? any TaskTokenStore else {
            throw APIError("TaskDoesNotExist", "Task Does Not Exist: this store keeps no task tokens")
        }
        try storeCall { () throws(ExecutionStoreError) in
            try tokens.answerTaskToken(token, answer, date: ExecutionOptions.systemNowMillis())
        }
        return [:]
    }

    func sendTaskSuccess(_ r: APIRequest) throws(APIError) -> JSONValue {
        let token = try token(r)
        let text = try r.required("output")
        let output: JSONValue
        do { output = try JSONParser.parse(text) } catch {
            throw APIError(
                "InvalidOutput",
                "Invalid Output: \(error.message) at line \(error.line), column \(error.column)")
        }
        return try answer(token, .success(output: output))
    }

    func sendTaskFailure(_ r: APIRequest) throws(APIError) -> JSONValue {
        let token = try token(r)
        let error = try r.string("error")
        let cause = try r.string("cause")
        if let error, error.count > 256 {
            throw APIError.validation(
                "1 validation error detected: Value at 'error' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 256")
        }
        if let cause, cause.count > 32768 {
            throw APIError.validation(
                "1 validation error detected: Value at 'cause' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 32768")
        }
        return try answer(token, .failure(error: error, cause: cause))
    }

    func sendTaskHeartbeat(_ r: APIRequest) throws(APIError) -> JSONValue {
        try answer(try token(r), .heartbeat)
    }

    // MARK: Activities

    func activityArn(_ name: String) -> String { arnPrefix + "activity:" + name }

    /// The activity an ARN names: InvalidArn for another form, ActivityDoesNotExist for none.
    func activity(_ arn: String) throws(APIError) -> Activity {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "states", parts[5] == "activity", !parts[6].isEmpty
        else { throw APIError.invalidArn(arn) }
        guard let a = state.withLock({ $0.activities[arn] }) else {
            throw APIError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
        }
        return a
    }

    func createActivity(_ r: APIRequest) throws(APIError) -> JSONValue {
        let name = try r.required("name")
        if let problem = ExecutionOptions.nameProblem(name) {
            throw APIError("InvalidName", "Invalid Name: '\(name)' (\(problem))")
        }
        let tags = try readTags(r.members["tags"])
        let arn = activityArn(name)
        let created = try state.withLock { s throws(APIError) -> Activity in
            // AWS: creating an activity that exists returns it (idempotent by name).
            if let old = s.activities[arn] { return old }
            let a = Activity(name: name, arn: arn, creationDate: ExecutionOptions.systemNowMillis())
            s.activities[arn] = a
            s.activityOrder.append(arn)
            if !tags.isEmpty { s.tags[arn] = tags }
            try persist(arn, in: s)
            return a
        }
        return ["activityArn": .string(created.arn), "creationDate": Self.seconds(created.creationDate)]
    }

    func describeActivity(_ r: APIRequest) throws(APIError) -> JSONValue {
        let a = try activity(try r.required("activityArn"))
        return [
            "activityArn": .string(a.arn), "name": .string(a.name), "creationDate": Self.seconds(a.creationDate),
        ]
    }

    func listActivities(_ r: APIRequest) throws(APIError) -> JSONValue {
        let page = try r.page()
        let items = state.withLock { s in
            s.activityOrder.compactMap { s.activities[$0] }.map { a -> JSONValue in
                [
                    "activityArn": .string(a.arn), "name": .string(a.name),
                    "creationDate": Self.seconds(a.creationDate),
                ]
            }
        }
        var o = JSONObject()
        o.appendPage("activities", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    func deleteActivity(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("activityArn")
        do throws(APIError) { _ = try activity(arn) } catch  where error.type == "ActivityDoesNotExist" {
            return [:]
        }
        try state.withLock { s throws(APIError) in
            s.activities[arn] = nil
            s.activityOrder.removeAll { $0 == arn }
            s.tags[arn] = nil
            try forget([arn])
        }
        return [:]
    }

    /// Long polls for a task of the activity: the oldest one waiting, or, after
    /// `activityPollSeconds` without one, a response with no token (as AWS after 60 s). Blocks this
    /// connection's thread only.
    func getActivityTask(_ r: APIRequest) throws(APIError) -> JSONValue {
        let a = try activity(try r.required("activityArn"))
        if let worker = try r.string("workerName"), worker.count > 80 {
            throw APIError.validation(
                "1 validation error detected: Value at 'workerName' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 80")
        }
        guard let tokens = store as? any TaskTokenStore else { return [:] }
        let deadline = ExecutionOptions.systemNowMillis() + configuration.activityPollSeconds * 1000
        while true {
            let task = try storeCall { () throws(ExecutionStoreError) in try tokens.claimActivityTask(a.name) }
            if let task {
                return [
                    "taskToken": .string(task.token), "input": .string(JSONPrinter.compact(task.input ?? .null)),
                ]
            }
            if ExecutionOptions.systemNowMillis() >= deadline { return [:] }
            usleep(Self.activityPollMicroseconds)
        }
    }

    /// How often a waiting GetActivityTask looks for a task.
    static let activityPollMicroseconds: UInt32 = 20_000
}
