import SFNJSON

/// ISO-8601 timestamps as Step Functions reads and writes them, without Foundation.
enum Timestamp {
    /// Parses an ISO-8601 extended offset date-time ("2016-03-14T01:59:00Z",
    /// "2016-03-14T01:59:00.123+01:00") to milliseconds since 1970; nil when malformed.
    /// Seconds and fraction are optional, the offset is required (as Java's ISO_OFFSET_DATE_TIME).
    static func parse(_ text: String) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else {
            return nil
        }
        guard i < b.count, b[i] == 84 || b[i] == 116 else { return nil }  // T or t
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2) else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(58) {
            guard let s = digits(2) else { return nil }
            second = s
            if expect(46) {
                var scale = 0.1
                var count = 0
                while i < b.count, b[i] >= 48 && b[i] <= 57 {
                    fraction += Double(b[i] - 48) * scale
                    scale /= 10
                    count += 1
                    i += 1
                }
                guard count >= 1 && count <= 9 else { return nil }
            }
        }
        guard month >= 1 && month <= 12, day >= 1 && day <= daysInMonth(year, month),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var offsetSeconds = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {  // Z or z
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh <= 18, om <= 59 else { return nil }
            var os = 0
            if expect(58) {
                guard let s = digits(2), s <= 59 else { return nil }
                os = s
            }
            offsetSeconds = sign * (oh * 3600 + om * 60 + os)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Double(secs) * 1000 + (fraction * 1000).rounded(.down)
    }

    /// Formats milliseconds since 1970 as "2024-05-01T12:00:00.000Z" (UTC, millisecond precision).
    static func format(millis: Double) -> String {
        // Clamp to years 0000-9999: skipped waits can push a virtual clock arbitrarily far.
        let clamped = millis.isNaN ? 0 : min(max(millis, -62_167_219_200_000), 253_402_300_799_999)
        let total = Int(clamped.rounded(.down))
        var secs = total / 1000
        var ms = total % 1000
        if ms < 0 { ms += 1000; secs -= 1 }
        var days = secs / 86400
        var rem = secs % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        var out = ""
        out.reserveCapacity(24)
        func pad(_ v: Int, _ width: Int) {
            let s = String(v)
            if s.count < width { out += String(repeating: "0", count: width - s.count) }
            out += s
        }
        pad(y, 4); out += "-"; pad(m, 2); out += "-"; pad(d, 2); out += "T"
        pad(rem / 3600, 2); out += ":"; pad(rem / 60 % 60, 2); out += ":"; pad(rem % 60, 2)
        out += "."; pad(ms, 3); out += "Z"
        return out
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        CivilDate.days(year: year, month: month, day: day)
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let d = CivilDate.date(days: days)
        return (d.year, d.month, d.day)
    }
}
