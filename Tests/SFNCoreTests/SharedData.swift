import Foundation
import SFNJSON

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
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("validate-corpus").path) { return candidate }
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
              case .object(let o)? = try? JSONParser.parse(t) else { return [] }
        return Set(o.keys)
    }
}
