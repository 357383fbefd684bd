import SFNJSON

// Releasing and converting engine values without recursing on their depth: `$reduce` can nest an
// object 40,000 levels deep in a few milliseconds, far deeper than a thread's stack can follow.

/// Containers whose last owner is being freed, released one at a time from a work list.
struct ContainerRelease {
    private var seqs: [Seq] = []
    private var objs: [Obj] = []

    /// Frees `items` and every nested container nothing else holds.
    static func release(_ items: inout [Val]) {
        guard items.contains(where: { $0.isEngineContainer }) else { return }
        var work = ContainerRelease()
        work.take(&items)
        work.drain()
    }

    private mutating func take(_ items: inout [Val]) {
        for value in items {
            switch value {
            case .array(let s): seqs.append(s)
            case .object(let o): objs.append(o)
            default: break
            }
        }
        // Dropping the items leaves the work list as the only owner of containers not shared.
        items = []
    }

    private mutating func drain() {
        while true {
            if var s = seqs.popLast() {
                if isKnownUniquelyReferenced(&s) { take(&s.items) }
            } else if var o = objs.popLast() {
                if isKnownUniquelyReferenced(&o) { take(&o.values) }
            } else {
                return
            }
        }
    }
}

extension Val {
    @inline(__always) var isEngineContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    /// Values nested deeper than this cannot become JSON: sfn's JSON parser reads back no deeper.
    static let maxJSONDepth = 512

    /// `toJSON`, refusing values nested deeper than `maxJSONDepth` with U1002 instead of
    /// overflowing the stack.
    func toJSONBounded() throws(JSONataError) -> JSONValue? {
        guard let json = toJSON(depth: 0) else {
            if isEngineContainer {
                throw JSONataError(
                    code: "U1002",
                    message:
                        "The result nests deeper than \(Val.maxJSONDepth) levels of arrays and objects, more than JSON output allows"
                )
            }
            return nil
        }
        return json
    }
}
