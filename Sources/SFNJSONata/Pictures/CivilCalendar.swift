import SFNJSON

// Proleptic Gregorian calendar arithmetic on ECMAScript time values (milliseconds since 1970 UTC),
// with the behaviour of JavaScript's Date.UTC and UTC getters.

enum CivilCalendar {
    static let msPerDay = 86_400_000.0
    /// ECMAScript's time value range: ±100,000,000 days.
    static let maxTime = 8.64e15

    /// Days since 1970-01-01 of a civil date (month 1...12).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilDate.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    /// The civil date (month 1...12) of a day number.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let d = CivilDate.date(days: Int(days))
        return (Int64(d.year), Int64(d.month), Int64(d.day))
    }

    /// ECMAScript TimeClip: NaN outside the range, otherwise truncated to whole milliseconds.
    static func timeClip(_ t: Double) -> Double {
        guard t.isFinite, abs(t) <= maxTime else { return .nan }
        return t.rounded(.towardZero) + 0
    }

    /// `Date.UTC(year, month0, day, hours, minutes, seconds, ms)`, including the mapping of years
    /// 0...99 to 1900...1999 and the carrying of out-of-range fields.
    static func utc(
        _ year: Double, _ month0: Double, _ day: Double = 1, _ hours: Double = 0,
        _ minutes: Double = 0, _ seconds: Double = 0, _ ms: Double = 0
    ) -> Double {
        let fields = [year, month0, day, hours, minutes, seconds, ms]
        guard fields.allSatisfy({ $0.isFinite }) else { return .nan }
        var y = year.rounded(.towardZero)
        if y >= 0 && y <= 99 { y += 1900 }
        let m = month0.rounded(.towardZero)
        let ym = y + (m / 12).rounded(.down)
        // Far outside the time value range: the result is NaN anyway.
        guard abs(ym) < 1e7, abs(day) < 1e10 else { return .nan }
        let mn = m - (m / 12).rounded(.down) * 12
        let days = Double(daysFromCivil(year: Int64(ym), month: Int64(mn) + 1, day: 1)) + day.rounded(.towardZero) - 1
        let time =
            hours.rounded(.towardZero) * 3_600_000 + minutes.rounded(.towardZero) * 60_000
            + seconds.rounded(.towardZero) * 1000 + ms.rounded(.towardZero)
        return timeClip(days * msPerDay + time)
    }

    /// The UTC fields of a (valid, clipped) time value.
    struct Fields {
        var year: Double
        var month: Double  // 1...12
        var day: Double
        var hours: Double
        var minutes: Double
        var seconds: Double
        var milliseconds: Double
        /// 0 = Sunday ... 6 = Saturday, as getUTCDay.
        var weekday: Double

        init(_ t: Double) {
            guard t.isFinite else {
                (year, month, day, hours, minutes, seconds, milliseconds, weekday) =
                    (.nan, .nan, .nan, .nan, .nan, .nan, .nan, .nan)
                return
            }
            let dayNumber = (t / CivilCalendar.msPerDay).rounded(.down)
            let msInDay = t - dayNumber * CivilCalendar.msPerDay
            let civil = CivilCalendar.civilFromDays(Int64(dayNumber))
            year = Double(civil.year)
            month = Double(civil.month)
            day = Double(civil.day)
            let msInt = Int64(msInDay)
            hours = Double(msInt / 3_600_000)
            minutes = Double(msInt / 60_000 % 60)
            seconds = Double(msInt / 1000 % 60)
            milliseconds = Double(msInt % 1000)
            var wd = (Int64(dayNumber) + 4) % 7
            if wd < 0 { wd += 7 }
            weekday = Double(wd)
        }
    }
}
