#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The PATH lookups of one reaper (`CommandReaper`), kept for its later commands. `posix_spawnp`
/// tries `execve` in each PATH folder until one succeeds: with a long PATH that was 15 failed
/// `execve` calls for every `cat` of a Map. A reaper runs one command at a time, on one thread.
enum CommandPath {
    nonisolated(unsafe) private static var found: [String: String] = [:]

    /// The file that `posix_spawnp` would run for `name`, searched on this process's PATH as it
    /// does; nil when `posix_spawnp` should search itself (a name with a slash, a relative PATH
    /// folder, which a working directory changes, or nothing found).
    static func resolve(_ name: String) -> String? {
        if name.isEmpty || name.utf8.contains(UInt8(ascii: "/")) { return nil }
        if let path = found[name] { return path }
        let search = getenv("PATH").map { String(cString: $0) } ?? "/bin:/usr/bin"
        for folder in search.split(separator: ":", omittingEmptySubsequences: false) {
            guard folder.first == "/" else { return nil }
            let candidate = folder + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                found[name] = candidate
                return candidate
            }
        }
        return nil
    }

    /// Forgets a file that could not be run (removed or replaced since it was found).
    static func forget(_ name: String) {
        found[name] = nil
    }
}
