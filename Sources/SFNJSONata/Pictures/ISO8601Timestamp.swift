// $toMillis without a picture: the ISO 8601 check jsonata-js applies, then what JavaScript's
// Date.parse makes of the text (date-only and offset-less forms are taken as UTC).

enum ISO8601Timestamp {
    /// nil when the text fails jsonata-js's ISO 8601 pattern (error D3110); NaN when it passes
    /// the pattern but is not a date JavaScript can read.
    static func parse(_ text: String) -> Double? {
        let s = Array(text.utf8)
        guard matchesPattern(s) else { return nil }
        return value(s)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// ^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$
    private static func matchesPattern(_ s: [UInt8]) -> Bool {
        guard s.count >= 4, s[0..<4].allSatisfy(isDigit) else { return false }
        // The month groups may all be empty, so the two runs together accept any run of "-dd"
        // whose first digits are 0-3. A trailing "-dd" may also be the start of an offset
        // ("2018-0230"), so fewer groups are tried when the rest does not match.
        var groups = 0
        while 4 + 3 * groups + 2 < s.count, s[4 + 3 * groups] == UInt8(ascii: "-"), isDigit(s[4 + 3 * groups + 1]),
            isDigit(s[4 + 3 * groups + 2]), s[4 + 3 * groups + 1] <= 51
        {
            groups += 1
        }
        for taken in stride(from: groups, through: 0, by: -1) where matchesTail(s, from: 4 + 3 * taken) {
            return true
        }
        return false
    }

    private static func matchesTail(_ s: [UInt8], from start: Int) -> Bool {
        var i = start
        while i + 8 < s.count, s[i] == UInt8(ascii: "T"), s[i + 1] >= 48, s[i + 1] <= 50, isDigit(s[i + 2]),
            s[i + 3] == UInt8(ascii: ":"), s[i + 4] >= 48, s[i + 4] <= 53, isDigit(s[i + 5]),
            s[i + 6] == UInt8(ascii: ":"), s[i + 7] >= 48, s[i + 7] <= 53, isDigit(s[i + 8])
        {
            i += 9
        }
        if i + 1 < s.count, s[i] == UInt8(ascii: "."), isDigit(s[i + 1]) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "Z") {
            i += 1
        } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard i + 2 < s.count, s[i + 1] >= 48, s[i + 1] <= 50, isDigit(s[i + 2]) else { return false }
            i += 3
            if i < s.count, s[i] == UInt8(ascii: ":") { i += 1 }
            guard i + 1 < s.count, s[i] >= 48, s[i] <= 53, isDigit(s[i + 1]) else { return false }
            i += 2
        }
        return i == s.count
    }

    /// Date.parse of a text that passed the pattern: YYYY[-MM[-DD]][THH:mm:ss[.fff...][Z|±HH[:]mm]].
    private static func value(_ s: [UInt8]) -> Double {
        func number(_ from: Int, _ count: Int) -> Double {
            var v = 0.0
            for k in from..<(from + count) { v = v * 10 + Double(s[k] - 48) }
            return v
        }
        let year = number(0, 4)
        var month = 1.0
        var day = 1.0
        var i = 4
        if i < s.count, s[i] == UInt8(ascii: "-") {
            month = number(i + 1, 2)
            i += 3
            if i < s.count, s[i] == UInt8(ascii: "-") {
                day = number(i + 1, 2)
                i += 3
            }
        }
        var hours = 0.0
        var minutes = 0.0
        var seconds = 0.0
        var millis = 0.0
        var offset = 0.0
        if i == s.count - 1 && s[i] == UInt8(ascii: "Z") {
            // Not an ECMAScript date-time form; V8's fallback parser reads it as a UTC date, with
            // two-digit-style years (0-49 → 2000s, 50-99 → 1900s) and days carried over.
            guard month >= 1, month <= 12, day >= 1, day <= 31 else { return .nan }
            let legacyYear = year < 50 ? year + 2000 : year < 100 ? year + 1900 : year
            return CivilCalendar.utc(legacyYear, month - 1, day)
        }
        if i < s.count {
            guard s[i] == UInt8(ascii: "T") else { return .nan }
            hours = number(i + 1, 2)
            minutes = number(i + 4, 2)
            seconds = number(i + 7, 2)
            i += 9
            if i < s.count, s[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 100.0
                while i < s.count, isDigit(s[i]) {
                    millis += Double(s[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                millis = millis.rounded(.down)
            }
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") {
                    i += 1
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    let sign: Double = s[i] == UInt8(ascii: "-") ? -1 : 1
                    let h = number(i + 1, 2)
                    var j = i + 3
                    if s[j] == UInt8(ascii: ":") { j += 1 }
                    let m = number(j, 2)
                    guard h <= 23 else { return .nan }
                    offset = sign * (h * 60 + m)
                    i = j + 2
                } else {
                    return .nan
                }
            }
            guard i == s.count else { return .nan }
        }
        guard month >= 1, month <= 12, day >= 1, day <= 31, minutes <= 59, seconds <= 59 else { return .nan }
        guard hours < 24 || (hours == 24 && minutes == 0 && seconds == 0 && millis == 0) else { return .nan }
        let t = CivilCalendar.utc(year, month - 1, day, hours, minutes, seconds, millis)
        // Date.UTC maps years 0-99 to 1900-1999; ISO text never does.
        let correction =
            year <= 99
            ? CivilCalendar.utc(year + 400, month - 1, day, hours, minutes, seconds, millis)
                - 400 * 365.2425 * CivilCalendar.msPerDay : t
        return CivilCalendar.timeClip(correction - offset * 60_000)
    }

    /// $fromMillis(millis) in UTC, "2017-10-30T15:28:34.000Z", written directly: the common case
    /// needs none of the picture machinery. nil for years outside 0...9999 or an invalid time.
    static func formatUTC(_ millis: Double) -> String? {
        let t = CivilCalendar.timeClip(millis)
        guard t.isFinite else { return nil }
        let f = CivilCalendar.Fields(t)
        guard f.year >= 0 && f.year <= 9999 else { return nil }
        var out = [UInt8](repeating: 0, count: 24)
        func put(_ value: Double, _ at: Int, _ width: Int) {
            var v = Int(value)
            for k in stride(from: at + width - 1, through: at, by: -1) {
                out[k] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(f.year, 0, 4)
        out[4] = UInt8(ascii: "-")
        put(f.month, 5, 2)
        out[7] = UInt8(ascii: "-")
        put(f.day, 8, 2)
        out[10] = UInt8(ascii: "T")
        put(f.hours, 11, 2)
        out[13] = UInt8(ascii: ":")
        put(f.minutes, 14, 2)
        out[16] = UInt8(ascii: ":")
        put(f.seconds, 17, 2)
        out[19] = UInt8(ascii: ".")
        put(f.milliseconds, 20, 3)
        out[23] = UInt8(ascii: "Z")
        return String(decoding: out, as: UTF8.self)
    }
}
