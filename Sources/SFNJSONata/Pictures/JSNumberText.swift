// Number-to-text conversions that follow ECMAScript exactly, because the picture functions of
// jsonata-js build their output from `String(number)` and `Number.prototype.toFixed`.

enum JSNumberText {
    /// The shortest round-trip decimal digits of a finite, positive `value`, with `point` such that
    /// value = 0.d1d2d3... × 10^point (ECMAScript's `n`). Swift's description already produces the
    /// shortest round-trip digits; only its layout differs from JavaScript's.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var integerDigits = -1
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent &* 10 &+ Int(byte - 48)
                } else {
                    digits.append(byte - 48)
                }
            case UInt8(ascii: "."):
                integerDigits = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if integerDigits < 0 { integerDigits = digits.count }
                inExponent = true
            case UInt8(ascii: "-"):
                if inExponent { exponentSign = -1 }
            default:
                break
            }
        }
        if integerDigits < 0 { integerDigits = digits.count }
        var point = integerDigits + exponentSign * exponent
        var start = 0
        while start < digits.count && digits[start] == 0 {
            start += 1
            point -= 1
        }
        var end = digits.count
        while end > start && digits[end - 1] == 0 { end -= 1 }
        if start == end { return ([], 0) }
        return (Array(digits[start..<end]), point)
    }

    /// `String(value)` in JavaScript (Number::toString with radix 10).
    static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + string(-value) }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        var out: [UInt8] = []
        out.reserveCapacity(k + 8)
        if k <= n && n <= 21 {
            for d in digits { out.append(d + 48) }
            for _ in 0..<(n - k) { out.append(48) }
        } else if 0 < n && n <= 21 {
            for (i, d) in digits.enumerated() {
                if i == n { out.append(UInt8(ascii: ".")) }
                out.append(d + 48)
            }
        } else if -6 < n && n <= 0 {
            out.append(48)
            out.append(UInt8(ascii: "."))
            for _ in 0..<(-n) { out.append(48) }
            for d in digits { out.append(d + 48) }
        } else {
            out.append(digits[0] + 48)
            if k > 1 {
                out.append(UInt8(ascii: "."))
                for d in digits[1...] { out.append(d + 48) }
            }
            out.append(UInt8(ascii: "e"))
            let e = n - 1
            out.append(e >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            out.append(contentsOf: String(abs(e)).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value.toFixed(fractionDigits)` in JavaScript: the exact binary value rounded half up
    /// (on the magnitude) at the requested place.
    static func fixed(_ value: Double, fractionDigits dp: Int) -> String {
        if value.isNaN { return "NaN" }
        if !(abs(value) < 1e21) { return string(value) }
        var digits = ExactDecimal.scaledDigits(abs(value), fractionDigits: dp)
        if dp > 0 {
            if digits.count <= dp {
                digits.insert(contentsOf: repeatElement(48, count: dp + 1 - digits.count), at: 0)
            }
            digits.insert(UInt8(ascii: "."), at: digits.count - dp)
        }
        if value < 0 { digits.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: digits, as: UTF8.self)
    }

    /// JavaScript `parseInt(text)` (radix 10): leading white space, optional sign, then the
    /// longest run of ASCII digits; NaN when there are none.
    static func parseInt<S: Sequence>(_ text: S) -> Double where S.Element == Unicode.Scalar {
        var sign = 1.0
        var value = 0.0
        var started = false
        var seenDigit = false
        for scalar in text {
            if !started {
                let isDigit = scalar.value >= 48 && scalar.value <= 57
                if !isDigit && scalar.properties.isWhitespace { continue }
                started = true
                if scalar == "-" { sign = -1; continue }
                if scalar == "+" { continue }
            }
            guard scalar.value >= 48 && scalar.value <= 57 else { break }
            value = value * 10 + Double(scalar.value - 48)
            seenDigit = true
        }
        return seenDigit ? sign * value : .nan
    }
}
