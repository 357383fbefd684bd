import SFNJSON
import Testing

/// Integers beyond Int's range keep their digits through parse and print, and compare as numbers.
@Suite struct BigIntegerTests {
    @Test func digitsSurviveARoundTrip() throws {
        let text = #"{"id":12345678901234567890123,"neg":-98765432109876543210,"max":9223372036854775807}"#
        let value = try JSONParser.parse(text)
        #expect(JSONPrinter.compact(value) == text)
        #expect(value["id"] == .bigInt("12345678901234567890123"))
        #expect(value["max"] == .int(Int.max))
        // Exponents and fractions stay doubles.
        #expect(try JSONParser.parse("1e25") == .double(1e25))
        #expect(JSONPrinter.compact(try JSONParser.parse("12345678901234567890.5")) == "1.2345678901234567e+19")
    }

    @Test func theyAreNumbersToWhateverComputes() throws {
        let big = try JSONParser.parse("12345678901234567890123")
        #expect(big.isNumber && big.typeName == "number")
        #expect(big.doubleValue == 1.2345678901234568e22)
        #expect(big.intValue == nil)
        #expect(big == .double(1.2345678901234568e22))
        #expect(big != .bigInt("12345678901234567890124"))
        #expect(big != .int(1))
        #expect(Set([big, JSONValue.double(1.2345678901234568e22)]).count == 1)
    }
}
