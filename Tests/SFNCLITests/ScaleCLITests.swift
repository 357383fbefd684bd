import Foundation
import Testing

/// `sfn run --input-lines` and `--s3-root` through the built binary.
struct ScaleCLITests {
    static let hello = CLI.packageRoot.appendingPathComponent("definitions/hello.asl.json").path

    @Test func inputLinesGivesOneResultLinePerInputLineInOrder() async throws {
        var lines = (1...600).map { #"{"name":"n\#($0)"}"# }
        lines[299] = "not json"
        let r = try await CLI.run(
            ["run", Self.hello, "--input-lines", "-", "--jobs", "3", "--no-store", "--name", "b"],
            stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(r.status == 1)
        let out = r.stdout.split(separator: "\n")
        #expect(out.count == 600)
        #expect(out[0] == #"{"name":"b-1","status":"SUCCEEDED","output":{"greeting":"Hello, n1!"}}"#)
        #expect(out[599] == #"{"name":"b-600","status":"SUCCEEDED","output":{"greeting":"Hello, n600!"}}"#)
        #expect(out[299].contains(#""status":"FAILED","error":"States.Runtime","cause":"line 300:"#))
        #expect(r.stderr.contains("600 executions"))
        #expect(r.stderr.contains("1 FAILED 599 SUCCEEDED"))
    }

    @Test func inputLinesAllSucceedingExitsZeroAndRecordsEachExecution() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-lines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("s.db").path
        let r = try await CLI.run(
            ["run", Self.hello, "--input-lines", "-", "--store", store, "--name", "rec"],
            stdin: Data("{\"name\":\"x\"}\n{\"name\":\"y\"}\n".utf8))
        #expect(r.status == 0)
        let listed = try await CLI.run(["executions", "--store", store, "--format", "json"])
        #expect(listed.stdout.contains("rec-1") && listed.stdout.contains("rec-2"))
    }

    @Test func theRatingsExampleRunsOverACopiedS3Folder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-s3cli-\(UUID().uuidString)")
        let example = CLI.packageRoot.appendingPathComponent("definitions/distributed-map")
        try FileManager.default.copyItem(at: example.appendingPathComponent("s3"), to: dir)
        let r = try await CLI.run([
            "run", example.appendingPathComponent("ratings.asl.json").path, "--input",
            example.appendingPathComponent("ratings.input.json").path, "--s3-root", dir.path, "--name", "demo",
            "--no-store", "--compact",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""Key":"csvProcessJobs/demo-2/manifest.json""#))
        let manifest = dir.appendingPathComponent("amzn-s3-demo-destination-bucket/csvProcessJobs/demo-2/manifest.json")
        #expect(FileManager.default.fileExists(atPath: manifest.path))
    }
}
