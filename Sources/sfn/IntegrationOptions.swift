import SFNCore

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
