// An analysed date/time picture (XPath F&O 3.1 §9.8.4): literal text and variable markers such
// as [Y0001], [MNn,3-3], [D1o], [Z01:01t].

struct DateTimePicture: Sendable {
    struct Marker: Sendable {
        /// The component specifier letter; nil for an empty marker.
        var component: Unicode.Scalar?
        var widthMin: Int?
        var widthMax: Int?
        var presentation1: String
        var presentation2: Unicode.Scalar?
        var ordinal = false
        /// Set when the component is to be written as a name (N, n, Nn).
        var names: IntegerPicture.LetterCase?
        var integerFormat: IntegerPicture?
        /// How many digits the component has: the year keeps that many trailing digits, and
        /// parsing reads that many (-1: any number).
        var n = -1
    }

    /// A marker held by reference, so that walking the parts of a picture copies nothing.
    final class MarkerBox: Sendable {
        let marker: Marker
        init(_ marker: Marker) { self.marker = marker }
    }

    enum Part: Sendable {
        case literal(String)
        case marker(MarkerBox)
    }

    let parts: [Part]
    /// The parts as text matchers for parsing, or the error that makes the picture unusable there.
    let matchers: Result<[DateTimeMatcher], JSONataError>

    static let defaultPresentation: [Unicode.Scalar: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1",
        "h": "1", "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    /// The picture $fromMillis uses when none is given.
    static let iso8601: DateTimePicture =
        (try? DateTimePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]")) ?? DateTimePicture(parts: [])

    private init(parts: [Part]) {
        self.parts = parts
        self.matchers = .success([])
    }

    init(_ picture: String) throws(JSONataError) {
        let text = Array(picture.unicodeScalars)
        var parts: [Part] = []
        func addLiteral(_ start: Int, _ end: Int) {
            guard end > start else { return }
            // A doubled "]]" stands for one "]".
            var literal = String.UnicodeScalarView()
            var i = start
            while i < end {
                literal.append(text[i])
                if text[i] == "]" && i + 1 < end && text[i + 1] == "]" { i += 1 }
                i += 1
            }
            parts.append(.literal(String(literal)))
        }
        var start = 0
        var pos = 0
        while pos < text.count {
            if text[pos] == "[" {
                if pos + 1 < text.count && text[pos + 1] == "[" {
                    addLiteral(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = text[start...].firstIndex(of: "]") else { throw pictureError("D3135") }
                pos = close
                let marker = text[(start + 1)..<pos].filter { !$0.properties.isWhitespace }
                parts.append(.marker(MarkerBox(try Self.analyseMarker(Array(marker)))))
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
        self.parts = parts
        self.matchers = Result { () throws(JSONataError) in try Self.buildMatchers(parts) }
    }

    private static func analyseMarker(_ marker: [Unicode.Scalar]) throws(JSONataError) -> Marker {
        let component = marker.first
        var def = Marker(component: component, presentation1: "")
        let presentation: ArraySlice<Unicode.Scalar>
        if let comma = marker.lastIndex(of: ",") {
            let widthModifier = marker[(comma + 1)...]
            if let dash = widthModifier.firstIndex(of: "-") {
                def.widthMin = parseWidth(widthModifier[..<dash])
                def.widthMax = parseWidth(widthModifier[(dash + 1)...])
            } else {
                def.widthMin = parseWidth(widthModifier)
            }
            presentation = marker.count > 1 ? marker[1..<max(comma, 1)] : []
        } else {
            presentation = marker.dropFirst()
        }
        if presentation.count == 1 {
            def.presentation1 = String(String.UnicodeScalarView(presentation))
        } else if let last = presentation.last {
            if "atco".unicodeScalars.contains(last) {
                def.presentation2 = last
                def.ordinal = last == "o"
                def.presentation1 = String(String.UnicodeScalarView(presentation.dropLast()))
            } else {
                def.presentation1 = String(String.UnicodeScalarView(presentation))
            }
        } else {
            guard let component, let preset = defaultPresentation[component] else {
                throw pictureError("D3132", value: component.map { String($0) } ?? "")
            }
            def.presentation1 = preset
        }
        let p1 = Array(def.presentation1.unicodeScalars)
        if p1.first == "n" {
            def.names = .lower
        } else if p1.first == "N" {
            def.names = p1.count > 1 && p1[1] == "n" ? .title : .upper
        } else if let component, "YMDdFWwXxHhmsf".unicodeScalars.contains(component) {
            var pattern = def.presentation1
            if let p2 = def.presentation2 { pattern += ";" + String(p2) }
            var format = try IntegerPicture(pattern)
            // Digit counts exist only for decimal patterns (jsonata-js leaves them undefined for
            // words, letters and numerals, so widths then only matter through a maximum).
            let isDecimal = format.primary == .decimal
            if isDecimal, let min = def.widthMin, format.mandatoryDigits < min { format.mandatoryDigits = min }
            // n: how many digits the component has (-1: no fixed number). The year is cut to it
            // when formatting; parsing reads that many digits, so that pictures without
            // separators work. jsonata-js 2.0 derives n for Y, M, D only (where a maximum width
            // also sets the digits written); 2.2 reads every integer component by its width.
            if let max = def.widthMax {
                def.n = max
                if "YMD".unicodeScalars.contains(component) { format.mandatoryDigits = max }
            } else if isDecimal {
                let w = format.mandatoryDigits + format.optionalDigits
                if w >= 2 { def.n = w }
            }
            def.integerFormat = format
        }
        if component == "Z" || component == "z" {
            def.integerFormat = try IntegerPicture(def.presentation1)
        }
        return def
    }

    /// A width: a number, or "*" / nothing for no limit.
    private static func parseWidth(_ text: ArraySlice<Unicode.Scalar>) -> Int? {
        if text.isEmpty || (text.count == 1 && text.first == "*") { return nil }
        let value = JSNumberText.parseInt(text)
        guard value.isFinite, abs(value) < 1e6 else { return nil }
        return Int(value)
    }
}
