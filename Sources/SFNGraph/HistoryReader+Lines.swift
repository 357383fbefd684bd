import SFNJSON

extension HistoryReader {
    /// The nearest entry still open up the `previousEventId` line from `event` (and named `name`
    /// when given: an Exited event closes its own state's entry).
    mutating func owner(of event: Int, named name: String? = nil) -> Int? {
        var e = event
        var visited: [Int] = []
        while e > 0 {
            if let entry = entryOfEvent[e], entries[entry].open { break }
            visited.append(e)
            e = jump[e] ?? parent[e] ?? 0
        }
        for v in visited { jump[v] = e }
        if let found = entryOfEvent[e], name == nil || entries[found].name == name { return found }
        guard let name else { return nil }
        // A history whose lines do not lead to the state (hand-made, or trimmed): the latest
        // open entry of that name.
        return entries.lastIndex { $0.open && $0.name == name }
    }

    /// The event's `...EventDetails` member, whatever its type's key.
    static func details(of event: JSONValue, type: String) -> JSONValue? {
        if type.hasSuffix("StateEntered") { return event["stateEnteredEventDetails"] }
        if type.hasSuffix("StateExited") { return event["stateExitedEventDetails"] }
        return event[type.prefix(1).lowercased() + type.dropFirst() + "EventDetails"]
    }

    /// A payload as text: AWS sends JSON text; some recorders store it parsed.
    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONPrinter.compact(value)
    }

    /// Milliseconds since 1970 of an event's timestamp: an ISO 8601 string, or a number of
    /// seconds (the AWS CLI's epoch form) or milliseconds.
    static func millis(_ value: JSONValue) -> Double? {
        if let d = value.doubleValue { return d > 1e11 ? d : d * 1000 }
        guard let text = value.stringValue else { return nil }
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
            let h = number(i + 1, 2), let m = number(i + 4, 2)
        {
            offset = (b[i] == UInt8(ascii: "+") ? 1 : -1) * (h * 60 + m) * 60
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return (Double(seconds) + fraction) * 1000
    }
}
