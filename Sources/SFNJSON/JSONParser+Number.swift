/// Numbers in one pass over their digits: an integer comes straight from them, a decimal from
/// its digits and exponent by Clinger's exact fast path or Eisel and Lemire's algorithm
/// (JSONParser+EiselLemire.swift), anything else by the standard library's correctly rounded
/// conversion of the text.
extension Parser {
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        let n = bytes.count
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < n, Parser.isDigit(bytes[i]) else { throw fail("invalid number: expected a digit", at: i) }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < n, Parser.isDigit(bytes[i + 1]) {
            throw fail("invalid number: leading zeros are not allowed", at: start)
        }
        // The first 19 significant digits fit a UInt64 without wrapping.
        var mantissa: UInt64 = 0
        let intStart = i
        while i < n {
            let d = bytes[i] &- UInt8(ascii: "0")
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - intStart
        var isInteger = true
        var exp10 = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            let fracStart = i
            while i < n {
                let d = bytes[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            guard i > fracStart else { throw fail("invalid number: expected a digit after '.'") }
            digits += i - fracStart
            exp10 = fracStart - i
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            var expNegative = false
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let expStart = i
            var e = 0
            while i < n {
                let d = bytes[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            guard i > expStart else { throw fail("invalid number: expected a digit in the exponent") }
            exp10 += expNegative ? -e : e
        }
        if isInteger {
            if digits <= 19 {
                if negative {
                    if mantissa <= UInt64(1) << 63 { return .int(Int(truncatingIfNeeded: 0 &- mantissa)) }
                } else if mantissa <= UInt64(Int.max) {
                    return .int(Int(truncatingIfNeeded: mantissa))
                }
            }
            // Every digit is kept: an id of 23 digits must come out as it went in.
            return .bigInt(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        }
        if digits <= 19,
            let d = Parser.clinger(mantissa, exp10, negative) ?? Parser.eiselLemire(mantissa, exp10, negative)
        {
            return .double(d)
        }
        guard let d = Parser.slowDouble(bytes, start, i) else { throw fail("number out of range", at: start) }
        return .double(d)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// The double nearest the number text start..<end (`Double(String)`, strtod's); nil when it
    /// is out of range.
    static func slowDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { return nil }
        return d
    }

    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Clinger's fast path: a mantissa up to 2^53 is exact as a double, and so is every power of
    /// ten up to 1e22, so one correctly rounded multiplication or division gives the correctly
    /// rounded result; nil where that does not hold. The mantissa must be exact (at most 19 digits).
    @inline(__always) static func clinger(_ mantissa: UInt64, _ exp10: Int, _ negative: Bool) -> Double? {
        guard mantissa <= 1 << 53, exp10 >= -22, exp10 <= 22 else { return nil }
        var d = Double(mantissa)
        if exp10 < 0 { d /= powersOf10[-exp10] } else { d *= powersOf10[exp10] }
        return negative ? -d : d
    }

    /// Clinger's fast path over the number text start..<end (valid JSON); nil where only the slow
    /// conversion is sure.
    static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var k = start
        var negative = false
        if bytes[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exp10 = 0
        while k < end, isDigit(bytes[k]) {
            mantissa = mantissa &* 10 &+ UInt64(bytes[k] &- UInt8(ascii: "0")); digits += 1; k += 1
        }
        if k < end, bytes[k] == UInt8(ascii: ".") {
            k += 1
            while k < end, isDigit(bytes[k]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[k] &- UInt8(ascii: "0")); digits += 1; exp10 -= 1; k += 1
            }
        }
        if k < end {  // exponent
            k += 1
            var expNegative = false
            if bytes[k] == UInt8(ascii: "+") {
                k += 1
            } else if bytes[k] == UInt8(ascii: "-") {
                expNegative = true; k += 1
            }
            var e = 0
            while k < end { e = e * 10 + Int(bytes[k] &- UInt8(ascii: "0")); k += 1; if e > 1000 { return nil } }
            exp10 += expNegative ? -e : e
        }
        guard digits <= 19 else { return nil }
        return clinger(mantissa, exp10, negative) ?? eiselLemire(mantissa, exp10, negative)
    }
}
