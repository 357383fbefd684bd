#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A spawn request as it travels from sfn to a reaper (`SupervisorMessages`): the strings
/// `execve` takes, each ending in a NUL byte, after a 9-byte header (flags, then the number of
/// arguments and of environment entries, 32-bit little-endian). The reaper points `argv` and
/// `envp` straight into the bytes it received: no parse, no `String` and no copy per string, which
/// a JSON request cost for every command (a C string stops at its first NUL, as it did there).
struct SpawnRequest {
    /// The arguments, then nil.
    let argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let argc: Int
    /// The environment, then nil; nil for the reaper's own.
    let envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    let envc: Int
    let workingDirectory: UnsafePointer<CChar>?
    let searchPath: Bool
    let heartbeat: Bool

    private static let searchFlag: UInt8 = 1
    private static let heartbeatFlag: UInt8 = 2
    private static let environmentFlag: UInt8 = 4
    private static let directoryFlag: UInt8 = 8
    private static let headerSize = 9

    /// The bytes of a request.
    static func encode(
        argv: [String], searchPath: Bool, environment: [String]?, workingDirectory: String?, heartbeat: Bool
    ) -> [UInt8] {
        var flags: UInt8 = 0
        if searchPath { flags |= searchFlag }
        if heartbeat { flags |= heartbeatFlag }
        if environment != nil { flags |= environmentFlag }
        if workingDirectory != nil { flags |= directoryFlag }
        var size = headerSize + (workingDirectory?.utf8.count ?? 0) + 1
        for s in argv { size += s.utf8.count + 1 }
        for s in environment ?? [] { size += s.utf8.count + 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        bytes.append(flags)
        for count in [argv.count, environment?.count ?? 0] {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian) { bytes.append(contentsOf: $0) }
        }
        for s in argv + (environment ?? []) + (workingDirectory.map { [$0] } ?? []) {
            // Up to a NUL inside, as `execve` would read it: the strings after it stay in place.
            bytes.append(contentsOf: s.utf8.prefix { $0 != 0 })
            bytes.append(0)
        }
        return bytes
    }

    /// The request in `bytes`, which must stay in place while it is used; nil when they are not
    /// one (then the reaper answers EINVAL). Call `release()` when done.
    init?(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        guard bytes.count >= Self.headerSize, let base = bytes.baseAddress else { return nil }
        let flags = bytes[0]
        let argc = Int(UInt32(littleEndian: UnsafeRawPointer(base + 1).loadUnaligned(as: UInt32.self)))
        let envc = Int(UInt32(littleEndian: UnsafeRawPointer(base + 5).loadUnaligned(as: UInt32.self)))
        let hasDirectory = flags & Self.directoryFlag != 0
        let wanted = argc + envc + (hasDirectory ? 1 : 0)
        // Each string needs at least its NUL: a count beyond the bytes is not a request.
        guard argc > 0, wanted <= bytes.count - Self.headerSize else { return nil }
        var starts: [UnsafeMutablePointer<CChar>] = []
        starts.reserveCapacity(wanted)
        var i = Self.headerSize
        while starts.count < wanted {
            let start = i
            while i < bytes.count && bytes[i] != 0 { i += 1 }
            guard i < bytes.count else { return nil }
            starts.append(UnsafeMutableRawPointer(base + start).assumingMemoryBound(to: CChar.self))
            i += 1
        }
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: argc + 1)
        for k in 0..<argc { argv[k] = starts[k] }
        argv[argc] = nil
        var envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        if flags & Self.environmentFlag != 0 {
            let env = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: envc + 1)
            for k in 0..<envc { env[k] = starts[argc + k] }
            env[envc] = nil
            envp = env
        }
        self.argv = argv
        self.argc = argc
        self.envp = envp
        self.envc = envc
        self.workingDirectory = hasDirectory ? UnsafePointer(starts[argc + envc]) : nil
        self.searchPath = flags & Self.searchFlag != 0
        self.heartbeat = flags & Self.heartbeatFlag != 0
    }

    /// Frees the pointer arrays (not the strings, which are the request's bytes).
    func release() {
        argv.deallocate()
        envp?.deallocate()
    }

    /// The arguments as strings (for `posix_spawn`'s way, which takes them so).
    var arguments: [String] { (0..<argc).map { String(cString: argv[$0]!) } }
    /// The environment as strings, nil for the reaper's own.
    var environment: [String]? { envp.map { env in (0..<envc).map { String(cString: env[$0]!) } } }
    var directory: String? { workingDirectory.map { String(cString: $0) } }
}
