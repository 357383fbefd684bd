import Foundation
import SFNCore
import SFNJSON
import Testing

/// The example S3 folder in the repo (definitions/distributed-map/s3), shaped after AWS's
/// documented ItemReader examples (ratings.csv, a fact-check JSON dataset, an S3 Inventory).
enum ExampleS3 {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("definitions/distributed-map/s3").path
    static let bucket = "amzn-s3-demo-bucket"

    /// Options reading the example folder (or `root`), with a fixed clock and names.
    static func options(root: String = ExampleS3.root) -> ExecutionOptions {
        var o = testOptions()
        o.s3Root = root
        return o
    }
}

/// A DISTRIBUTED Map with the given ItemReader whose Pass processor hands each item back.
func readerMap(_ reader: String, extra: String = "") -> String {
    #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":"# + reader
        + #","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"#
        + #""StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"# + extra + #","End":true}}}"#
}

/// `s3:getObject` of `key` in the example bucket with the given ReaderConfig.
func getObject(_ key: String, _ config: String) -> String {
    #"{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":"# + config
        + #","Parameters":{"Bucket":"amzn-s3-demo-bucket","Key":""# + key + #""}}"#
}

struct DistributedMapReaderTests {
    @Test func csvWithHeaderRowGivesAnObjectOfStringsPerRow() async throws {
        let def = readerMap(
            getObject("csvDataset/ratings.csv", #"{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}"#))
        let r = try await execute(def, options: ExampleS3.options())
        #expect(r.status == .succeeded)
        #expect(
            r.output == [
                ["userId": "1", "movieId": "307", "rating": "3.5", "timestamp": "1256677221"],
                ["userId": "1", "movieId": "481", "rating": "3.5", "timestamp": "1256677456"],
                ["userId": "1", "movieId": "1091", "rating": "1.5", "timestamp": "1256677471"],
            ])
    }

    @Test func csvHeaderLocationDefaultsToFirstRow() async throws {
        let def = readerMap(getObject("csvDataset/ratings.csv", #"{"InputType":"CSV","MaxItems":1}"#))
        let r = try await execute(def, options: ExampleS3.options())
        #expect(r.output == [["userId": "1", "movieId": "307", "rating": "3.5", "timestamp": "1256677221"]])
    }

    @Test func givenHeadersNameEveryRowIncludingTheFirst() async throws {
        let config = #"{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["user","movie","rating","at"]}"#
        let r = try await execute(
            readerMap(getObject("csvDataset/ratings-noheader.csv", config)), options: ExampleS3.options())
        #expect(
            r.output == [
                ["user": "1", "movie": "307", "rating": "3.5", "at": "1256677221"],
                ["user": "1", "movie": "481", "rating": "3.5", "at": "1256677456"],
            ])
    }

    @Test(
        arguments: [
            ("SEMICOLON", "csvDataset/ratings.ssv"), ("TAB", "csvDataset/ratings.tsv"),
            ("SPACE", "csvDataset/ratings.txt"),
        ])
    func everyDelimiterAWSOffers(delimiter: String, key: String) async throws {
        let config = #"{"InputType":"CSV","CSVDelimiter":""# + delimiter + #""}"#
        let r = try await execute(readerMap(getObject(key, config)), options: ExampleS3.options())
        #expect(r.output == [["userId": "1", "movieId": "307"], ["userId": "2", "movieId": "481"]])
    }

    @Test func pipeDelimitedFieldsMayBeQuotedWithDelimitersAndDoubledQuotes() async throws {
        let r = try await execute(
            readerMap(getObject("csvDataset/ratings.psv", #"{"InputType":"CSV","CSVDelimiter":"PIPE"}"#)),
            options: ExampleS3.options())
        #expect(
            r.output == [
                ["userId": "1", "movieId": "307", "title": "Three Colors: Blue, 1993"],
                ["userId": "2", "movieId": "481", "title": #"Kalifornia "1993""#],
            ])
    }

    @Test func jsonArrayAndJSONLinesGiveTheSameItems() async throws {
        let array = try await execute(
            readerMap(getObject("jsonDataset/factcheck.json", #"{"InputType":"JSON","MaxItems":2}"#)),
            options: ExampleS3.options())
        #expect(
            array.output == [
                ["verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"],
                ["verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"],
            ])
        let lines = try await execute(
            readerMap(getObject("jsonDataset/factcheck.jsonl", #"{"InputType":"JSONL"}"#)), options: ExampleS3.options()
        )
        #expect(lines.output?.arrayValue?.count == 3)
        #expect(lines.output?[2] == ["verdict": "mostly-true", "statement_date": "5/18/2016"])
    }

    @Test func maxItemsPathReadsTheEffectiveInput() async throws {
        let def = readerMap(getObject("csvDataset/ratings.csv", #"{"InputType":"CSV","MaxItemsPath":"$.limit"}"#))
        let r = try await execute(def, input: ["limit": 2], options: ExampleS3.options())
        #expect(r.output?.arrayValue?.count == 2)
    }

    @Test func parametersPathsPickTheObject() async throws {
        let reader =
            #"{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"#
            + #""Parameters":{"Bucket.$":"$.bucket","Key.$":"$.key"}}"#
        let input: JSONValue = ["bucket": "amzn-s3-demo-bucket", "key": "jsonDataset/factcheck.jsonl"]
        let r = try await execute(readerMap(reader), input: input, options: ExampleS3.options())
        #expect(r.output?.arrayValue?.count == 3)
    }

    @Test func s3InventoryManifestReadsItsCSVFilesWithTheSchemaColumns() async throws {
        let r = try await execute(
            readerMap(getObject("inventory/manifest.json", #"{"InputType":"MANIFEST"}"#)), options: ExampleS3.options())
        #expect(
            r.output == [
                ["Bucket": "amzn-s3-demo-source-bucket", "Key": "images/a.jpg", "Size": "34910"],
                ["Bucket": "amzn-s3-demo-source-bucket", "Key": "images/b.jpg", "Size": "2000"],
                ["Bucket": "amzn-s3-demo-source-bucket", "Key": "images/c.jpg", "Size": "12"],
            ])
    }

    @Test func listObjectsV2GivesAWSsItemShapeInKeyOrder() async throws {
        let reader =
            #"{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"amzn-s3-demo-bucket","Prefix":"jsonDataset/"}}"#
        let r = try await execute(readerMap(reader), options: ExampleS3.options())
        let items = try #require(r.output?.arrayValue)
        #expect(items.map { $0["Key"] } == ["jsonDataset/factcheck.json", "jsonDataset/factcheck.jsonl"])
        let file = ExampleS3.root + "/amzn-s3-demo-bucket/jsonDataset/factcheck.json"
        let bytes = try #require(FileManager.default.contents(atPath: file))
        #expect(items[0]["Size"] == .int(bytes.count))
        #expect(items[0]["Etag"] == .string("\"" + Digest.hex(Digest.md5([UInt8](bytes))) + "\""))
        #expect(items[0]["StorageClass"] == "STANDARD")
        #expect(items[0]["LastModified"]?.intValue != nil)
    }

    @Test func aMissingObjectFailsWithItemReaderFailedNamingIt() async throws {
        let r = try await execute(
            readerMap(getObject("nothing/here.csv", #"{"InputType":"CSV"}"#)), options: ExampleS3.options())
        #expect(r.status == .failed)
        #expect(r.error == "States.ItemReaderFailed")
        #expect(r.cause?.contains("s3://amzn-s3-demo-bucket/nothing/here.csv") == true)
    }

    @Test func parquetIsRefusedWithAClearMessage() async throws {
        let r = try await execute(
            readerMap(getObject("csvDataset/ratings.csv", #"{"InputType":"PARQUET"}"#)), options: ExampleS3.options())
        #expect(r.error == "States.ItemReaderFailed")
        #expect(r.cause?.contains("PARQUET is not supported locally") == true)
    }

    @Test func aKeyLeavingTheBucketIsRefused() async throws {
        let r = try await execute(
            readerMap(getObject("../amzn-s3-demo-bucket/csvDataset/ratings.csv", #"{"InputType":"CSV"}"#)),
            options: ExampleS3.options())
        #expect(r.error == "States.ItemReaderFailed")
    }

    @Test func badJSONLNamesTheLine() async throws {
        let root = try temporaryS3Root()
        try Data("{\"a\":1}\n{oops\n".utf8).write(to: URL(fileURLWithPath: root + "/b/x.jsonl"))
        var options = ExampleS3.options(root: root)
        options.s3Root = root
        let reader =
            #"{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"b","Key":"x.jsonl"}}"#
        let r = try await execute(readerMap(reader), options: options)
        #expect(r.error == "States.ItemReaderFailed")
        #expect(r.cause?.contains("x.jsonl:2:") == true)
    }
}

/// A fresh folder standing in for S3, with an empty bucket `b`.
func temporaryS3Root() throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-s3-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
    return root
}
