import Foundation
import SFNCore
import SFNServer
import SFNStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn serve [--host 127.0.0.1] [--port 8083] [--store PATH] [--mock-config FILE] [--resources FILE]`:
/// the Step Functions API on localhost over the same store as the CLI.
enum ServeCommand {
    static func main(_ argv: [String]) -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: ["--help", "-h"],
                values: [
                    "--host", "--port", "--store", "--mock-config", "--resources", "--region", "--account",
                    "--policies",
                ])
        } catch {
            Console.error("sfn serve: \(error)\n\n\(Usage.serve)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.serve)
            return 0
        }
        guard args.positional.isEmpty else {
            Console.error("sfn serve: unexpected argument '\(args.positional[0])'\n\n\(Usage.serve)")
            return 2
        }
        let env = ProcessInfo.processInfo.environment
        // A parent may hand down SIGTERM and SIGINT blocked or ignored (a test runner does): the
        // server ends on them, before any thread inherits the mask.
        var mask = sigset_t()
        sigemptyset(&mask)
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            sigaddset(&mask, sig)
            signal(sig, SIG_DFL)
        }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        let host = args.values["--host"] ?? "127.0.0.1"
        let portText = args.values["--port"] ?? "8083"
        guard let port = Int(portText), (0...65535).contains(port) else {
            Console.error("sfn serve: --port takes a number from 0 to 65535 (0: any free port), not '\(portText)'")
            return 2
        }
        var configuration = StepFunctionsService.Configuration()
        // Step Functions Local's variables: AWS_DEFAULT_REGION and AWS_ACCOUNT_ID.
        if let region = args.values["--region"] ?? env["AWS_DEFAULT_REGION"], !region.isEmpty {
            configuration.region = region
        }
        if let account = args.values["--account"] ?? env["AWS_ACCOUNT_ID"], !account.isEmpty {
            guard account.count == 12, account.allSatisfy(\.isNumber) else {
                Console.error("sfn serve: the account id '\(account)' is not 12 digits")
                return 2
            }
            configuration.accountId = account
        }
        do {
            if let file = args.values["--mock-config"] ?? env["SFN_MOCK_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
                configuration.mockConfig = try MockConfig(contentsOfFile: file)
            }
            if let file = args.values["--resources"] {
                configuration.resources = try ResourceMap(contentsOfFile: file)
            }
        } catch {
            Console.error("sfn serve: \(error.cause ?? error.error.rawValue)")
            return 2
        }
        if let file = args.values["--policies"] {
            switch ServePolicies.read(file) {
            case .success(let policies): configuration.policies = policies
            case .failure(let failure):
                Console.error("sfn serve: \(failure)")
                return 2
            }
        }
        let path = RunRecording.storePath(args)
        let store: SQLiteExecutionStore
        do throws(ExecutionStoreError) { store = try SQLiteExecutionStore(path: path) } catch {
            Console.error("sfn serve: cannot open the store '\(path)': \(error)")
            return 2
        }
        let service = StepFunctionsService(store: store, configuration: configuration)
        let server: HTTPServer
        do throws(HTTPServerError) {
            server = try HTTPServer(host: host, port: port) { service.handle($0) }
        } catch {
            Console.error("sfn serve: \(error)")
            return 2
        }
        server.start()
        let shown = host.contains(":") ? "[\(host)]" : host
        Console.out(
            "sfn serve: listening on http://\(shown):\(server.port) (store \(path), region \(configuration.region), account \(configuration.accountId))"
        )
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            Console.error(
                "sfn serve: warning: the API has no authentication; anyone who reaches \(host):\(server.port) can run state machines"
            )
        }
        while true { pause() }
    }
}
