import Foundation
import Testing

@testable import SFNJSONata

@Suite struct PictureNumberTextTests {
    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (123.456, "123.456"), (-0.0, "0"), (Double.leastNonzeroMagnitude, "5e-324"), (-42, "-42"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (1234567.125, "1234567.125"),
    ])
    func javaScriptString(_ value: Double, _ expected: String) {
        #expect(JSNumberText.string(value) == expected)
    }

    @Test(arguments: [
        (0.5, 0, "1"), (2.5, 0, "3"), (-1.5, 0, "-2"), (0.04, 1, "0.0"), (0.05, 1, "0.1"), (1e21, 2, "1e+21"),
        (12.346, 3, "12.346"), (99.99, 2, "99.99"), (0, 2, "0.00"), (1e20, 0, "100000000000000000000"),
        // Rounding sees the exact binary value: 1.005 is 1.00499999999999989..., and
        // 755796602458364.2 is exactly 755796602458364.25.
        (1.005, 2, "1.00"), (755_796_602_458_364.2, 1, "755796602458364.3"), (-0.0001, 2, "-0.00"),
        (Double.leastNonzeroMagnitude, 3, "0.000"), (0.1, 20, "0.10000000000000000555"), (123.456, 0, "123"),
    ])
    func javaScriptToFixed(_ value: Double, _ digits: Int, _ expected: String) {
        #expect(JSNumberText.fixed(value, fractionDigits: digits) == expected)
    }
}

@Suite struct PictureIntegerTests {
    @Test(arguments: ["w", "W", "Ww", "w;o", "I", "i", "A", "a", "#,##0", "0001", "0;o", "##0;o"])
    func formatThenParseRoundTrips(_ picture: String) throws {
        for n in [1.0, 2, 3, 11, 12, 13, 19, 20, 21, 99, 100, 101, 111, 999, 1000, 1001, 1999, 2024, 12345, 1_000_000] {
            let text = try Pictures.formatInteger(n, picture: picture)
            #expect(try Pictures.parseInteger(text, picture: picture) == n, "\(picture): \(n) → \(text)")
        }
    }

    @Test func negativeAndFractionalValuesFloorFirst() throws {
        #expect(try Pictures.formatInteger(-12.5, picture: "000") == "-013")
        #expect(try Pictures.formatInteger(21, picture: "w;o") == "twenty-first")
        #expect(try Pictures.formatInteger(4, picture: "I") == "IV")
    }

    @Test func unparsableTextIsNil() throws {
        #expect(try Pictures.parseInteger("twelvety", picture: "w") == nil)
        #expect(try Pictures.parseInteger("XIQ", picture: "I") == nil)
        #expect(try Pictures.parseInteger("", picture: "0") == nil)
    }
}

@Suite struct PictureNumberTests {
    @Test func optionsReplaceTheSymbols() throws {
        let european = ["decimal-separator": ",", "grouping-separator": "."]
        #expect(try Pictures.formatNumber(1234.5, picture: "#.##0,00", options: european) == "1.234,50")
        #expect(try Pictures.formatNumber(-3, picture: "0", options: ["minus-sign": "~"]) == "~3")
        #expect(try Pictures.formatNumber(0.25, picture: "0%", options: [:]) == "25%")
        #expect(try Pictures.formatNumber(2.5, picture: "0", options: [:]) == "2")
        #expect(try Pictures.formatNumber(3.5, picture: "0", options: [:]) == "4")
    }
}

