import Testing

@testable import SFNCore

struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2012-10-09T19:00:55Z", 1_349_809_255_000.0),
        ("2012-10-09T19:00:55.250Z", 1_349_809_255_250.0),
        ("2012-10-09T21:00:55+02:00", 1_349_809_255_000.0),
        ("2012-10-09t19:00:55z", 1_349_809_255_000.0),
        ("2012-10-09T19:00Z", 1_349_809_200_000.0),
        ("2016-02-29T00:00:00Z", 1_456_704_000_000.0),
    ])
    func parsesValid(text: String, millis: Double) {
        #expect(Timestamp.parse(text) == millis)
    }

    @Test(arguments: [
        "2016-13-05T21:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-12-05T25:29:29Z",
        "2015-02-29T00:00:00Z", "", "2012-10-09", "2012-10-09T19:00:55.Z", "2012-10-09T19:00:55Zjunk",
        "2023-02-24 12:15:56.832957",
    ])
    func rejectsInvalid(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsWithMilliseconds() {
        #expect(Timestamp.format(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millis: 1_349_809_255_250) == "2012-10-09T19:00:55.250Z")
        #expect(Timestamp.parse(Timestamp.format(millis: 1_700_000_123_456)) == 1_700_000_123_456)
    }
}

struct TimestampRangeTests {
    @Test func formatClampsToFourDigitYears() {
        #expect(Timestamp.format(millis: 1e300) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(millis: -.infinity) == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millis: .nan) == "1970-01-01T00:00:00.000Z")
    }

    @Test func hugeSkippedWaitsDoNotTrap() async throws {
        // AWS refuses such a literal at load time; a path can still hand the wait any number.
        let def =
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","Next":"P"},"P":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}"#
        let r = try await execute(def, input: ["s": 9_223_372_036_854_775_807])
        #expect(r.output == ["t": "9999-12-31T23:59:59.999Z"])
    }
}
