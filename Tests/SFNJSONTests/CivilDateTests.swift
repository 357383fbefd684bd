import SFNJSON
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017),
        (1900, 3, 1, -25_508), (2023, 11, 14, 19_675), (-1, 12, 31, -719_529), (9999, 12, 31, 2_932_896),
    ])
    func knownDates(year: Int, month: Int, day: Int, days: Int) {
        #expect(CivilDate.days(year: year, month: month, day: day) == days)
        let d = CivilDate.date(days: days)
        #expect(d.year == year && d.month == month && d.day == day)
    }

    @Test func roundTripsAndStepsOneDayAtATime() {
        var previous = CivilDate.date(days: -800_000)
        for n in stride(from: -799_999, through: 800_000, by: 1) {
            let d = CivilDate.date(days: n)
            if CivilDate.days(year: d.year, month: d.month, day: d.day) != n {
                Issue.record("day \(n) does not round-trip via \(d)"); return
            }
            // The next day is the next day of the month, or the first of the next month.
            let nextDay = d.day == previous.day + 1 && d.month == previous.month
            let nextMonth = d.day == 1 && (d.month == previous.month % 12 + 1)
            if !(nextDay || nextMonth) { Issue.record("day \(n): \(previous) then \(d)"); return }
            previous = d
        }
    }
}
