import Foundation
import SFNCore
import SFNJSON
import Testing

/// A DISTRIBUTED Map over `$.xs` with the given ResultWriter; items with `fail` set fail their
/// child execution, the others pass through.
private func writerMap(_ writer: String, extra: String = "") -> String {
    #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ResultWriter":"# + writer
        + #","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"#
        + #""StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.fail","IsPresent":true,"Next":"F"}],"#
        + #""Default":"P"},"P":{"Type":"Pass","End":true},"F":{"Type":"Fail","Error":"Bad","Cause":"item failed"}}}"#
        + extra + #","End":true}}}"#
}

private let export = #"{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"jobs"}}"#

private func read(_ root: String, _ key: String) throws -> JSONValue {
    let data = try #require(FileManager.default.contents(atPath: root + "/b/" + key))
    return try JSONParser.parse(bytes: [UInt8](data))
}

struct DistributedMapWriterTests {
    /// AWS's layout: PREFIX/MAP_RUN_ID/manifest.json naming SUCCEEDED_0.json, the state's output
    /// naming the manifest.
    @Test func exportWritesTheManifestAndSucceededFileAsAWSLaysThemOut() async throws {
        let root = try temporaryS3Root()
        let r = try await execute(writerMap(export), input: ["xs": [1, 2]], options: ExampleS3.options(root: root))
        #expect(r.status == .succeeded)
        let arn = "arn:aws:states:us-east-1:123456789012:mapRun:Machine/M:exec-1-2"
        #expect(
            r.output == [
                "MapRunArn": .string(arn),
                "ResultWriterDetails": ["Bucket": "b", "Key": "jobs/exec-1-2/manifest.json"],
            ])
        let manifest = try read(root, "jobs/exec-1-2/manifest.json")
        #expect(manifest["DestinationBucket"] == "b")
        #expect(manifest["MapRunArn"] == .string(arn))
        #expect(manifest["ResultFiles"]?["FAILED"] == [])
        #expect(manifest["ResultFiles"]?["PENDING"] == [])
        let files = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?.arrayValue)
        #expect(files.count == 1 && files[0]["Key"] == "jobs/exec-1-2/SUCCEEDED_0.json")
        let data = try #require(FileManager.default.contents(atPath: root + "/b/jobs/exec-1-2/SUCCEEDED_0.json"))
        #expect(files[0]["Size"] == .int(data.count))
        let entries = try #require(try read(root, "jobs/exec-1-2/SUCCEEDED_0.json").arrayValue)
        #expect(entries.count == 2)
        #expect(entries[1]["Input"] == "2" && entries[1]["Output"] == "2" && entries[1]["Status"] == "SUCCEEDED")
        #expect(entries[1]["InputDetails"] == ["Included": true])
        #expect(entries[1]["StateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:Machine/M")
        #expect(entries[1]["RedriveStatus"] == "NOT_REDRIVABLE")
    }

    @Test func toleratedFailuresGoToFailedWithErrorAndCause() async throws {
        let root = try temporaryS3Root()
        let input: JSONValue = ["xs": [["n": 1], ["n": 2, "fail": true]]]
        let r = try await execute(
            writerMap(export, extra: #","ToleratedFailurePercentage":50"#), input: input,
            options: ExampleS3.options(root: root))
        #expect(r.status == .succeeded)
        let manifest = try read(root, "jobs/exec-1-2/manifest.json")
        #expect(manifest["ResultFiles"]?["FAILED"]?[0]?["Key"] == "jobs/exec-1-2/FAILED_0.json")
        let failed = try #require(try read(root, "jobs/exec-1-2/FAILED_0.json").arrayValue)
        #expect(failed.count == 1)
        #expect(failed[0]["Error"] == "Bad" && failed[0]["Cause"] == "item failed")
        #expect(failed[0]["Status"] == "FAILED" && failed[0]["Output"] == nil)
        #expect(failed[0]["Input"] == #"{"n":2,"fail":true}"#)
        #expect(try read(root, "jobs/exec-1-2/SUCCEEDED_0.json").arrayValue?.count == 1)
    }

    @Test func writerConfigAloneShapesTheStateOutput() async throws {
        let input: JSONValue = ["xs": [[1, 2], [3]]]
        let flatten = try await execute(
            writerMap(#"{"WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSON"}}"#), input: input)
        #expect(flatten.output == [1, 2, 3])
        let compact = try await execute(writerMap(#"{"WriterConfig":{"Transformation":"COMPACT"}}"#), input: input)
        #expect(compact.output == [[1, 2], [3]])
        let none = try await execute(writerMap(#"{"WriterConfig":{"Transformation":"NONE"}}"#), input: input)
        #expect(none.output?[0]?["Output"] == "[1,2]")
        #expect(none.output?[0]?["Status"] == "SUCCEEDED")
    }

    @Test func jsonlOutputTypeWritesOneResultALine() async throws {
        let root = try temporaryS3Root()
        let writer =
            #"{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"jobs"},"#
            + #""WriterConfig":{"Transformation":"COMPACT","OutputType":"JSONL"}}"#
        let r = try await execute(
            writerMap(writer), input: ["xs": [["a": 1], ["a": 2]]], options: ExampleS3.options(root: root))
        #expect(r.status == .succeeded)
        let data = try #require(FileManager.default.contents(atPath: root + "/b/jobs/exec-1-2/SUCCEEDED_0.json"))
        #expect(String(decoding: data, as: UTF8.self) == "{\"a\":1}\n{\"a\":2}\n")
    }

    /// The example of definitions/distributed-map: a CSV read, batched by two, results exported.
    @Test func theRatingsExampleReadsBatchesAndExports() async throws {
        let root = try temporaryS3Root()
        try FileManager.default.copyItem(
            atPath: ExampleS3.root + "/amzn-s3-demo-bucket", toPath: root + "/amzn-s3-demo-bucket")
        let dir = URL(fileURLWithPath: ExampleS3.root).deletingLastPathComponent().path
        let text = try String(contentsOfFile: dir + "/ratings.asl.json", encoding: .utf8)
        let r = try await execute(
            text, input: ["key": "csvDataset/ratings.csv"], options: ExampleS3.options(root: root))
        #expect(r.status == .succeeded)
        let key = try #require(r.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        #expect(key == "csvProcessJobs/exec-1-2/manifest.json")
        let path = root + "/amzn-s3-demo-destination-bucket/csvProcessJobs/exec-1-2/SUCCEEDED_0.json"
        let entries = try JSONParser.parse(bytes: [UInt8](try #require(FileManager.default.contents(atPath: path))))
        #expect(entries.arrayValue?.map { $0["Output"] } == [#"{"rows":2}"#, #"{"rows":1}"#])
    }
}
