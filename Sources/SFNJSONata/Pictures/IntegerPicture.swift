// An analysed format-integer picture (XPath F&O 3.1 §4.6.1), as jsonata-js understands it.

struct IntegerPicture: Sendable {
    enum Primary: Sendable { case decimal, letters, roman, words, sequence }
    enum LetterCase: Sendable { case upper, lower, title }

    /// A grouping-separator-sign and the number of digit positions to its right.
    struct Separator: Sendable {
        var position: Int
        var character: Unicode.Scalar
    }

    var primary: Primary = .decimal
    var letterCase: LetterCase = .lower
    var ordinal = false
    /// First code point of the decimal digit family in use.
    var zeroCode: UInt32 = 0x30
    var mandatoryDigits = 0
    var optionalDigits = 0
    /// Set when the separators repeat at a fixed interval: then they repeat indefinitely.
    var regularGrouping: Separator?
    /// Otherwise the separators as written, nearest to the right end first.
    var separators: [Separator] = []
    /// The primary format token, reported when it names an unsupported numbering sequence.
    var token = ""

    /// Zero digits of the Unicode decimal digit families jsonata-js recognises.
    static let decimalGroups: [UInt32] = [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
        0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
        0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    static func digitGroup(of scalar: Unicode.Scalar) -> UInt32? {
        let v = scalar.value
        for group in decimalGroups where v >= group && v <= group + 9 { return group }
        return nil
    }

    init(_ picture: String) throws(JSONataError) {
        let primaryFormat: Substring
        if let semicolon = picture.lastIndex(of: ";") {
            primaryFormat = picture[..<semicolon]
            ordinal = picture[picture.index(after: semicolon)...].first == "o"
        } else {
            primaryFormat = picture[...]
        }
        switch primaryFormat {
        case "A": letterCase = .upper; primary = .letters
        case "a": primary = .letters
        case "I": letterCase = .upper; primary = .roman
        case "i": primary = .roman
        case "W": letterCase = .upper; primary = .words
        case "Ww": letterCase = .title; primary = .words
        case "w": primary = .words
        default: try analyseDecimal(primaryFormat)
        }
    }

    private mutating func analyseDecimal(_ format: Substring) throws(JSONataError) {
        var zero: UInt32?
        var position = 0
        var found: [Separator] = []
        // Positions count digit signs to the right, so walk from the right end.
        for scalar in format.unicodeScalars.reversed() {
            if let group = Self.digitGroup(of: scalar) {
                mandatoryDigits += 1
                position += 1
                if let zero, zero != group { throw pictureError("D3131") }
                zero = group
            } else if scalar == "#" {
                position += 1
                optionalDigits += 1
            } else {
                found.append(Separator(position: position, character: scalar))
            }
        }
        guard mandatoryDigits > 0, let zero else {
            primary = .sequence
            token = String(format)
            return
        }
        zeroCode = zero
        let interval = Self.regularInterval(found)
        if interval > 0, let first = found.first {
            regularGrouping = Separator(position: interval, character: first.character)
        } else {
            separators = found
        }
    }

    /// The common interval of the separators when they are all the same character at every
    /// multiple of it; 0 when they are irregular.
    static func regularInterval(_ separators: [Separator]) -> Int {
        guard let first = separators.first else { return 0 }
        for s in separators where s.character != first.character { return 0 }
        return regularInterval(positions: separators.map(\.position))
    }

    static func regularInterval(positions: [Int]) -> Int {
        guard var factor = positions.first else { return 0 }
        func gcd(_ a: Int, _ b: Int) -> Int {
            var (a, b) = (a, b)
            while b != 0 { (a, b) = (b, a % b) }
            return a
        }
        for p in positions.dropFirst() { factor = gcd(factor, p) }
        for index in 1...positions.count where !positions.contains(index * factor) { return 0 }
        return factor
    }

    /// Formats `value`, which the caller has already made whole.
    func format(_ value: Double) throws(JSONataError) -> String {
        let negative = value < 0
        let magnitude = abs(value)
        var text: String
        switch primary {
        case .letters:
            text = Self.letters(magnitude, upper: letterCase == .upper)
        case .roman:
            text = try Self.roman(magnitude)
            if letterCase == .upper { text = text.uppercased() }
        case .words:
            text = NumberWords.words(magnitude, ordinal: ordinal)
            if letterCase == .upper {
                text = text.uppercased()
            } else if letterCase == .lower {
                text = text.lowercased()
            }
        case .decimal:
            if zeroCode == 0x30 && regularGrouping == nil && separators.isEmpty && !ordinal
                && magnitude < 1e15 && magnitude.rounded(.down) == magnitude
            {
                return Self.plainDigits(UInt64(magnitude), minimumDigits: mandatoryDigits, negative: negative)
            }
            text = formatDecimal(magnitude)
        case .sequence:
            throw pictureError("D3130", value: token)
        }
        return negative ? "-" + text : text
    }

    private func formatDecimal(_ value: Double) -> String {
        // Code points, so that digit families and separators outside ASCII need no special path.
        var digits: [UInt32] = []
        digits.reserveCapacity(24)
        if value >= 0 && value < 1e15 && value.rounded(.down) == value {
            var v = UInt64(value)
            repeat {
                digits.append(UInt32(v % 10) + 0x30)
                v /= 10
            } while v > 0
            digits.reverse()
        } else {
            for scalar in JSNumberText.string(value).unicodeScalars { digits.append(scalar.value) }
        }
        if digits.count < mandatoryDigits {
            digits.insert(contentsOf: repeatElement(0x30, count: mandatoryDigits - digits.count), at: 0)
        }
        if zeroCode != 0x30 {
            for i in digits.indices { digits[i] = digits[i] &+ zeroCode &- 0x30 }
        }
        if let regular = regularGrouping {
            let count = (digits.count - 1) / regular.position
            if count > 0 {
                for group in stride(from: count, to: 0, by: -1) {
                    digits.insert(regular.character.value, at: digits.count - group * regular.position)
                }
            }
        } else {
            for separator in separators.reversed() {
                Self.insertLikeSubstr(separator.character.value, at: digits.count - separator.position, into: &digits)
            }
        }
        if ordinal {
            var suffix: (UInt32, UInt32)
            switch digits.last {
            case 0x31: suffix = (0x73, 0x74)  // st
            case 0x32: suffix = (0x6E, 0x64)  // nd
            case 0x33: suffix = (0x72, 0x64)  // rd
            default: suffix = (0x74, 0x68)  // th
            }
            if digits.count > 1 && digits[digits.count - 2] == 0x31 { suffix = (0x74, 0x68) }
            digits.append(suffix.0)
            digits.append(suffix.1)
        }
        return Self.string(fromCodePoints: digits)
    }

    /// ASCII digits of `value`, zero-padded to `minimumDigits`: the common case, written
    /// straight into the string's storage.
    static func plainDigits(_ value: UInt64, minimumDigits: Int, negative: Bool) -> String {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let width = max(digitCount, minimumDigits)
        let total = width + (negative ? 1 : 0)
        return String(unsafeUninitializedCapacity: total) { buffer in
            var v = value
            var i = total - 1
            while i >= total - width {
                buffer[i] = UInt8(48 + v % 10)
                v /= 10
                i -= 1
            }
            if negative { buffer[0] = UInt8(ascii: "-") }
            return total
        }
    }

    static func string(fromCodePoints points: [UInt32]) -> String {
        if points.allSatisfy({ $0 < 0x80 }) {
            let bytes = points.map { UInt8(truncatingIfNeeded: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for p in points { out.append(Unicode.Scalar(p) ?? "\u{FFFD}") }
        return String(out)
    }

    /// `s.substr(0, pos) + c + s.substr(pos)`, including what JavaScript does for a negative pos.
    static func insertLikeSubstr(_ c: UInt32, at pos: Int, into s: inout [UInt32]) {
        let head = pos >= 0 ? Array(s[..<min(pos, s.count)]) : []
        let tailStart = pos >= 0 ? min(pos, s.count) : max(s.count + pos, 0)
        s = head + [c] + Array(s[tailStart...])
    }

    /// Spreadsheet-column letters: 1 → a, 26 → z, 27 → aa.
    static func letters(_ value: Double, upper: Bool) -> String {
        guard value.isFinite else { return "" }
        let a: UInt32 = upper ? 0x41 : 0x61
        var letters: [Unicode.Scalar] = []
        var v = value
        while v > 0 {
            let r = (v - 1).truncatingRemainder(dividingBy: 26)
            letters.append(Unicode.Scalar(a + UInt32(r)) ?? "a")
            v = ((v - 1) / 26).rounded(.down)
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: letters.reversed())
        return String(out)
    }

    static let romanNumerals: [(Double, String)] = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
        (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]

    /// Lower-case roman numerals; nothing for zero (or less).
    static func roman(_ value: Double) throws(JSONataError) -> String {
        // jsonata-js recurses once per numeral and overflows its stack on huge values; refuse
        // them instead of building megabytes of "m".
        guard value.isNaN || value < 1e7 else { throw pictureError("D3130", value: "I") }
        var out = ""
        var v = value
        outer: while v >= 1 {
            for (amount, numeral) in romanNumerals where v >= amount {
                out += numeral
                v -= amount
                continue outer
            }
            break
        }
        return out
    }
}
