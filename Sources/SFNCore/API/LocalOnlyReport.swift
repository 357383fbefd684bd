import SFNJSON

/// Everything in a definition that runs only on this machine, and what stands in for it on AWS:
/// `shell:` resources, resources-map entries (commands, Lambda code, containers, local state
/// machines), Swift handlers a host program registered, resources that are no AWS resource, and
/// S3 data read or written under the local S3 folder. `sfn validate --aws` reports it and
/// `sfn export` replaces each local stand-in by the ARN the resources map names (`awsArn`).
///
///     let report = LocalOnlyReport(definition: source.definition, locations: source.locations,
///                                  tasks: dispatcher, s3Root: ".sfn/s3")
///     for f in report.findings where !f.runsOnAWS { ... }   // nothing on AWS would run it
public struct LocalOnlyReport: Sendable {
    /// In document order: nested branches and Map processors where they stand.
    public var findings: [LocalOnlyFinding]

    /// Walks every Task state, Map ItemReader and ResultWriter of `definition` (the raw value, so a
    /// definition the load pass refuses is still reported). `tasks` gives the Swift handlers and
    /// the resources map (`tasks.resources`) that would serve each Task here.
    public init(definition: JSONValue, locations: SourceLocations? = nil, tasks: TaskDispatcher, s3Root: String) {
        var walk = LocalOnlyWalk(locations: locations, tasks: tasks, s3Root: s3Root)
        walk.graph(definition, pointer: "")
        findings = walk.findings
    }

    /// The findings that nothing on AWS would run: no ARN in the definition and none in the map.
    public var blocking: [LocalOnlyFinding] { findings.filter { !$0.runsOnAWS } }
}

/// One local stand-in: where it is, what runs it here, and what runs it on AWS.
public struct LocalOnlyFinding: Sendable, Hashable {
    /// What serves the resource on this machine.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A `shell:COMMAND` resource.
        case shellCommand
        /// A resources-map command (a Lambda function, an integration, a callback's sender).
        case mappedCommand
        /// A resources-map Lambda-code entry (`runtime`, `handler`).
        case lambdaCode
        /// A resources-map container image (ECS task, Batch job, EKS job).
        case container
        /// A resources-map definition run by `states:startExecution`.
        case localStateMachine
        /// A Swift handler registered by the host program.
        case swiftHandler
        /// A resource that is no AWS resource and that nothing here serves (a host program's
        /// handler name, most likely).
        case localResource
        /// S3 data under the local S3 folder (ItemReader, ResultWriter, an S3 Task).
        case localS3
    }

    /// The kind of AWS resource that stands in for the local one.
    public enum AWSKind: String, Sendable, Hashable {
        case lambdaFunction, ecsTaskDefinition, batchJobDefinition, eksCluster, stateMachine, s3Bucket
        /// The Task's own service integration (`sns:publish.waitForTaskToken`, ...).
        case serviceIntegration
        /// Whatever the map's `awsArn` names (a `shell:` command's replacement).
        case arn
    }

    public var kind: Kind
    /// The state that holds it (the Map state for an ItemReader or ResultWriter).
    public var state: String
    /// The field whose value names the local stand-in: where `sfn export` writes the AWS name.
    public var pointer: String
    public var location: SourceLocation?
    /// The Task's (ItemReader's, ResultWriter's) Resource.
    public var resource: String
    /// The value at `pointer`: the resource, a FunctionName, a TaskDefinition, a Bucket...
    public var value: String
    /// What runs here: the command line, the image, the Lambda handler, the definition file, the
    /// S3 folder; nil for a Swift handler.
    public var local: String?
    /// The AWS resource the definition itself names (the function, task definition, state
    /// machine, bucket), which AWS runs in its place; nil when it names none.
    public var awsResource: String?
    public var awsKind: AWSKind?
    /// The resources map's `awsArn` for the entry, when it names one.
    public var awsArn: String?

    /// Whether AWS has something to run: the map names an ARN, or the definition names an AWS
    /// resource of its own.
    public var runsOnAWS: Bool { awsArn != nil || awsResource != nil }

    /// The value `sfn export` writes at `pointer`: the map's ARN (a bucket's name for a Bucket
    /// field, a cluster's name for an EKS ClusterName); nil when the map names none.
    public var replacement: String? {
        guard let arn = awsArn else { return nil }
        if pointer.hasSuffix("/Bucket") {
            return arn.hasPrefix("arn:")
                ? String(
                    arn.split(separator: ":", omittingEmptySubsequences: false)[5...]
                        .joined(separator: ":")) : arn
        }
        if pointer.hasSuffix("/ClusterName"), let slash = arn.range(of: ":cluster/") {
            return String(arn[slash.upperBound...])
        }
        return arn
    }

    public init(
        kind: Kind, state: String, pointer: String, location: SourceLocation? = nil, resource: String, value: String,
        local: String? = nil, awsResource: String? = nil, awsKind: AWSKind? = nil, awsArn: String? = nil
    ) {
        self.kind = kind
        self.state = state
        self.pointer = pointer
        self.location = location
        self.resource = resource
        self.value = value
        self.local = local
        self.awsResource = awsResource
        self.awsKind = awsKind
        self.awsArn = awsArn
    }
}
