// Formatting a time value by a date/time picture ($fromMillis).

extension DateTimePicture {
    static let dayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]

    func format(millis: Double, timezone: String?) throws(JSONataError) -> String {
        var offsetHours = 0.0
        var offsetMinutes = 0.0
        if let timezone {
            // jsonata-js reads "+hhmm" as one decimal integer and splits it arithmetically.
            let offset = JSNumberText.parseInt(timezone.unicodeScalars)
            offsetHours = (offset / 100).rounded(.down)
            offsetMinutes = offset.truncatingRemainder(dividingBy: 100)
        }
        let offsetMillis = (60 * offsetHours + offsetMinutes) * 60_000
        let time = CivilCalendar.timeClip(millis + offsetMillis)
        let date = DateValue(time)
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text):
                out += text
            case .marker(let box):
                out += try formatComponent(box, date, offsetHours: offsetHours, offsetMinutes: offsetMinutes)
            }
        }
        return out
    }

    private func formatComponent(
        _ box: MarkerBox, _ date: DateValue, offsetHours: Double,
        offsetMinutes: Double
    ) throws(JSONataError) -> String {
        guard let component = box.marker.component else { return "undefined" }
        switch component {
        case "Y", "M", "D", "d", "F", "W", "w", "X", "x", "H", "h", "m", "s", "f":
            var value = date.fragment(component)
            if component == "Y" && box.marker.n != -1 {
                value = value.truncatingRemainder(dividingBy: NumberPicture.power10(box.marker.n))
            }
            if let names = box.marker.names, component != "f" {
                var name: String
                if component == "M" || component == "x" {
                    name = Self.name(in: Self.monthNames, names, at: value - 1)
                } else if component == "F" {
                    name = Self.name(in: Self.dayNames, names, at: value)
                } else {
                    throw pictureError("D3133", value: String(component))
                }
                if let max = box.marker.widthMax, name.utf16.count > max {
                    name = String(decoding: name.utf16.prefix(Swift.max(max, 0)), as: UTF16.self)
                }
                return name
            }
            guard let format = box.marker.integerFormat else { throw pictureError("D3133", value: String(component)) }
            return try format.format(value)
        case "Z", "z":
            return try formatTimezone(box, hours: offsetHours, minutes: offsetMinutes)
        case "P":
            let text = date.fragment("H") >= 12 ? "pm" : "am"
            return box.marker.names.map { Self.applyCase($0, to: text) } ?? text
        case "C", "E":
            return "ISO"
        default:
            return "undefined"
        }
    }

    private func formatTimezone(_ box: MarkerBox, hours: Double, minutes: Double) throws(JSONataError) -> String {
        guard let format = box.marker.integerFormat else { return "" }
        let offset = hours * 100 + minutes
        var text: String
        if format.regularGrouping != nil {
            text = try format.format(offset)
        } else {
            switch format.mandatoryDigits {
            case 1, 2:
                text = try format.format(hours)
                if minutes != 0 { text += ":" + (try Pictures.formatInteger(minutes, picture: "00")) }
            case 3, 4:
                text = try format.format(offset)
            default:
                throw pictureError("D3134")
            }
        }
        if offset >= 0 { text = "+" + text }
        if box.marker.component == "z" { text = "GMT" + text }
        if offset == 0 && box.marker.presentation2 == "t" { text = "Z" }
        return text
    }

    /// Month and day names in each letter case, made once.
    static let casedNames: [[[String]]] = [monthNames, dayNames].map { list in
        [IntegerPicture.LetterCase.upper, .lower, .title].map { letterCase in list.map { applyCase(letterCase, to: $0) }
        }
    }

    static func name(in names: [String], _ letterCase: IntegerPicture.LetterCase, at index: Double) -> String {
        guard index.isFinite, index >= 0, index < Double(names.count) else { return "undefined" }
        let list = casedNames[names.count == 12 ? 0 : 1]
        switch letterCase {
        case .upper: return list[0][Int(index)]
        case .lower: return list[1][Int(index)]
        case .title: return list[2][Int(index)]
        }
    }

    static func applyCase(_ letterCase: IntegerPicture.LetterCase, to text: String) -> String {
        switch letterCase {
        case .upper: return text.uppercased()
        case .lower: return text.lowercased()
        case .title: return text
        }
    }
}

