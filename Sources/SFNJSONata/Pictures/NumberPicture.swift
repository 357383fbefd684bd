// An analysed format-number picture (XPath F&O 3.1 §4.7) as jsonata-js applies it. jsonata-js
// works on UTF-16 code units and compares single characters with the (possibly longer) option
// strings; the code below keeps to that so odd options behave the same.

struct NumberPicture: Sendable {
    typealias Units = [UInt16]

    /// The decimal-format properties, from the options argument over the defaults.
    struct Symbols: Sendable {
        var decimalSeparator: Units = Array(".".utf16)
        var groupingSeparator: Units = Array(",".utf16)
        var exponentSeparator: Units = Array("e".utf16)
        var minusSign: Units = Array("-".utf16)
        var percent: Units = Array("%".utf16)
        var perMille: Units = Array("\u{2030}".utf16)
        var zeroDigit: Units = Array("0".utf16)
        var digit: Units = Array("#".utf16)
        var patternSeparator: Units = Array(";".utf16)

        init(options: [String: String]) {
            for (key, value) in options {
                let units = Array(value.utf16)
                switch key {
                case "decimal-separator": decimalSeparator = units
                case "grouping-separator": groupingSeparator = units
                case "exponent-separator": exponentSeparator = units
                case "minus-sign": minusSign = units
                case "percent": percent = units
                case "per-mille": perMille = units
                case "zero-digit": zeroDigit = units
                case "digit": digit = units
                case "pattern-separator": patternSeparator = units
                default: break  // "infinity" and "NaN" are accepted but, as in jsonata-js, unused
                }
            }
        }

        /// The first unit of the zero digit starts the family of ten digits.
        var zeroUnit: UInt16 { zeroDigit.first ?? 0x30 }

        func isFamily(_ unit: UInt16) -> Bool { unit >= zeroUnit && Int(unit) < Int(zeroUnit) + 10 }

        func isActive(_ unit: UInt16) -> Bool {
            isFamily(unit) || Self.equals(unit, decimalSeparator) || Self.equals(unit, exponentSeparator)
                || Self.equals(unit, groupingSeparator) || Self.equals(unit, digit)
                || Self.equals(unit, patternSeparator)
        }

        static func equals(_ unit: UInt16, _ symbol: Units) -> Bool { symbol.count == 1 && symbol[0] == unit }
    }

    /// What F&O 4.7.4 derives from one sub-picture.
    struct SubPicture: Sendable {
        var integerGroupingPositions: [Int]
        var regularGrouping: Int
        var minimumIntegerPartSize: Int
        var scalingFactor: Int
        var prefix: Units
        var fractionalGroupingPositions: [Int]
        var minimumFractionalPartSize: Int
        var maximumFractionalPartSize: Int
        var minimumExponentSize: Int
        var exponentPresent: Bool
        var suffix: Units
        var picture: Units
    }

    let symbols: Symbols
    let positive: SubPicture
    let negative: SubPicture

    init(_ picture: String, symbols: Symbols) throws(JSONataError) {
        self.symbols = symbols
        let subPictures = Self.split(Array(picture.utf16), by: symbols.patternSeparator)
        if subPictures.count > 2 { throw pictureError("D3080") }
        var parts: [Parts] = []
        for sub in subPictures { parts.append(try Parts(sub, symbols: symbols)) }
        for part in parts { try part.validate(symbols) }
        let analysed = parts.map { $0.analyse(symbols) }
        positive = analysed[0]
        if analysed.count > 1 {
            negative = analysed[1]
        } else {
            var copy = analysed[0]
            copy.prefix = symbols.minusSign + copy.prefix
            negative = copy
        }
    }

    /// JavaScript `String.prototype.split` with a string separator.
    static func split(_ text: Units, by separator: Units) -> [Units] {
        guard !separator.isEmpty else { return text.map { [$0] } }
        var result: [Units] = []
        var start = 0
        var i = 0
        while i + separator.count <= text.count {
            if text[i..<(i + separator.count)].elementsEqual(separator) {
                result.append(Array(text[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        result.append(Array(text[start...]))
        return result
    }

    /// `text.indexOf(pattern, from)`, or -1.
    static func indexOf(_ text: Units, _ pattern: Units, from: Int = 0) -> Int {
        let start = max(0, from)
        if pattern.isEmpty { return min(start, text.count) }
        guard text.count >= pattern.count else { return -1 }
        var i = start
        while i + pattern.count <= text.count {
            if text[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return -1
    }

    /// `text.lastIndexOf(pattern)`, or -1.
    static func lastIndexOf(_ text: Units, _ pattern: Units) -> Int {
        if pattern.isEmpty { return text.count }
        guard text.count >= pattern.count else { return -1 }
        var i = text.count - pattern.count
        while i >= 0 {
            if text[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i -= 1
        }
        return -1
    }

    /// `text.substring(start, end)` with JavaScript's clamping and swapping.
    static func substring(_ text: Units, _ start: Int, _ end: Int? = nil) -> Units {
        var a = min(max(start, 0), text.count)
        var b = min(max(end ?? text.count, 0), text.count)
        if a > b { swap(&a, &b) }
        return Array(text[a..<b])
    }

    /// `text.charAt(i)` compared with a symbol (never equal when the symbol is longer than one unit).
    static func charAt(_ text: Units, _ i: Int, is symbol: Units) -> Bool {
        i >= 0 && i < text.count && Symbols.equals(text[i], symbol)
    }
}
