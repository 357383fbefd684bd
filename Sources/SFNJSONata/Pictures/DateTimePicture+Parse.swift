// Parsing a timestamp by a date/time picture ($toMillis with a picture). jsonata-js turns the
// picture into an anchored, case-insensitive regular expression, one group per part; this is the
// same match done by a small backtracking matcher, then the same defaulting rules.

extension DateTimePicture {
    /// The time value the text denotes; nil when it does not match the picture or has no
    /// components; NaN when the components make no date.
    func parse(_ text: String, nowMillis: Double) throws(JSONataError) -> Double? {
        let matchers = try self.matchers.get()
        let input = Array(text.unicodeScalars)
        guard let ends = DateTimeMatcher.match(matchers, input) else { return nil }
        var values = ComponentValues()
        var anyComponent = false
        var start = 0
        for (matcher, end) in zip(matchers, ends) {
            let captured = input[start..<end]
            start = end
            guard let component = matcher.component else { continue }
            anyComponent = true
            if let value = try matcher.value(of: captured) { values[component] = value }
        }
        guard anyComponent else { return nil }
        return try DateTimePicture.resolve(values, now: DateValue(CivilCalendar.timeClip(nowMillis)))
    }

    static func buildMatchers(_ parts: [Part]) throws(JSONataError) -> [DateTimeMatcher] {
        var matchers: [DateTimeMatcher] = []
        for part in parts {
            switch part {
            case .literal(let text):
                matchers.append(DateTimeMatcher(kind: .literal(Array(text.unicodeScalars))))
            case .marker(let box):
                matchers.append(try Self.matcher(for: box.marker))
            }
        }
        return matchers
    }

    private static func matcher(for marker: Marker) throws(JSONataError) -> DateTimeMatcher {
        let component = marker.component
        if component == "Z" || component == "z", let format = marker.integerFormat {
            var m = DateTimeMatcher(
                kind: .timezone(gmt: component == "z", separator: format.regularGrouping?.character))
            m.component = component
            return m
        }
        if let format = marker.integerFormat {
            var m: DateTimeMatcher
            switch format.primary {
            case .letters: m = DateTimeMatcher(kind: .letters)
            case .roman: m = DateTimeMatcher(kind: .roman)
            case .words: m = DateTimeMatcher(kind: .words)
            case .decimal:
                // [0-9]{n}, or {n-optional,n} when some digits are optional, else [0-9]+.
                // A negative lower bound makes jsonata-js's quantifier literal text, which real
                // input never contains: such a part matches nothing.
                let lower = marker.n - format.optionalDigits
                if marker.n > 0 && lower < 0 {
                    m = DateTimeMatcher(kind: .literal(Array("[0-9]{\(lower),\(marker.n)}".unicodeScalars)))
                } else {
                    let count = marker.n > 0 ? lower...marker.n : nil
                    m = DateTimeMatcher(kind: .digits(count: count, ordinal: format.ordinal))
                }
            case .sequence: throw pictureError("D3130", value: format.token)
            }
            m.component = component
            m.integerFormat = format
            return m
        }
        var lookup: [String: Double] = [:]
        func add(_ name: String, _ value: Double) {
            if let max = marker.widthMax {
                lookup[String(decoding: name.utf16.prefix(Swift.max(max, 0)), as: UTF16.self)] = value
            } else {
                lookup[name] = value
            }
        }
        switch component {
        case "M", "x":
            for (i, name) in monthNames.enumerated() { add(name, Double(i + 1)) }
        case "F":
            for (i, name) in dayNames.enumerated() where i > 0 { add(name, Double(i)) }
        case "P":
            lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
        default:
            throw pictureError("D3133", value: component.map { String($0) } ?? "")
        }
        var m = DateTimeMatcher(kind: .name)
        m.component = component
        m.names = lookup
        return m
    }

    /// Fills in the missing components (from `now` above the given ones, from zero below them)
    /// and computes the time value.
    static func resolve(_ given: ComponentValues, now: DateValue) throws(JSONataError) -> Double {
        var c = given
        func truthy(_ k: Unicode.Scalar) -> Bool {
            guard let v = c[k] else { return false }
            return v != 0 && !v.isNaN
        }
        func mask(_ keys: String) -> Int {
            keys.unicodeScalars.reduce(0) { ($0 << 1) | (truthy($1) ? 1 : 0) }
        }
        func isType(_ type: Int, _ m: Int) -> Bool { (~type & m) == 0 && (type & m) != 0 }
        let dateMask = mask("YXMxWwdD")
        let dateA = isType(0b1010_0001, dateMask)
        let dateB = !dateA && isType(0b1000_0010, dateMask)
        let dateC = isType(0b0101_0100, dateMask)
        let dateD = !dateC && isType(0b0100_1000, dateMask)
        let timeMask = mask("PHhmsf")
        let timeA = isType(0b01_0111, timeMask)
        let timeB = !timeA && isType(0b10_1111, timeMask)
        // jsonata-js lists "YD" (not "Yd") for the day-of-year form: "d" alone then takes the time
        // of day from the clock. Kept for identical results.
        let dateComponents = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComponents = timeB ? "Phmsf" : "Hmsf"
        var startSpecified = false
        var endSpecified = false
        for part in (dateComponents + timeComponents).unicodeScalars {
            if c[part] == nil {
                if startSpecified {
                    c[part] = "MDd".unicodeScalars.contains(part) ? 1 : 0
                    endSpecified = true
                } else {
                    // "P" from the clock is a word in jsonata-js, never equal to 1.
                    c[part] = part == "P" ? 0 : now.fragment(part)
                }
            } else {
                startSpecified = true
                if endSpecified { throw pictureError("D3136") }
            }
        }
        var month0 = 0.0
        if let m = c["M"], m > 0 { month0 = m - 1 }
        var day = c["D"] ?? .nan
        if dateB {
            let firstJan = CivilCalendar.utc(c["Y"] ?? .nan, 0)
            let derived = CivilCalendar.Fields(
                CivilCalendar.timeClip(firstJan + ((c["d"] ?? .nan) - 1) * CivilCalendar.msPerDay))
            month0 = derived.month - 1
            day = derived.day
        }
        if dateC || dateD { throw pictureError("D3136") }
        var hours = c["H"] ?? .nan
        if timeB {
            let h = c["h"] ?? .nan
            hours = h == 12 ? 0 : h
            if c["P"] == 1 { hours += 12 }
        }
        var millis = CivilCalendar.utc(
            c["Y"] ?? .nan, month0, day, hours, c["m"] ?? .nan, c["s"] ?? .nan, c["f"] ?? .nan)
        let zone = truthy("Z") ? c["Z"] : truthy("z") ? c["z"] : nil
        if let zone { millis -= zone * 60_000 }
        return millis
    }
}

/// Component values by specifier letter; nil is JavaScript's undefined.
struct ComponentValues {
    private var storage = [Double?](repeating: nil, count: 128)

    subscript(_ key: Unicode.Scalar) -> Double? {
        get { key.value < 128 ? storage[Int(key.value)] : nil }
        set { if key.value < 128 { storage[Int(key.value)] = newValue } }
    }
}
