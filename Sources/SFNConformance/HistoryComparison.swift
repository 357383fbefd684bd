import SFNCore

/// Compares a recorded history (event types and state names) with the one an execution produced.
/// Events of Parallel branches and Map iterations interleave differently on every run, so where
/// the recording has them the comparison is of the multiset of events; otherwise it is in order.
public enum HistoryComparison {
    static let unordered: Set<String> = [
        "ParallelStateStarted", "MapStateStarted", "MapIterationStarted", "MapRunStarted",
    ]

    public static func difference(expected: [(type: String, name: String?)], actual: [HistoryEvent]) -> String? {
        // AWS numbers a ParallelStateSucceeded event (the recorded ids leave a gap for it before
        // ParallelStateExited), but LocalStack's recordings dropped it from the lists they kept:
        // ours is left out of the comparison, never out of the history.
        let produced = actual.filter { $0.type != .parallelStateSucceeded }.map { ($0.type.rawValue, $0.stateName) }
        func key(_ e: (String, String?), keepName: Bool) -> String { keepName ? e.0 + "/" + (e.1 ?? "") : e.0 }
        if expected.contains(where: { unordered.contains($0.type) }) {
            // Names are compared only where the recording has one.
            var counts: [String: Int] = [:]
            for e in expected { counts[key((e.type, e.name), keepName: e.name != nil), default: 0] += 1 }
            var unmatched: [String] = []
            for p in produced {
                let named = key(p, keepName: true)
                let bare = key(p, keepName: false)
                if let n = counts[named], n > 0 {
                    counts[named] = n - 1
                } else if let n = counts[bare], n > 0 {
                    counts[bare] = n - 1
                } else {
                    unmatched.append(named)
                }
            }
            let missing = counts.filter { $0.value > 0 }.keys.sorted()
            if missing.isEmpty && unmatched.isEmpty { return nil }
            return "missing \(missing.prefix(5)), unexpected \(unmatched.prefix(5))"
        }
        for (i, e) in expected.enumerated() {
            guard i < produced.count else { return "event #\(i + 1): expected \(e.type), the history ended" }
            let p = produced[i]
            if p.0 != e.type || (e.name != nil && p.1 != e.name) {
                return "event #\(i + 1): expected \(e.type) \(e.name ?? ""), got \(p.0) \(p.1 ?? "")"
            }
        }
        if produced.count > expected.count {
            return "event #\(expected.count + 1): unexpected \(produced[expected.count].0)"
        }
        return nil
    }
}
