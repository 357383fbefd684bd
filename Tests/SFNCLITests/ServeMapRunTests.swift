import Foundation
import Testing

/// `sfn serve`'s ListMapRuns and DescribeMapRun driven by boto3 (Tests/Clients/serve_boto3_map_runs.py):
/// the Map Run of a Distributed Map the server ran, its counts and AWS's errors.
struct ServeMapRunTests {
    static let client = CLI.packageRoot.appendingPathComponent("Tests/Clients/serve_boto3_map_runs.py").path

    @Test(.enabled(if: ServeServer.hasBoto3, "needs python3 with boto3 (pip install boto3)"))
    func listAndDescribeMapRuns() async throws {
        let server = try ServeServer()
        defer { server.stop() }
        let run = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.client, String(server.port)], timeout: 180)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let passed = Set(
            run.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) })
        for check in [
            "the Distributed Map execution succeeds", "ListMapRuns lists the Map Run", "ListMapRuns item shape",
            "DescribeMapRun status and settings", "DescribeMapRun counts",
            "ListMapRuns of a missing execution is ExecutionDoesNotExist",
            "DescribeMapRun of a malformed ARN is InvalidArn",
            "DescribeMapRun of an unknown Map Run is ResourceNotFound",
        ] {
            #expect(passed.contains(check), "boto3 check '\(check)' did not pass:\n\(run.stdout)\n\(run.stderr)")
        }
    }
}