@Suite struct PictureDateTimeTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    @Test func calendarFieldsAgreeWithFoundation() throws {
        // The turn of every year from 1890 to 2110 (where ISO weeks and years change), plus a
        // drifting time of day.
        var samples: [Double] = []
        for year in 1890...2110 {
            let newYear = Double(CivilCalendar.daysFromCivil(year: Int64(year), month: 1, day: 1)) * 86_400_000
            for day in -7...7 {
                samples.append(newYear + Double(day) * 86_400_000 + Double(year * 7919 % 86_400) * 1000)
            }
            samples.append(newYear + 180 * 86_400_000)
        }
        for millis in samples {
            let text = try Pictures.formatDateTime(
                millis: millis, picture: "[Y]-[M]-[D] [H]:[m] [F1] [d] [W] [X]", timezone: nil)
            let date = Date(timeIntervalSince1970: millis / 1000)
            let c = Self.utc.dateComponents(
                [.year, .month, .day, .hour, .minute, .weekday, .weekOfYear, .yearForWeekOfYear], from: date)
            let isoWeekday = ((c.weekday ?? 0) + 5) % 7 + 1
            let dayOfYear = Self.utc.ordinality(of: .day, in: .year, for: date) ?? 0
            let expected =
                "\(c.year ?? 0)-\(c.month ?? 0)-\(c.day ?? 0) \(c.hour ?? 0):\(String(format: "%02d", c.minute ?? 0)) "
                + "\(isoWeekday) \(dayOfYear) \(c.weekOfYear ?? 0) \(c.yearForWeekOfYear ?? 0)"
            #expect(text == expected, "\(millis)")
            if text != expected { break }
        }
    }

    @Test func pictureRoundTrips() throws {
        let picture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]"
        for millis in [-58_979_923_200_000.0, -1, 0, 951_782_400_000, 1_521_801_216_617, 4_102_444_799_999] {
            let text = try Pictures.formatDateTime(millis: millis, picture: picture, timezone: nil)
            #expect(try Pictures.parseDateTime(text, picture: picture) == millis, "\(text)")
        }
    }

    @Test func twoDigitYearsAreTakenAsJavaScriptDoes() throws {
        // Date.UTC maps years 0-99 to 1900-1999, and jsonata-js builds the result with it.
        let millis = try Pictures.parseDateTime("0001-01-01", picture: "[Y0001]-[M01]-[D01]")
        #expect(millis == -2_177_452_800_000)
    }

    @Test func dayOfYearAloneTakesTheTimeOfDayFromTheClock() throws {
        let now = 1_795_262_400_000.0 + 3_723_004  // 2026-11-21T13:02:03.004Z
        #expect(
            try Pictures.parseDateTime("one", picture: "[dw]", nowMillis: now) == 1_767_225_600_000 + 3_723_004
                + 43_200_000)
        #expect(try Pictures.parseDateTime("2018--180", picture: "[Y]--[d]", nowMillis: now) == 1_530_230_400_000)
    }

    @Test func widthsBoundTheDigitsRead() throws {
        #expect(try Pictures.parseDateTime("2018-3-5", picture: "[Y0001]-[M01]-[D01]") == nil)
        #expect(try Pictures.parseDateTime("2018-3-5", picture: "[Y0001]-[M#1]-[D#1]") == 1_520_208_000_000)
        #expect(
            try Pictures.formatDateTime(millis: 1_520_208_000_000, picture: "[D,2-2]/[Yw,*-2]", timezone: nil)
                == "05/eighteen")
    }

    @Test func defaultFormatWithTimezone() throws {
        let millis = 1_540_127_100_000.0
        #expect(try Pictures.formatDateTime(millis: millis, picture: nil, timezone: nil) == "2018-10-21T13:05:00.000Z")
        #expect(
            try Pictures.formatDateTime(millis: millis, picture: nil, timezone: "-0500")
                == "2018-10-21T08:05:00.000-05:00")
        #expect(
            try Pictures.formatDateTime(millis: millis, picture: nil, timezone: "0000") == "2018-10-21T13:05:00.000Z")
    }

    @Test func missingDatePartsComeFromNow() throws {
        let now = 1_795_262_400_000.0  // 2026-11-21T12:00:00Z
        let millis = try #require(try Pictures.parseDateTime("13:45", picture: "[H]:[m]", nowMillis: now))
        #expect(try Pictures.formatDateTime(millis: millis, picture: nil, timezone: nil) == "2026-11-21T13:45:00.000Z")
    }

    @Test(arguments: [
        ("2018-02-01T09:42:13+05:30", 1_517_458_333_000.0), ("0050-01-01", -60_589_296_000_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000), ("2018-02-03T11:15:33", 1_517_656_533_000),
        ("2018-02-03T11:15:33.1", 1_517_656_533_100),
    ])
    func iso8601Text(_ text: String, _ millis: Double) throws {
        #expect(try Pictures.parseDateTime(text, picture: nil) == millis)
    }

    @Test func iso8601TextThatIsNoDate() throws {
        #expect(try Pictures.parseDateTime("2018-13-01", picture: nil) == nil)
        // Passes the pattern with "-0230" read as an offset, but is no date for JavaScript.
        #expect(try Pictures.parseDateTime("2018-0230", picture: nil) == nil)
        // JavaScript's fallback reading: a UTC date.
        #expect(try Pictures.parseDateTime("2018-02-03Z", picture: nil) == 1_517_616_000_000)
        #expect(throws: JSONataError.self) { try Pictures.parseDateTime("2018-1-01", picture: nil) }
    }
}

@Suite struct PictureRobustnessTests {
    static let pictures = [
        "", "[", "]", "[]", "[[", "]]", "[Y", "[,]", "[Y,-]", "[Y,*-*]", "[Z,9]", "[ZN]", "[z0]",
        "#", ";", ";;", "%%", "..", "e", "0e", "e0", "0,", ",0", "#0#", "0.#0", "[Y0001,0-0]",
        "[Fw,2]", "[q]", "[q1]", "[P,1-1]", "[f##]", "[M#,#]", "0;o", ";o", "Ww;o", "\u{10000}0",
        "[D1o][M01]", "[Yw][Dw]", "9\u{660}", "①", "[H01][m01][s01]", "[X][x][w]",
    ]
    static let texts = [
        "", "0", "1", "2018", "twelve", "XIV", "GMT+5", "+05:00", "am", "Monday", "12th", "-",
        "2018-01-01", "\u{10000}", "١٢",
    ]

    @Test(arguments: pictures)
    func oddPicturesNeverCrash(_ picture: String) {
        for value in [0.0, -1, 1e300, -1e300, .infinity, .nan, 1.5e15, 9e15] {
            _ = try? Pictures.formatInteger(value, picture: picture)
            _ = try? Pictures.formatNumber(value, picture: picture, options: [:])
            _ = try? Pictures.formatDateTime(millis: value, picture: picture, timezone: "+0530")
            _ = try? Pictures.formatDateTime(millis: value, picture: picture, timezone: "junk")
        }
        for text in Self.texts {
            _ = try? Pictures.parseInteger(text, picture: picture)
            _ = try? Pictures.parseDateTime(text, picture: picture, nowMillis: 0)
        }
        // Reaching here without a trap is the point; the ISO picture must still work afterwards.
        #expect((try? Pictures.formatDateTime(millis: 0, picture: nil, timezone: nil)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func errorsCarryJSONataCodes() {
        #expect(
            throws: JSONataError(code: "D3135", message: "No matching closing bracket ']' in date/time picture string")
        ) {
            try Pictures.formatDateTime(millis: 0, picture: "[Y", timezone: nil)
        }
        #expect(throws: JSONataError.self) { try Pictures.formatInteger(1, picture: "#") }
        do {
            _ = try Pictures.formatNumber(1, picture: "#;#;#", options: [:])
            Issue.record("expected D3080")
        } catch {
            #expect(error.code == "D3080")
        }
    }
}
