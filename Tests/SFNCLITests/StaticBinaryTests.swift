import Foundation
import Testing

/// The release binary (what `make install` installs) needs no Swift toolchain: ldd lists no Swift
/// library and no SQLite, and it runs from an empty directory with a bare environment. Runs when a
/// release build exists (`swift build -c release`, `make release`).
struct StaticBinaryTests {
    static let release = CLI.packageRoot.appendingPathComponent(".build/release/sfn")
    static let built = FileManager.default.isExecutableFile(atPath: release.path)

    @Test(.enabled(if: built, "no release build: run `make release` to check the static binary"))
    func releaseBinaryLinksNoSwiftLibrary() async throws {
        let ldd = try await CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ldd"), [Self.release.path], timeout: 60)
        #expect(ldd.status == 0)
        let libraries = ldd.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!libraries.isEmpty)
        for library in libraries {
            #expect(!library.contains("swift") && !library.contains("Foundation"), "\(library)")
            #expect(!library.contains("sqlite"), "\(library)")
            #expect(!library.contains("icu"), "\(library)")
        }
    }

    @Test(.enabled(if: built, "no release build: run `make release` to check the static binary"))
    func releaseBinaryRunsWithABareEnvironment() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-bare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("sfn")
        try FileManager.default.copyItem(at: Self.release, to: binary)
        let definition = CLI.packageRoot.appendingPathComponent("definitions/hello.asl.json").path
        let script = "cd '\(dir.path)' && exec /usr/bin/env -i ./sfn run '\(definition)' --input '{\"name\": \"bare\"}'"
        let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"greeting\":\"Hello, bare!\"}\n")
        // The run was recorded in the store under the empty directory: SQLite works without its package.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".sfn/sfn.db").path))
        let version = try await CLI.runProcess(binary, ["--version"], timeout: 30)
        #expect(version.stdout.hasPrefix("sfn 0.1.0 (commit "))
    }
}
