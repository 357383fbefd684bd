import SFNCore
import SFNJSON

/// How `sfn validate --aws` and `sfn export` say what runs only here and what stands in for it on
/// AWS: one diagnostic per `LocalOnlyFinding`, an error when nothing on AWS would run it.
enum LocalOnlyText {
    /// The diagnostic code of each kind of local stand-in.
    static func code(_ kind: LocalOnlyFinding.Kind) -> DiagnosticCode {
        switch kind {
        case .shellCommand: return DiagnosticCode(rawValue: "LOCAL_SHELL_COMMAND")
        case .mappedCommand: return DiagnosticCode(rawValue: "LOCAL_COMMAND")
        case .lambdaCode: return DiagnosticCode(rawValue: "LOCAL_LAMBDA_CODE")
        case .container: return DiagnosticCode(rawValue: "LOCAL_CONTAINER")
        case .localStateMachine: return DiagnosticCode(rawValue: "LOCAL_STATE_MACHINE")
        case .swiftHandler: return DiagnosticCode(rawValue: "LOCAL_HANDLER")
        case .localResource: return DiagnosticCode(rawValue: "LOCAL_RESOURCE")
        case .localS3: return DiagnosticCode(rawValue: "LOCAL_S3_DATA")
        }
    }

    static func diagnostic(_ f: LocalOnlyFinding) -> Diagnostic {
        Diagnostic(
            severity: f.runsOnAWS ? .warning : .error, code: code(f.kind), message: message(f), pointer: f.pointer,
            location: f.location)
    }

    /// "State 'Price': the Lambda function 'PriceOrder' runs here as ...; on AWS: ...".
    static func message(_ f: LocalOnlyFinding) -> String {
        "State '\(f.state)': \(here(f)); \(onAWS(f))"
    }

    /// What the definition names, as people call it.
    private static func named(_ f: LocalOnlyFinding) -> String {
        switch f.awsKind {
        case .lambdaFunction?: return "the Lambda function '\(f.value)'"
        case .ecsTaskDefinition?: return "the ECS task definition '\(f.value)'"
        case .batchJobDefinition?: return "the Batch job definition '\(f.value)'"
        case .eksCluster?: return "the EKS cluster '\(f.value)'"
        case .stateMachine?: return "the state machine '\(f.value)'"
        case .s3Bucket?: return "the bucket '\(f.value)'"
        case .serviceIntegration?, .arn?, nil: return "the resource '\(f.value)'"
        }
    }

    private static func here(_ f: LocalOnlyFinding) -> String {
        let local = f.local ?? ""
        switch f.kind {
        case .shellCommand:
            let own = f.resource.dropFirst("shell:".count) == local
            return "the command '\(local)' (\(own ? "a shell: resource" : "resources map")) "
                + "runs only on this machine"
        case .mappedCommand: return "\(named(f)) runs here as the command '\(local)' (resources map)"
        case .lambdaCode: return "\(named(f)) runs here from its code, \(local) (resources map)"
        case .container: return "\(named(f)) runs here as a container of the image '\(local)' (resources map)"
        case .localStateMachine: return "\(named(f)) runs here as the definition '\(local)' (resources map)"
        case .swiftHandler: return "\(named(f)) runs here as a Swift handler the host program registers"
        case .localResource:
            return "the resource '\(f.value)' is no AWS resource: only a Swift handler a host program registers runs it"
        case .localS3:
            let action = f.resource.split(separator: ":").last.map(String.init) ?? f.resource
            return "\(action) uses \(named(f)) as the local folder '\(local)' (--s3-root)"
        }
    }

    private static func onAWS(_ f: LocalOnlyFinding) -> String {
        if let arn = f.awsArn {
            return "on AWS: \(arn) (its awsArn in the resources map; sfn export puts it in place)"
        }
        switch (f.awsResource, f.awsKind) {
        case (let aws?, .s3Bucket?):
            return "on AWS: the bucket \(aws) itself, which must hold the same data (no awsArn in the resources map)"
        case (let aws?, .serviceIntegration?):
            return "on AWS: the integration \(aws) itself (no awsArn in the resources map)"
        case (_?, _):
            return "on AWS: \(named(f)) itself, as the definition names it (no awsArn in the resources map)"
        case (nil, _):
            return "nothing stands in for it on AWS: give its resources-map entry "
                + "{\(JSONPrinter.compact(.string(f.value))): {\"awsArn\": \"arn:aws:lambda:REGION:ACCOUNT:function:NAME\"}} "
                + "(a Lambda function "
                + "or activity that does the same work)"
        }
    }

    /// The members `--format json` adds to a finding's diagnostic.
    static func jsonMembers(_ f: LocalOnlyFinding) -> JSONObject {
        var o = JSONObject()
        o["state"] = .string(f.state)
        o["kind"] = .string(f.kind.rawValue)
        o["resource"] = .string(f.resource)
        o["local"] = f.local.map(JSONValue.string) ?? .null
        o["awsResource"] = f.awsResource.map(JSONValue.string) ?? .null
        o["awsArn"] = f.awsArn.map(JSONValue.string) ?? .null
        return o
    }
}
