// Formatting a number by an analysed picture (F&O 4.7.5, bullets as numbered there).

extension NumberPicture {
    func format(_ value: Double) -> String {
        let s = symbols
        let pic = value >= 0 ? positive : negative
        var adjusted = value
        if Self.indexOf(pic.picture, s.percent) != -1 {
            adjusted = value * 100
        } else if Self.indexOf(pic.picture, s.perMille) != -1 {
            adjusted = value * 1000
        }
        var mantissa = adjusted
        var exponent: Int?
        if pic.minimumExponentSize > 0 {
            // Normalise the magnitude; zero (and non-finite values) keep exponent 0.
            mantissa = abs(adjusted)
            var e = 0
            if mantissa != 0 && mantissa.isFinite {
                let maxMantissa = Self.power10(pic.scalingFactor)
                let minMantissa = Self.power10(pic.scalingFactor - 1)
                while mantissa < minMantissa {
                    mantissa *= 10
                    e -= 1
                }
                while mantissa > maxMantissa {
                    mantissa /= 10
                    e += 1
                }
            }
            exponent = e
        }
        let rounded = Self.roundHalfEven(mantissa, precision: pic.maximumFractionalPartSize)
        var text = makeString(rounded, fractionDigits: pic.maximumFractionalPartSize)
        let point = Array(".".utf16)
        let dot = Self.indexOf(text, point)
        if dot == -1 {
            text += s.decimalSeparator
        } else {
            text = Array(text[..<dot]) + s.decimalSeparator + Array(text[(dot + 1)...])
        }
        while Self.charAt(text, 0, is: s.zeroDigit) { text.removeFirst() }
        while Self.charAt(text, text.count - 1, is: s.zeroDigit) { text.removeLast() }
        // bullets 8 & 9: pad to the minimum sizes
        var decimalPos = Self.indexOf(text, s.decimalSeparator)
        let padLeft = pic.minimumIntegerPartSize - decimalPos
        let padRight = pic.minimumFractionalPartSize - (text.count - decimalPos - 1)
        let zero = s.zeroDigit
        if padLeft > 0 { text = Array(repeating: zero, count: padLeft).flatMap { $0 } + text }
        if padRight > 0 { text += Array(repeating: zero, count: padRight).flatMap { $0 } }
        decimalPos = Self.indexOf(text, s.decimalSeparator)
        // bullet 10: integer-part grouping
        if pic.regularGrouping > 0 {
            let groups = Int((Double(decimalPos - 1) / Double(pic.regularGrouping)).rounded(.down))
            if groups >= 1 {
                for group in 1...groups {
                    Self.insert(s.groupingSeparator, at: decimalPos - group * pic.regularGrouping, into: &text)
                }
            }
        } else {
            for position in pic.integerGroupingPositions {
                Self.insert(s.groupingSeparator, at: decimalPos - position, into: &text)
                decimalPos += 1
            }
        }
        // bullet 11: fractional-part grouping
        decimalPos = Self.indexOf(text, s.decimalSeparator)
        for position in pic.fractionalGroupingPositions {
            Self.insert(s.groupingSeparator, at: position + decimalPos + 1, into: &text)
        }
        // bullet 12: no trailing decimal separator
        decimalPos = Self.indexOf(text, s.decimalSeparator)
        if Self.indexOf(pic.picture, s.decimalSeparator) == -1 || decimalPos == text.count - 1 {
            if !text.isEmpty { text.removeLast() }
        }
        // bullet 13: the exponent
        if let exponent {
            var digits = makeString(Double(exponent), fractionDigits: 0)
            let pad = pic.minimumExponentSize - digits.count
            if pad > 0 { digits = Array(repeating: zero, count: pad).flatMap { $0 } + digits }
            text += s.exponentSeparator
            if exponent < 0 { text += s.minusSign }
            text += digits
        }
        return String(decoding: pic.prefix + text + pic.suffix, as: UTF16.self)
    }

    /// `Math.abs(value).toFixed(dp)` with the digits taken from the zero-digit's family.
    private func makeString(_ value: Double, fractionDigits: Int) -> Units {
        var units = Array(JSNumberText.fixed(abs(value), fractionDigits: fractionDigits).utf16)
        let zero = symbols.zeroUnit
        if zero != 0x30 {
            units = units.map { $0 >= 0x30 && $0 <= 0x39 ? zero &+ ($0 - 0x30) : $0 }
        }
        return units
    }

    /// `s.slice(0, at) + piece + s.slice(at)` with JavaScript's negative-index slicing.
    static func insert(_ piece: Units, at position: Int, into text: inout Units) {
        let cut = position < 0 ? max(text.count + position, 0) : min(position, text.count)
        text.insert(contentsOf: piece, at: cut)
    }

    static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 {
            for _ in 0..<min(exponent, 400) { result *= 10 }
        } else {
            for _ in 0..<min(-exponent, 400) { result /= 10 }
        }
        return result
    }

    /// JSONata's `$round(value, precision)`: round half to even, shifting the decimal point in
    /// the decimal text so that binary representation does not skew halves.
    static func roundHalfEven(_ value: Double, precision: Int) -> Double {
        guard value.isFinite else { return value }
        var arg = value
        if precision != 0 { arg = shift(arg, by: precision) }
        var result = jsMathRound(arg)
        let diff = result - arg
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        if precision != 0 { result = shift(result, by: -precision) }
        return result == 0 ? 0 : result
    }

    /// JavaScript `Math.round`: halves go towards +∞.
    static func jsMathRound(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }

    /// `+(String(x) with its decimal exponent raised by n)`: an exact decimal shift.
    static func shift(_ x: Double, by n: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let (digits, point) = JSNumberText.shortestDigits(abs(x))
        var text = x < 0 ? "-0." : "0."
        for d in digits { text.unicodeScalars.append(Unicode.Scalar(d + 48)) }
        text += "e" + String(point + n)
        return Double(text) ?? x
    }
}