/// A time value and its UTC fields, answering the component questions of a picture.
struct DateValue {
    let time: Double
    let fields: CivilCalendar.Fields

    init(_ time: Double) {
        self.time = time
        self.fields = CivilCalendar.Fields(time)
    }

    /// The numeric value of a component (NaN for an invalid date).
    func fragment(_ component: Unicode.Scalar) -> Double {
        let f = fields
        switch component {
        case "Y": return f.year
        case "M": return f.month
        case "D": return f.day
        case "d":
            let today = CivilCalendar.utc(f.year, f.month - 1, f.day)
            let firstJan = CivilCalendar.utc(f.year, 0)
            return (today - firstJan) / CivilCalendar.msPerDay + 1
        case "F": return f.weekday == 0 ? 7 : f.weekday
        case "W":
            let start = Self.startOfFirstWeek(f.year, 0)
            let today = CivilCalendar.utc(f.year, f.month - 1, f.day)
            var week = Self.deltaWeeks(start, today)
            if week > 52 {
                if today >= Self.startOfFirstWeek(f.year + 1, 0) { week = 1 }
            } else if week < 1 {
                week = Self.deltaWeeks(Self.startOfFirstWeek(f.year - 1, 0), today)
            }
            return week.rounded(.down)
        case "w":
            let month0 = f.month - 1
            let start = Self.startOfFirstWeek(f.year, month0)
            let today = CivilCalendar.utc(f.year, month0, f.day)
            var week = Self.deltaWeeks(start, today)
            if week > 4 {
                let next = month0 == 11 ? (f.year + 1, 0.0) : (f.year, month0 + 1)
                if today >= Self.startOfFirstWeek(next.0, next.1) { week = 1 }
            } else if week < 1 {
                let previous = month0 == 0 ? (f.year - 1, 11.0) : (f.year, month0 - 1)
                week = Self.deltaWeeks(Self.startOfFirstWeek(previous.0, previous.1), today)
            }
            return week.rounded(.down)
        case "X":
            if time < Self.startOfFirstWeek(f.year, 0) { return f.year - 1 }
            if time >= Self.startOfFirstWeek(f.year + 1, 0) { return f.year + 1 }
            return f.year
        case "x":
            let month0 = f.month - 1
            let next = month0 == 11 ? (f.year + 1, 0.0) : (f.year, month0 + 1)
            if time < Self.startOfFirstWeek(f.year, month0) { return month0 == 0 ? 12 : month0 }
            if time >= Self.startOfFirstWeek(next.0, next.1) { return next.1 + 1 }
            return month0 + 1
        case "H": return f.hours
        case "h":
            let h = f.hours.truncatingRemainder(dividingBy: 12)
            return h == 0 ? 12 : h
        case "m": return f.minutes
        case "s": return f.seconds
        case "f": return f.milliseconds
        default: return .nan
        }
    }

    /// Start (Monday 00:00) of week 1 of a year (month0 = 0) or month: the week holding its
    /// first Thursday, as ISO 8601 defines it and F&O extends it to months.
    static func startOfFirstWeek(_ year: Double, _ month0: Double) -> Double {
        let first = CivilCalendar.utc(year, month0)
        var weekday = CivilCalendar.Fields(first).weekday
        if weekday == 0 { weekday = 7 }
        return weekday > 4
            ? first + (8 - weekday) * CivilCalendar.msPerDay
            : first - (weekday - 1) * CivilCalendar.msPerDay
    }

    static func deltaWeeks(_ start: Double, _ end: Double) -> Double {
        (end - start) / (CivilCalendar.msPerDay * 7) + 1
    }
}
