#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Numbers in English words, as jsonata-js writes and reads them ("one hundred and twenty-three",
// "three thousand, seven hundred and thirty-first").

enum NumberWords {
    static let few = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
        "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
        "Nineteen",
    ]
    static let ordinals = [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
        "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth",
        "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    ]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    /// Every word the reader knows, lower-cased, with its value. The odd "hundreieth" is kept because
    /// jsonata-js derives it the same way and so accepts it.
    static let wordValues: [String: Double] = {
        var values: [String: Double] = [:]
        for (i, word) in few.enumerated() { values[word.lowercased()] = Double(i) }
        for (i, word) in ordinals.enumerated() { values[word.lowercased()] = Double(i) }
        for (i, word) in decades.enumerated() {
            let lower = word.lowercased()
            values[lower] = Double((i + 2) * 10)
            values[String(lower.dropLast()) + "ieth"] = Double((i + 2) * 10)
        }
        values["hundredth"] = 100
        for (i, word) in magnitudes.enumerated() {
            let lower = word.lowercased()
            var value = 1.0
            for _ in 0...i { value *= 1000 }
            values[lower] = value
            values[lower + "th"] = value
        }
        return values
    }()

    /// The words (as UTF-8 bytes) a date picture's word component may consist of, besides the
    /// separators "and", "-", "," and " ".
    static let tokens: [[UInt8]] = {
        var list = wordValues.keys.map { Array($0.utf8) }
        list.append(Array("and".utf8))
        return list
    }()

    /// `value` (a whole, non-negative number) in Title Case words.
    static func words(_ value: Double, ordinal: Bool) -> String {
        guard value.isFinite else { return JSNumberText.string(value) }
        var out = ""
        lookup(value, previous: false, ordinal: ordinal, into: &out, depth: 0)
        return out
    }

    private static func lookup(_ num: Double, previous: Bool, ordinal: Bool, into out: inout String, depth: Int) {
        // Each level at least divides by a thousand, so depth stays small; the cap guards odd input.
        guard depth < 64, num.isFinite, num >= 0 else { return }
        if num <= 19 {
            if previous { out += " and " }
            let index = Int(num)
            out += ordinal ? ordinals[index] : few[index]
        } else if num < 100 {
            let tens = Int((num / 10).rounded(.down))
            let remainder = num.truncatingRemainder(dividingBy: 10)
            if previous { out += " and " }
            if remainder > 0 {
                out += decades[tens - 2]
                out += "-"
                lookup(remainder, previous: false, ordinal: ordinal, into: &out, depth: depth + 1)
            } else if ordinal {
                out += decades[tens - 2].dropLast()
                out += "ieth"
            } else {
                out += decades[tens - 2]
            }
        } else if num < 1000 {
            let hundreds = Int((num / 100).rounded(.down))
            let remainder = num.truncatingRemainder(dividingBy: 100)
            if previous { out += ", " }
            out += few[hundreds]
            out += " Hundred"
            if remainder > 0 {
                lookup(remainder, previous: true, ordinal: ordinal, into: &out, depth: depth + 1)
            } else if ordinal {
                out += "th"
            }
        } else {
            var mag = Int((log10(num) / 3).rounded(.down))
            if mag > magnitudes.count { mag = magnitudes.count }
            if mag < 1 { mag = 1 }  // should log10 land just under 3 for 1000
            let factor = pow(10, Double(mag * 3))
            let mant = (num / factor).rounded(.down)
            let remainder = num - mant * factor
            if previous { out += ", " }
            lookup(mant, previous: false, ordinal: false, into: &out, depth: depth + 1)
            out += " "
            out += magnitudes[mag - 1]
            if remainder > 0 {
                lookup(remainder, previous: true, ordinal: ordinal, into: &out, depth: depth + 1)
            } else if ordinal {
                out += "th"
            }
        }
    }

    /// The value of lower-case number words; NaN when a word is unknown.
    static func parse(_ text: String) -> Double {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        func isSpace(_ at: Int) -> Bool { at < scalars.count && scalars[at].properties.isWhitespace }
        while i < scalars.count {
            let c = scalars[i]
            var separator = 0
            if c == ",", isSpace(i + 1) {
                separator = 2
            } else if isSpace(i), i + 4 < scalars.count, scalars[i + 1] == "a", scalars[i + 2] == "n",
                scalars[i + 3] == "d", isSpace(i + 4)
            {
                separator = 5
            } else if isSpace(i) || c == "\\" || c == "-" {
                separator = 1
            }
            if separator > 0 {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += separator
            } else {
                current.append(c)
                i += 1
            }
        }
        parts.append(String(current))
        var segments: [Double] = [0]
        for part in parts {
            let value = wordValues[part]
            if let value, value < 100 {
                var top = segments.removeLast()
                if top >= 1000 {
                    segments.append(top)
                    top = 0
                }
                segments.append(top + value)
            } else {
                let top = segments.removeLast()
                segments.append(top * (value ?? .nan))
            }
        }
        return segments.reduce(0, +)
    }
}
