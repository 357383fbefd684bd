import Foundation
import Testing

@testable import SFNCore

/// A reaper's PATH lookups: the file posix_spawnp would run, found once.
struct CommandPathTests {
    @Test func findsTheFirstExecutableOnPath() throws {
        let found = try #require(CommandPath.resolve("sh"), "sh is on every PATH")
        #expect(found.hasPrefix("/") && found.hasSuffix("/sh"))
        #expect(access(found, X_OK) == 0)
        // The first PATH folder that has it, as posix_spawnp searches.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let first = path.split(separator: ":").map { String($0) + "/sh" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        #expect(found == first)
    }

    @Test func leavesNamesWithASlashAndUnknownNamesToPosixSpawnp() {
        #expect(CommandPath.resolve("./sh") == nil)
        #expect(CommandPath.resolve("/bin/sh") == nil)
        #expect(CommandPath.resolve("") == nil)
        #expect(CommandPath.resolve("sfn-no-such-command-\(UUID().uuidString)") == nil)
    }
}
