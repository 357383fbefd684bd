import SFNCore
import SFNJSON

/// `sfn run`'s options for tasks that run real code: containers and Lambda's Invoke API.
enum IntegrationOptions {
    static let values: Set<String> = ["--container-runtime", "--lambda-endpoint"]

    static let help = """
          --container-runtime PROGRAM  What runs ECS, Batch and EKS tasks' containers: docker
                                (the default) or podman
          --lambda-endpoint URL Invoke Lambda functions that nothing else serves through
                                Lambda's Invoke API at URL (sam local start-lambda:
                                http://127.0.0.1:3001)
        """

    /// Sets the dispatcher's integration settings; false after printing why an option is unusable.
    static func apply(_ args: Arguments, to tasks: inout TaskDispatcher) -> Bool {
        tasks.integrations.skipWaits = args.has("--no-wait")
        if let runtime = args.values["--container-runtime"] {
            guard !runtime.isEmpty else {
                Console.error("sfn run: --container-runtime takes a program, docker or podman")
                return false
            }
            tasks.integrations.containerRuntime = runtime
        }
        if let url = args.values["--lambda-endpoint"] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                Console.error(
                    "sfn run: --lambda-endpoint takes an http:// or https:// URL (sam local start-lambda listens on "
                        + "http://127.0.0.1:3001), not '\(url)'")
                return false
            }
            tasks.integrations.lambdaEndpoint = url
        }
        return true
    }
}

extension IntegrationOptions {
    /// The cause for a container, child-execution or Lambda resource that nothing serves: the
    /// resources-map entry that would serve it; nil for other resources.
    static func unmapped(_ unmapped: UnmappedResource) -> String? {
        let r = unmapped.resource
        let what: String
        if r.contains(":states:::ecs:runTask") {
            what =
                "its task definition (the TaskDefinition parameter: ARN, family:revision or family) to an image, "
                + #"for example {"my-task": {"image": "python:3.12-slim"}}; the container runs with docker "#
                + "(--container-runtime podman for podman)"
        } else if r.contains(":states:::batch:submitJob") {
            what =
                "its job definition (the JobDefinition parameter: ARN, name:revision or name) to an image, "
                + #"for example {"my-job": {"image": "python:3.12-slim"}}; the container runs with docker "#
                + "(--container-runtime podman for podman)"
        } else if r.contains(":states:::eks:runJob") {
            what = "its cluster (ClusterName) to an image, or give the Job manifest's container an image"
        } else if r.contains(":states:::states:startExecution") {
            what =
                "the StateMachineArn (or the state machine's name) to a local definition, "
                + #"for example {"Child": {"definition": "child.asl.json"}}"#
        } else if unmapped.function != nil || LambdaFunctionRef.isFunctionARN(r) {
            let command = JSONPrinter.compact(
                .object(JSONObject([(unmapped.key, JSONValue.string("python3 handler.py"))])))
            return unmapped.summary + " Map the function with --resources FILE, a JSON file, to a command "
                + "(\(command)) or to its code "
                + #"({"\#(unmapped.key)": {"runtime": "python3", "handler": "app.handler", "codeUri": "src/"}}), "#
                + "send it to Lambda's Invoke API with --lambda-endpoint URL (sam local start-lambda), "
                + "or answer the state from --mock-config FILE --test-case NAME."
        } else {
            return nil
        }
        return unmapped.summary + " Map \(what) with --resources FILE, or answer the state from --mock-config FILE "
            + "--test-case NAME."
    }
}
