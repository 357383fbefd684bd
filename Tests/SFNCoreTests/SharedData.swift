import Foundation
import SFNJSON
import Testing

/// The shared ground truth next to the package (../shared): the validate corpus and the
/// conformance recordings. Tests that read it are enabled only when `isPresent`, with a reason.
enum SharedData {
    /// `<package root>/../shared`, found from this file's path; a worktree kept one level deeper
    /// (`/work/wt/<name>`) finds the same directory further up.
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<3 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("validate-corpus").path) {
                return candidate
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func files(in dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func text(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Keys of `<source>/doubtful.json` ("valid/x.json", "invalid/y.json").
    static func doubtful(_ source: URL) -> Set<String> {
        guard let t = text(source.appendingPathComponent("doubtful.json")),
            case .object(let o)? = try? JSONParser.parse(t)
        else { return [] }
        return Set(o.keys)
    }
}

/// The helpers' own contract, which the corpus tests rely on to find and read the shared data.
struct SharedDataTests {
    @Test func rootIsASharedDirectoryBesideThePackageOrAbove() {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        #expect(SharedData.root.lastPathComponent == "shared")
        #expect(package.path.hasPrefix(SharedData.root.deletingLastPathComponent().path + "/"))
        #expect(SharedData.isPresent == FileManager.default.fileExists(atPath: SharedData.root.path))
    }

    @Test func filesTextAndDoubtfulKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(SharedData.doubtful(dir).isEmpty)
        for (name, text) in [("b.json", "[]"), ("a.json", "{}"), ("notes.txt", "x")] {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        let files = SharedData.files(in: dir)
        #expect(files.map(\.lastPathComponent) == ["a.json", "b.json"])
        #expect(SharedData.text(files[1]) == "[]")
        #expect(SharedData.text(dir.appendingPathComponent("missing.json")) == nil)
        try Data(#"{"valid/x.json": "a linter disagrees", "invalid/y.json": "unclear"}"#.utf8)
            .write(to: dir.appendingPathComponent("doubtful.json"))
        #expect(SharedData.doubtful(dir) == ["valid/x.json", "invalid/y.json"])
    }
}
