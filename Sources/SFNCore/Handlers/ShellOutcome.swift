#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What became of one command run.
public struct ShellOutcome: Sendable {
    public enum Ending: Sendable, Hashable {
        /// The command ran to its end by itself.
        case finished
        /// TimeoutSeconds elapsed; the process group was killed.
        case timedOut
        /// HeartbeatSeconds elapsed without a heartbeat; the process group was killed.
        case heartbeatTimedOut
        /// The Swift task was cancelled; the process group was killed.
        case cancelled
        /// stdout grew past `ShellRunner.maxOutputBytes`; the process group was killed.
        case outputTooLarge
    }

    public var ending: Ending
    /// The raw wait status of the group leader.
    public var waitStatus: Int32
    public var stdout: [UInt8]
    /// The last `ShellRunner.stderrTailBytes` bytes of stderr.
    public var stderr: [UInt8]

    /// The exit status when the command exited normally.
    public var exitStatus: Int32? { (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : nil }
    /// The signal that ended the command, if one did.
    public var terminatingSignal: Int32? {
        let s = waitStatus & 0x7f
        return s != 0 && s != 0x7f ? s : nil
    }

    /// The conventional name of a signal (`SIGSEGV`), nil for one without a portable name.
    public static func signalName(_ signal: Int32) -> String? {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return names[signal]
    }
}
