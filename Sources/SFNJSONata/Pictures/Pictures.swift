// The picture-string functions of JSONata ($formatInteger, $parseInteger, $formatNumber,
// $fromMillis, $toMillis), following jsonata-js, which implements the XPath F&O 3.1 pictures.

/// Entry points the JSONata function library calls. Undefined arguments are the caller's business:
/// these functions always receive a value.
enum Pictures {
    /// $formatInteger(number, picture): XPath F&O 3.1 format-integer (decimal digit patterns with
    /// grouping, `#`, other-digit families, `a`/`A` alphabetic, `i`/`I` roman, `w`/`W`/`Ww` words,
    /// `;o` ordinals, `;c`).
    static func formatInteger(_ value: Double, picture: String) throws(JSONataError) -> String {
        return try integerPicture(picture).format(value.rounded(.down))
    }

    /// $parseInteger(string, picture): the inverse of formatInteger. nil when the text does not
    /// denote a number (jsonata-js would produce NaN there).
    static func parseInteger(_ text: String, picture: String) throws(JSONataError) -> Double? {
        let value = try integerPicture(picture).parse(text)
        return value.isNaN ? nil : value
    }

    /// $formatNumber(number, picture, options): XPath format-number (decimal-separator,
    /// grouping-separator, exponent-separator, percent, per-mille, zero-digit, digit,
    /// pattern-separator, infinity, NaN, minus-sign keys in options).
    static func formatNumber(_ value: Double, picture: String, options: [String: String]) throws(JSONataError) -> String
    {
        return try numberPicture(picture, options: options).format(value)
    }

    /// $fromMillis(millis, picture?, timezone?): without picture, ISO 8601 with milliseconds
    /// ("2017-10-30T15:28:34.000Z", or the offset when a timezone is given); with picture, the
    /// XPath format-dateTime picture; timezone like "+0100" / "-0500".
    static func formatDateTime(millis: Double, picture: String?, timezone: String?) throws(JSONataError) -> String {
        if picture == nil && timezone == nil, let text = ISO8601Timestamp.formatUTC(millis) { return text }
        let format: DateTimePicture
        if let picture {
            format = try dateTimePicture(picture)
        } else {
            format = DateTimePicture.iso8601
        }
        return try format.format(millis: millis, timezone: timezone)
    }

    /// $toMillis(string, picture?): without picture, ISO 8601 (D3110 when the text is not);
    /// with picture, parse by the picture. nil when the text does not match the picture.
    /// `nowMillis` supplies the date parts a picture leaves out (the evaluation's `$now()`).
    static func parseDateTime(
        _ text: String, picture: String?,
        nowMillis: Double? = nil
    ) throws(JSONataError) -> Double? {
        guard let picture else {
            guard let millis = ISO8601Timestamp.parse(text) else {
                throw pictureError("D3110", value: text)
            }
            return millis.isNaN ? nil : millis
        }
        let format = try dateTimePicture(picture)
        let millis = try format.parse(text, nowMillis: nowMillis ?? defaultNowMillis())
        guard let millis, !millis.isNaN else { return nil }
        return millis
    }
}

/// The error for `code`, worded as jsonata-js words it (`value` is shown JSON-quoted).
func pictureError(_ code: String, value: String? = nil) -> JSONataError {
    let quoted: String
    if let value {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(scalar)
            }
        }
        quoted = text + "\""
    } else {
        quoted = "undefined"
    }
    let message: String
    switch code {
    case "D3080": message = "The picture string must only contain a maximum of two sub-pictures"
    case "D3081":
        message = "The sub-picture must not contain more than one instance of the 'decimal-separator' character"
    case "D3082": message = "The sub-picture must not contain more than one instance of the 'percent' character"
    case "D3083": message = "The sub-picture must not contain more than one instance of the 'per-mille' character"
    case "D3084": message = "The sub-picture must not contain both a 'percent' and a 'per-mille' character"
    case "D3085":
        message =
            "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'"
    case "D3086":
        message =
            "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character"
    case "D3087":
        message =
            "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character"
    case "D3088": message = "The sub-picture must not contain a 'grouping-separator' at the end of the integer part"
    case "D3089":
        message = "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character"
    case "D3090":
        message =
            "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'"
    case "D3091":
        message =
            "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'"
    case "D3092":
        message =
            "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'"
    case "D3093":
        message =
            "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'"
    case "D3110":
        message = "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \(quoted)"
    case "D3130":
        message =
            "Formatting or parsing an integer as a sequence starting with \(quoted) is not supported by this implementation"
    case "D3131": message = "In a decimal digit pattern, all digits must be from the same decimal group"
    case "D3132": message = "Unknown component specifier \(quoted) in date/time picture string"
    case "D3133":
        message =
            "The 'name' modifier can only be applied to months and days in the date/time picture string, not \(quoted)"
    case "D3134": message = "The timezone integer format specifier cannot have more than four digits"
    case "D3135": message = "No matching closing bracket ']' in date/time picture string"
    case "D3136": message = "The date/time picture string is missing specifiers required to parse the timestamp"
    default: message = "Invalid picture string"
    }
    return JSONataError(code: code, message: message)
}
