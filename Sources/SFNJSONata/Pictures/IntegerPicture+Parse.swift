// Reading an integer back by its picture ($parseInteger and the integer components of $toMillis).
// Like jsonata-js, the text is not validated against the picture first: odd text gives NaN.

extension IntegerPicture {
    /// The value of `text`; NaN when it does not denote one.
    func parse(_ text: String) throws(JSONataError) -> Double {
        switch primary {
        case .letters:
            let a = Double(letterCase == .upper ? 0x41 : 0x61)
            var value = 0.0
            var scale = 1.0
            for unit in text.utf16.reversed() {
                value += (Double(unit) - a + 1) * scale
                scale *= 26
            }
            return value
        case .roman:
            return Self.romanValue(letterCase == .upper ? text : text.uppercased())
        case .words:
            return NumberWords.parse(text.lowercased())
        case .decimal:
            return parseDecimal(text.unicodeScalars[...])
        case .sequence:
            throw pictureError("D3130", value: token)
        }
    }

    func parseDecimal<C: Collection>(_ text: C) -> Double where C.Element == Unicode.Scalar {
        var scalars = Array(text)
        if ordinal { scalars.removeLast(min(2, scalars.count)) }
        if regularGrouping == nil && separators.isEmpty && zeroCode == 0x30 { return JSNumberText.parseInt(scalars) }
        if regularGrouping != nil {
            // jsonata-js strips "," here whatever the separator is.
            scalars.removeAll { $0 == "," }
        } else {
            for separator in separators {
                scalars.removeAll { $0 == separator.character }
            }
        }
        if zeroCode != 0x30 {
            scalars = scalars.map { scalar in
                guard scalar.value >= zeroCode else { return scalar }
                return Unicode.Scalar(scalar.value - zeroCode + 0x30) ?? scalar
            }
        }
        return JSNumberText.parseInt(scalars)
    }

    static func romanValue(_ roman: String) -> Double {
        var decimal = 0.0
        var max = 1.0
        for scalar in roman.unicodeScalars.reversed() {
            let value: Double
            switch scalar {
            case "M": value = 1000
            case "D": value = 500
            case "C": value = 100
            case "L": value = 50
            case "X": value = 10
            case "V": value = 5
            case "I": value = 1
            default: return .nan
            }
            if value < max {
                decimal -= value
            } else {
                max = value
                decimal += value
            }
        }
        return decimal
    }
}
