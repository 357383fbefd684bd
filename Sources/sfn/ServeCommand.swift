import Foundation
import SFNCore
import SFNServer
import SFNStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the termination signals' handler writes (see the end of `ServeCommand.serve`).
nonisolated(unsafe) private var endingPipe: Int32 = -1

/// `sfn serve [--host 127.0.0.1] [--port 8083] [--store PATH] [--mock-config FILE] [--resources FILE]`:
/// the Step Functions API on localhost over the same store as the CLI.
enum ServeCommand {
    static func main(_ argv: [String]) -> Int32 { serve(argv) }

    /// `sfn serve`, and `sfn console` with its own name, usage, default port and flags; `listening`
    /// gets the console's address once the server is up.
    static func serve(
        _ argv: [String], command: String = "serve", usage: String = Usage.serve, defaultPort: String = "8083",
        flags: [String] = [], listening: ((String, Arguments) -> Void)? = nil
    ) -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: Set(["--help", "-h"] + flags),
                values: [
                    "--host", "--port", "--store", "--mock-config", "--resources", "--region", "--account",
                    "--activity-poll", "--policies", "--max-payload",
                ])
        } catch {
            Console.error("sfn \(command): \(error)\n\n\(usage)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.isEmpty else {
            Console.error("sfn \(command): unexpected argument '\(args.positional[0])'\n\n\(usage)")
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
        let portText = args.values["--port"] ?? defaultPort
        guard let port = Int(portText), (0...65535).contains(port) else {
            Console.error("sfn \(command): --port takes a number from 0 to 65535 (0: any free port), not '\(portText)'")
            return 2
        }
        var configuration = StepFunctionsService.Configuration()
        // Step Functions Local's variables: AWS_DEFAULT_REGION and AWS_ACCOUNT_ID.
        if let region = args.values["--region"] ?? env["AWS_DEFAULT_REGION"], !region.isEmpty {
            configuration.region = region
        }
        if let account = args.values["--account"] ?? env["AWS_ACCOUNT_ID"], !account.isEmpty {
            guard account.count == 12, account.allSatisfy(\.isNumber) else {
                Console.error("sfn \(command): the account id '\(account)' is not 12 digits")
                return 2
            }
            configuration.accountId = account
        }
        if let text = args.values["--activity-poll"] {
            guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
                Console.error(
                    "sfn \(command): --activity-poll takes a number of seconds from 0 to 3600, not '\(text)'")
                return 2
            }
            configuration.activityPollSeconds = seconds
        }
        guard let maxPayload = PayloadLimitOption.bytes(args, command: command) else { return 2 }
        configuration.maxPayloadBytes = maxPayload
        do {
            if let file = args.values["--mock-config"] ?? env["SFN_MOCK_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
                configuration.mockConfig = try MockConfig(contentsOfFile: file)
            }
            if let file = args.values["--resources"] {
                configuration.resources = try ResourceMap(contentsOfFile: file)
            }
        } catch {
            Console.error("sfn \(command): \(error.cause ?? error.error.rawValue)")
            return 2
        }
        if let file = args.values["--policies"] {
            switch ServePolicies.read(file) {
            case .success(let policies): configuration.policies = policies
            case .failure(let failure):
                Console.error("sfn \(command): \(failure)")
                return 2
            }
        }
        let path = RunRecording.storePath(args)
        let store: SQLiteExecutionStore
        do throws(ExecutionStoreError) { store = try SQLiteExecutionStore(path: path) } catch {
            Console.error("sfn \(command): cannot open the store '\(path)': \(error)")
            return 2
        }
        // The server's executions write through one group-commit writer (see GroupCommitStore).
        let grouped: GroupCommitStore
        do throws(ExecutionStoreError) { grouped = try GroupCommitStore(store) } catch {
            Console.error("sfn \(command): cannot open the store '\(path)': \(error)")
            return 2
        }
        let service = StepFunctionsService(store: grouped, configuration: configuration)
        do throws(APIError) { try service.restore() } catch {
            Console.error(
                "sfn \(command): cannot read what the store '\(path)' keeps for the API: \(error.message)")
            return 2
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        // The console answers GET / and its own routes first; the AWS API keeps POST / (issue 20).
        let console = ConsoleService(service: service, store: store, loopbackOnly: loopback)
        let server: HTTPServer
        do throws(HTTPServerError) {
            server = try HTTPServer(host: host, port: port) { console.handle($0) ?? service.handle($0) }
        } catch {
            Console.error("sfn \(command): \(error)")
            return 2
        }
        server.start()
        let shown = host.contains(":") ? "[\(host)]" : host
        Console.out(
            "sfn \(command): listening on http://\(shown):\(server.port) (store \(path), region \(configuration.region), account \(configuration.accountId))"
        )
        Console.out("sfn \(command): console at http://\(shown):\(server.port)/")
        if !loopback {
            Console.error(
                "sfn \(command): warning: the API and the console have no authentication; anyone who reaches "
                    + "\(host):\(server.port) can run state machines (docs/console.md: use an SSH tunnel instead)")
        }
        // SIGINT, SIGTERM and SIGHUP end the server once the executions' queued writes are
        // committed (a few milliseconds), then by the signal itself, so the shell still reports
        // 130 or 143. The handler only writes the signal's number to a pipe this thread reads.
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { while true { pause() } }
        endingPipe = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig) { sig in
                var byte = UInt8(truncatingIfNeeded: sig)
                _ = write(endingPipe, &byte, 1)
            }
        }
        listening?(
            "http://\(host == "::1" ? "[::1]" : host == "localhost" ? "127.0.0.1" : shown):\(server.port)/", args)
        var byte: UInt8 = 0
        while read(fds[0], &byte, 1) != 1 {}
        let received = Int32(byte)
        server.stop()
        grouped.sync()
        signal(received, SIG_DFL)
        raise(received)
        return 128 + Int32(byte)
    }
}
