import Foundation
import SFNJSON
import Testing

@testable import SFNCore

/// The streamed ItemReader (CSV and JSONL read a chunk at a time).
struct ItemStreamTests {
    func file(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("x").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func csvRowsCountAndStream() throws {
        let path = try file("a,b\n1,2\n3,4\n5,6\n")
        let config = try ReaderConfig(["InputType": "CSV"])
        #expect(try ItemStream.count(path: path, bucket: "b", key: "x", config: config) == 3)
        var stream = try ItemStream(path: path, bucket: "b", key: "x", config: config)
        var rows: [JSONValue] = []
        while let row = try stream.next() { rows.append(row) }
        #expect(rows == [["a": "1", "b": "2"], ["a": "3", "b": "4"], ["a": "5", "b": "6"]])
    }
}
