import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches the native stack of the evaluating thread. Deep recursion in an expression (JSONata
/// depth, not data size) can need more stack than a worker thread has; when the guard trips, the
/// evaluation is restarted on a thread with a large stack instead of crashing.
struct StackGuard {
    /// Below this address the stack is considered exhausted (stacks grow down).
    let limit: UInt

    /// Stack an evaluation may use on the caller's thread (worker threads have 512 KB or more).
    static let callerBudget: UInt = 256 * 1024
    /// Stack an evaluation may use on the large-stack thread.
    static let largeBudget: UInt = 200 << 20

    /// Measures from the current stack position.
    @inline(never) init(budget: UInt) {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        limit = sp > budget ? sp - budget : 0
    }

    @inline(never) func exhausted() -> Bool {
        guard limit != 0 else { return false }
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return sp < limit
    }

    static let exhaustedCode = "__stack"

    /// Runs `body` on a fresh thread with a 256 MB stack (virtual; only touched pages are used).
    static func onLargeStack<T>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 256 << 20
        thread.start()
        done.wait()
        // Taken out of the box: the thread's closure, which holds the box, may outlive this call
        // (Foundation keeps it), and must not keep the value (a compiled tree) alive with it.
        let value = box.value!
        box.value = nil
        return value
    }
}

final class ResultBox<T>: @unchecked Sendable {
    var value: T?
    init() {}
}
