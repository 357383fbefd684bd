import Dispatch
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

/// The Step Functions API over an `ExecutionStore`, as the AWS SDKs call it (AWS JSON 1.0:
/// `POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`). Executions run in this process as
/// tasks and are recorded through `StoreRecorder`, so the CLI's store commands see them, and the
/// API sees the CLI's runs. Signatures are accepted and not checked, as Step Functions Local does.
public final class StepFunctionsService: Sendable {
    /// Region, account and the Task resources executions run with.
    public struct Configuration: Sendable {
        public var region = "us-east-1"
        public var accountId = "123456789012"
        /// Step Functions Local's mock config: `stateMachineArn#TestCaseName` picks a test case.
        public var mockConfig: MockConfig?
        public var resources: ResourceMap?
        /// How long GetActivityTask waits for a task before answering without one (AWS: 60 s).
        public var activityPollSeconds: Double = 60
        /// Role ARNs mapped to policies (`sfn serve --policies`): a state machine's roleArn picks
        /// the policy its Tasks are authorised against; nil allows everything.
        public var policies: RolePolicies?
        /// `sfn serve --max-payload`: ExecutionOptions.maxPayloadBytes of every execution.
        public var maxPayloadBytes = ExecutionOptions.defaultMaxPayloadBytes

        public init() {}
    }

    /// A state machine created through the API.
    struct Machine: Sendable {
        var name: String
        var arn: String
        var definition: String
        /// The store's key for the definition, computed once.
        var definitionHash: String
        var type: String
        var roleArn: String
        var creationDate: Double
        var revisionId: String
        var loaded: StateMachine
        var loggingConfiguration: JSONValue
        var tracingConfiguration: JSONValue
        /// A version's description (PublishStateMachineVersion's, or `versionDescription`).
        var description: String?
        /// For a state machine: the highest version number published (numbers are never reused)
        /// and the revision it was published from. For a version: its number.
        var version = 0
        var publishedRevision: String?
    }

    /// A state machine alias: one or two versions with weights.
    struct Alias: Sendable {
        var name: String
        var arn: String
        var machineArn: String
        var description: String?
        var routing: [(versionArn: String, weight: Int)]
        var creationDate: Double
        var updateDate: Double
    }

    /// An activity created through the API.
    struct Activity: Sendable {
        var name: String
        var arn: String
        var creationDate: Double
    }

    struct State {
        var machines: [String: Machine] = [:]
        var order: [String] = []
        var tags: [String: [(key: String, value: String)]] = [:]
        var running: [String: Execution] = [:]
        /// The recorders of the executions this server runs, until their last write is committed:
        /// DescribeExecution reads them instead of the store.
        var live: [String: ExecutionRecorder] = [:]
        /// Versions by version ARN (`...:stateMachine:NAME:1`).
        var versions: [String: Machine] = [:]
        /// Aliases by alias ARN (`...:stateMachine:NAME:ALIAS`), in creation order.
        var aliases: [String: Alias] = [:]
        var aliasOrder: [String] = []
        var activities: [String: Activity] = [:]
        var activityOrder: [String] = []
        /// The version and alias an execution was started through, by execution ARN.
        var executionTargets: [String: (version: String?, alias: String?)] = [:]
    }

    let store: any ExecutionStore
    let configuration: Configuration
    let state = Mutex(State())

    /// The one timer of all executions: flushes their events and looks for their stop requests.
    private nonisolated(unsafe) let ticker: any DispatchSourceTimer

