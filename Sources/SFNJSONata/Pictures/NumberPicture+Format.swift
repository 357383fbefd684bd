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
        var text = roundedText(mantissa, fractionDigits: pic.maximumFractionalPartSize)
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

    /// `Math.abs($round(value, dp)).toFixed(dp)` in the zero-digit's family (bullets 6 and 7).
    private func roundedText(_ value: Double, fractionDigits dp: Int) -> Units {
        guard let ascii = Self.roundedFixedDigits(abs(value), fractionDigits: dp) else {
            return makeString(Self.roundHalfEven(value, precision: dp), fractionDigits: dp)
        }
        let zero = symbols.zeroUnit
        return ascii.map { $0 >= 0x30 && $0 <= 0x39 ? zero &+ UInt16($0 - 0x30) : UInt16($0) }
    }

    /// Rounds half to even directly on the shortest decimal digits and lays them out as toFixed
    /// does. Equal to the decimal-shift rounding of JSONata whenever the digits fit a double
    /// exactly (15 significant digits or fewer); nil otherwise, for the general route.
    static func roundedFixedDigits(_ value: Double, fractionDigits dp: Int) -> [UInt8]? {
        guard value.isFinite, value > 0, value < 1e21 else { return value == 0 ? zeroText(dp) : nil }
        var (digits, point) = JSNumberText.shortestDigits(value)
        guard digits.count <= 15 else { return nil }
        let keep = point + dp
        if keep < digits.count {
            if keep < 0 {
                return zeroText(dp)
            }
            let next = digits[keep]
            let tie = next == 5 && keep + 1 == digits.count
            let previousOdd = keep > 0 && digits[keep - 1] % 2 == 1
            let up = next > 5 || (next == 5 && (!tie || previousOdd))
            digits.removeSubrange(keep...)
            if up {
                var i = keep - 1
                while i >= 0 && digits[i] == 9 {
                    digits[i] = 0
                    i -= 1
                }
                if i >= 0 {
                    digits[i] += 1
                } else {
                    digits.insert(1, at: 0)
                    point += 1
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(max(point, 1) + dp + 1)
        func digit(_ position: Int) -> UInt8 {
            position >= 0 && position < digits.count ? digits[position] + 48 : 48
        }
        if point <= 0 {
            out.append(48)
        } else {
            for i in 0..<point { out.append(digit(i)) }
        }
        if dp > 0 {
            out.append(UInt8(ascii: "."))
            for i in 0..<dp { out.append(digit(point + i)) }
        }
        return out
    }

    private static func zeroText(_ dp: Int) -> [UInt8] {
        dp > 0 ? [48, UInt8(ascii: ".")] + [UInt8](repeating: 48, count: dp) : [48]
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
