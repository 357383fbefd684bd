import Foundation
import SFNJSON
import Testing

/// Map Runs in the store through the built binary: the run, its child executions with their own
/// histories, `sfn map-runs` in ListMapRuns' and DescribeMapRun's shapes.
struct MapRunCLITests {
    @Test func aDistributedMapRunIsRecordedWithItsChildExecutions() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-maprun-\(UUID().uuidString)")
        let example = CLI.packageRoot.appendingPathComponent("definitions/distributed-map")
        try FileManager.default.copyItem(at: example.appendingPathComponent("s3"), to: dir)
        let store = dir.appendingPathComponent("s.db").path
        let r = try await CLI.run([
            "run", example.appendingPathComponent("ratings.asl.json").path, "--input",
            example.appendingPathComponent("ratings.input.json").path, "--s3-root", dir.path, "--name", "mr",
            "--store", store,
        ])
        #expect(r.status == 0)
        let arn = "arn:aws:states:us-east-1:123456789012:mapRun:ratings/Ratings:mr-2"
        let list = try await CLI.run(["map-runs", "mr", "--store", store, "--json"])
        #expect(list.status == 0)
        let runs = try JSONParser.parse(list.stdout)["mapRuns"]?.arrayValue ?? []
        #expect(runs.count == 1)
        #expect(runs.first?["mapRunArn"] == .string(arn))
        #expect(runs.first?["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:ratings/Ratings")
        let described = try await CLI.run(["map-runs", arn, "--store", store, "--json"])
        let run = try JSONParser.parse(described.stdout)
        #expect(run["status"] == "SUCCEEDED")
        #expect(run["executionCounts"]?["total"] == 2)
        #expect(run["executionCounts"]?["succeeded"] == 2)
        #expect(run["itemCounts"]?["total"] == 3)
        // Each child is an execution of its own, named as AWS names them, with its own history.
        let child = try await CLI.run(["history", "mr-2-1", "--store", store])
        #expect(child.status == 0)
        #expect(child.stdout.contains("ExecutionStarted") && child.stdout.contains("ExecutionSucceeded"))
        let describe = try await CLI.run(["describe", "mr-2-0", "--store", store, "--json"])
        #expect(
            describe.stdout.contains(
                "arn:aws:states:us-east-1:123456789012:execution:ratings/Ratings:mr-2-0"))
    }
}
