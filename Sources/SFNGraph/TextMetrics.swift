/// Text measurement with fixed font metrics. Every label is drawn in the monospace family, where
/// each character of the common fonts (DejaVu Sans Mono, Liberation Mono, Menlo, Consolas,
/// Courier) advances at most 0.61 em, so a box sized here holds its text whatever font the viewer
/// picks. Characters outside ASCII may fall back to a proportional or wide font: they count 1 em.
enum TextMetrics {
    static let nameSize = 12.0
    static let detailSize = 11.0
    static let labelSize = 11.0
    static let lineHeight = 15.0

    /// The width of `text` at `fontSize`, never less than what a monospace font draws.
    static func width(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            em += scalar.isASCII ? 0.61 : 1.0
        }
        return (em * fontSize).rounded(.up)
    }

    /// `text` cut to `limit` characters, the last one an ellipsis when something was cut.
    static func shortened(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }

    /// Breaks a long state name into lines of at most `limit` characters, after a space, a dash,
    /// an underscore or a dot when one is near the end of the line, else in the middle of a word.
    static func wrap(_ text: String, limit: Int = 30, maxLines: Int = 3) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > limit && lines.count < maxLines - 1 {
            let window = rest.prefix(limit)
            var cut = window.endIndex
            if let breakAt = window.lastIndex(where: { " -_.:/".contains($0) }),
                window.distance(from: window.startIndex, to: breakAt) >= limit / 2
            {
                cut = window.index(after: breakAt)
            } else if let upper = window.indices.dropFirst().last(where: { i in
                // Before a capital that follows a small letter: camelCase names break between words.
                window[i].isUppercase && window[window.index(before: i)].isLowercase
            }), window.distance(from: window.startIndex, to: upper) >= limit / 2 {
                cut = upper
            }
            lines.append(String(rest[..<cut]).trimmingTrailingSpaces())
            rest = rest[cut...].drop(while: { $0 == " " })
        }
        lines.append(shortened(String(rest), limit: lines.isEmpty ? Int.max : limit))
        return lines
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
