#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Linux epoll set for the process event loop (`ProcessEventLoop`): a spawning thread adds a new
/// run's descriptors itself (`epoll_ctl` is thread-safe), so the loop thread is not woken for
/// each command and does not rebuild a poll set every turn; it wakes for real I/O only.
///
/// Swift's Glibc module leaves out `<sys/epoll.h>`, so the three calls are looked up at run time
/// (as `pipe2` is) and `struct epoll_event` is laid out by hand: packed, 12 bytes, on x86-64; 16
/// bytes (the 64-bit data aligned) elsewhere.
struct EpollSet: @unchecked Sendable {
    let fd: Int32

    private typealias Create1 = @convention(c) (Int32) -> Int32
    private typealias Ctl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private struct Calls: @unchecked Sendable {
        var create1: Create1
        var ctl: Ctl
        var wait: Wait
    }

    private static let calls: Calls? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let create1 = dlsym(handle, "epoll_create1"),
            let ctl = dlsym(handle, "epoll_ctl"), let wait = dlsym(handle, "epoll_wait")
        else { return nil }
        return Calls(
            create1: unsafeBitCast(create1, to: Create1.self), ctl: unsafeBitCast(ctl, to: Ctl.self),
            wait: unsafeBitCast(wait, to: Wait.self))
        #else
        return nil
        #endif
    }()

    #if arch(x86_64)
    static let eventStride = 12
    private static let dataOffset = 4
    #else
    static let eventStride = 16
    private static let dataOffset = 8
    #endif
    private static let cloexec: Int32 = 0o2_000_000  // EPOLL_CLOEXEC, as O_CLOEXEC
    private static let add: Int32 = 1  // EPOLL_CTL_ADD
    private static let delete: Int32 = 2  // EPOLL_CTL_DEL

    /// A new set, or nil where there is no epoll (then the loop polls).
    static func make() -> EpollSet? {
        guard let calls else { return nil }
        let fd = calls.create1(cloexec)
        return fd >= 0 ? EpollSet(fd: fd) : nil
    }

    /// Watches `target` for `events` (POLLIN and POLLOUT have epoll's values), level-triggered;
    /// each report carries `tag`.
    @discardableResult
    func add(_ target: Int32, events: Int16, tag: UInt64) -> Bool {
        guard let calls = Self.calls else { return false }
        var event = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: UInt32(UInt16(bitPattern: events)), toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: tag, toByteOffset: Self.dataOffset, as: UInt64.self)
            return calls.ctl(fd, Self.add, target, raw.baseAddress) == 0
        }
    }

    /// Stops watching `target`; called before it is closed, so that no copy of its file left in
    /// a process being spawned keeps it in the set.
    func remove(_ target: Int32) {
        guard let calls = Self.calls else { return }
        var event = (UInt64(0), UInt64(0))
        _ = withUnsafeMutableBytes(of: &event) { calls.ctl(fd, Self.delete, target, $0.baseAddress) }
    }

    /// Waits up to `timeoutMs` for events into `buffer` (`capacity` events of `eventStride`
    /// bytes); returns how many came (0 on a timeout or an interruption).
    func wait(_ buffer: UnsafeMutableRawPointer, capacity: Int, timeoutMs: Int32) -> Int {
        guard let calls = Self.calls else { return 0 }
        return max(0, Int(calls.wait(fd, buffer, Int32(capacity), timeoutMs)))
    }

    /// The events and tag of the `index`th report in `buffer`.
    static func event(_ buffer: UnsafeMutableRawPointer, _ index: Int) -> (events: Int16, tag: UInt64) {
        let base = buffer + index * eventStride
        let events = base.loadUnaligned(as: UInt32.self)
        let tag = base.loadUnaligned(fromByteOffset: dataOffset, as: UInt64.self)
        return (Int16(truncatingIfNeeded: events), tag)
    }
}
