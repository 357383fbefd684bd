import Foundation
import SFNCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The live status line on a terminal's standard error: the states running now, each Map's
/// iterations done out of its total with a bar, and the time since the start. Events only
/// update counters; a thread of its own redraws the line ten times a second, so a fast loop pays
/// a lock and a few additions per event, not a terminal write.
final class ProgressObserver: ExecutionObserver {
    struct MapProgress {
        var name: String
        var total: Int
        var done = 0
    }

    struct Status {
        /// States entered and not yet left, by name, in the order first entered.
        var running: [(name: String, count: Int)] = []
        var maps: [MapProgress] = []
        /// The Map state whose MapStateStarted comes next.
        var enteringMap: String?
        var ended = false
    }

    private let status = Mutex(Status())
    private let started: Double
    private let write: @Sendable (String) -> Void
    private let width: @Sendable () -> Int
    private let stopped = Atomic<Bool>(false)
    private let drawn = Atomic<Bool>(false)

    /// `write` puts text on the terminal; `width` is its width in columns.
    init(
        write: @escaping @Sendable (String) -> Void,
        width: @escaping @Sendable () -> Int = ProgressObserver.terminalWidth
    ) {
        self.write = write
        self.width = width
        started = HandlerClockCLI.now()
    }

    func receive(_ event: HistoryEvent) {
        let type = event.type.rawValue
        status.withLock { s in
            if type.hasSuffix("StateEntered"), let name = event.stateName {
                if let i = s.running.firstIndex(where: { $0.name == name }) {
                    s.running[i].count += 1
                } else {
                    s.running.append((name, 1))
                }
                if event.type == .mapStateEntered { s.enteringMap = name }
                // A Fail state has no exit: it ends where it starts.
                if event.type == .failStateEntered { s.leave(name) }
            } else if type.hasSuffix("StateExited"), let name = event.stateName {
                s.leave(name)
                if event.type == .mapStateExited, let i = s.maps.lastIndex(where: { $0.name == name }) {
                    s.maps.remove(at: i)
                }
            } else if case .mapStateStarted(let length) = event.details {
                s.maps.append(MapProgress(name: s.enteringMap ?? "Map", total: length))
            } else if case .mapIteration(let name, _) = event.details, event.type != .mapIterationStarted {
                if let i = s.maps.lastIndex(where: { $0.name == name }) { s.maps[i].done += 1 }
            } else if event.type == .executionSucceeded || event.type == .executionFailed
                || event.type == .executionAborted || event.type == .executionTimedOut
            {
                s.ended = true
            }
        }
    }

    /// Starts redrawing every `interval` seconds until `finish`.
    func start(interval: Double = 0.1) {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                usleep(UInt32(interval * 1_000_000))
                if stopped.load(ordering: .acquiring) { break }
                draw()
            }
        }
        thread.name = "sfn.progress"
        thread.start()
    }

    /// Redraws the line now.
    func draw() {
        let text = line(elapsed: HandlerClockCLI.now() - started)
        drawn.store(true, ordering: .releasing)
        write("\r" + text + "\u{1B}[K")
    }

    /// Erases the line for good (before the output or the error is printed).
    func finish() {
        if stopped.exchange(true, ordering: .acquiringAndReleasing) { return }
        if drawn.load(ordering: .acquiring) { write("\r\u{1B}[K") }
    }

    /// The status line, cut to the terminal's width (a wrapped line could not be erased).
    func line(elapsed: Double) -> String {
        let s = status.withLock { $0 }
        var parts = [String(format: "%.1fs", elapsed)]
        let active = s.running.filter { $0.count > 0 }
        if !active.isEmpty {
            let names = active.prefix(3).map { $0.count > 1 ? "\($0.name) ×\($0.count)" : $0.name }
            var text = "running " + names.joined(separator: ", ")
            if active.count > 3 { text += " +\(active.count - 3)" }
            parts.append(text)
        }
        for map in s.maps.suffix(2) {
            parts.append("\(map.name) \(map.done)/\(map.total) \(Self.bar(map.done, map.total))")
        }
        let full = parts.joined(separator: "  ")
        let limit = max(10, width() - 1)
        return full.count > limit ? String(full.prefix(limit - 1)) + "…" : full
    }

    static func bar(_ done: Int, _ total: Int, cells: Int = 20) -> String {
        let filled = total > 0 ? min(cells, done * cells / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "]"
    }

    /// Standard error's terminal width, 80 when it cannot be told.
    static let terminalWidth: @Sendable () -> Int = {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

extension ProgressObserver.Status {
    mutating func leave(_ name: String) {
        if let i = running.firstIndex(where: { $0.name == name }), running[i].count > 0 { running[i].count -= 1 }
    }
}

/// A monotonic clock in seconds for the CLI's own timing.
enum HandlerClockCLI {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