    public init(store: any ExecutionStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
        ticker = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "sfn.serve.ticker"))
        let nanos = Int(Self.flushInterval * 1e9)
        ticker.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos))
        ticker.setEventHandler { [weak self] in self?.tick() }
        ticker.resume()
    }

    deinit { ticker.cancel() }

    /// Answers one HTTP request: the protocol's framing, then the operation.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "POST" else {
            if request.method == "GET" && (request.target == "/" || request.target.hasPrefix("/?")) {
                return .plain(200, "sfn serve: the AWS Step Functions API (AWS JSON 1.0, POST /)")
            }
            return .plain(405, "only POST / with X-Amz-Target is served")
        }
        let result: Result<JSONValue, APIError>
        if let target = request.header("X-Amz-Target") {
            let prefix = "AWSStepFunctions."
            if target.hasPrefix(prefix) {
                do throws(APIError) {
                    let body = try APIRequest(request.body)
                    result = .success(try call(String(target.dropFirst(prefix.count)), body))
                } catch {
                    result = .failure(error)
                }
            } else {
                result = .failure(APIError("UnknownOperationException", "Unknown operation \(target)"))
            }
        } else {
            result = .failure(APIError("UnknownOperationException", "The request has no X-Amz-Target header"))
        }
        let headers = [
            ("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-RequestId", Self.requestId()),
        ]
        switch result {
        case .success(let value):
            return HTTPResponse(status: 200, headers: headers, body: Array(JSONPrinter.compact(value).utf8))
        case .failure(let error):
            return HTTPResponse(
                status: error.status, headers: headers + [("x-amzn-ErrorType", error.type)],
                body: Array(JSONPrinter.compact(error.json).utf8))
        }
    }

    func call(_ operation: String, _ r: APIRequest) throws(APIError) -> JSONValue {
        switch operation {
        case "CreateStateMachine": return try createStateMachine(r)
        case "DescribeStateMachine": return try describeStateMachine(r)
        case "UpdateStateMachine": return try updateStateMachine(r)
        case "DeleteStateMachine": return try deleteStateMachine(r)
        case "ListStateMachines": return try listStateMachines(r)
        case "StartExecution": return try startExecution(r)
        case "StartSyncExecution": return try startSyncExecution(r)
        case "DescribeExecution": return try describeExecution(r)
        case "DescribeStateMachineForExecution": return try describeStateMachineForExecution(r)
        case "ListExecutions": return try listExecutions(r)
        case "GetExecutionHistory": return try getExecutionHistory(r)
        case "StopExecution": return try stopExecution(r)
        case "RedriveExecution": return try redriveExecution(r)
        case "TestState": return try testState(r)
        case "ValidateStateMachineDefinition": return try validateDefinition(r)
        case "TagResource": return try tagResource(r)
        case "UntagResource": return try untagResource(r)
        case "ListTagsForResource": return try listTags(r)
        case "SendTaskSuccess": return try sendTaskSuccess(r)
        case "SendTaskFailure": return try sendTaskFailure(r)
        case "SendTaskHeartbeat": return try sendTaskHeartbeat(r)
        case "CreateActivity": return try createActivity(r)
        case "DescribeActivity": return try describeActivity(r)
        case "ListActivities": return try listActivities(r)
        case "DeleteActivity": return try deleteActivity(r)
        case "GetActivityTask": return try getActivityTask(r)
        case "PublishStateMachineVersion": return try publishVersion(r)
        case "ListStateMachineVersions": return try listVersions(r)
        case "DeleteStateMachineVersion": return try deleteVersion(r)
        case "CreateStateMachineAlias": return try createAlias(r)
        case "DescribeStateMachineAlias": return try describeAlias(r)
        case "UpdateStateMachineAlias": return try updateAlias(r)
        case "DeleteStateMachineAlias": return try deleteAlias(r)
        case "ListStateMachineAliases": return try listAliases(r)
        case "ListMapRuns": return try listMapRuns(r)
        case "DescribeMapRun": return try describeMapRun(r)
        default:
            throw APIError("UnknownOperationException", "Operation \(operation) is not supported by sfn serve")
        }
    }

    // MARK: ARNs

    var arnPrefix: String { "arn:aws:states:\(configuration.region):\(configuration.accountId):" }

    func machineArn(_ name: String) -> String { arnPrefix + "stateMachine:" + name }

    /// The state machine name in a state machine ARN; InvalidArn for anything else.
    func machineName(fromArn arn: String) throws(APIError) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "states", parts[5] == "stateMachine",
            !parts[6].isEmpty
        else { throw APIError.invalidArn(arn) }
        return String(parts[6])
    }

    /// Checks an execution ARN's form: `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`.
    func checkExecutionArn(_ arn: String) throws(APIError) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 8, parts[0] == "arn", parts[2] == "states",
            parts[5] == "execution" || parts[5] == "express", !parts[6].isEmpty, !parts[7].isEmpty
        else { throw APIError.invalidArn(arn) }
    }

    static func seconds(_ millis: Double) -> JSONValue { .double(millis / 1000) }

    /// A request id: a random prefix drawn once and a counter (a system random draw per request
    /// was a measurable cost under load). Also a state machine's revision id.
    static func requestId() -> String {
        let n = requestCounter.add(1, ordering: .relaxed).newValue
        return requestPrefix + String(n, radix: 16)
    }

    private static let requestPrefix: String = {
        var g = SystemRandomNumberGenerator()
        let hex = (0..<3).map { _ in String(UInt32.random(in: .min ... .max, using: &g), radix: 16) }
        return hex.joined(separator: "-") + "-"
    }()
    private static let requestCounter = Atomic<Int>(0)

    func storeCall<T>(_ body: () throws(ExecutionStoreError) -> T) throws(APIError) -> T {
        do throws(ExecutionStoreError) { return try body() } catch {
            switch error.kind {
            case .executionDoesNotExist: throw APIError("ExecutionDoesNotExist", error.message)
            case .executionAlreadyExists: throw APIError("ExecutionAlreadyExists", error.message)
            case .taskDoesNotExist: throw APIError("TaskDoesNotExist", error.message)
            case .taskTimedOut: throw APIError("TaskTimedOut", error.message)
            default: throw APIError("ServiceException", "the store failed: \(error.message)", status: 500)
            }
        }
    }
}
