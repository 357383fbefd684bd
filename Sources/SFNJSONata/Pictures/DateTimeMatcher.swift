// One part of a date/time picture as a text matcher, and the anchored backtracking match of a
// whole sequence of them (what jsonata-js does with a generated case-insensitive RegExp).

struct DateTimeMatcher: Sendable {
    enum Kind: Sendable {
        case literal([Unicode.Scalar])
        /// (GMT)?[-+][0-9]+, then separator[0-9]+ when the picture has one.
        case timezone(gmt: Bool, separator: Unicode.Scalar?)
        case letters
        case roman
        case words
        /// [0-9]{lower,upper} or [0-9]+, then (th|st|nd|rd) for ordinals.
        case digits(count: ClosedRange<Int>?, ordinal: Bool)
        /// A month, day or am/pm name: [a-zA-Z]+.
        case name
    }

    var kind: Kind
    var component: Unicode.Scalar?
    var integerFormat: IntegerPicture?
    var names: [String: Double] = [:]

    init(kind: Kind) { self.kind = kind }

    /// Bounds the backtracking work on pathological pictures; a match needing more is treated
    /// as no match.
    static let stepLimit = 200_000
    static let maxParts = 2000

    /// The end offsets of each matcher's text when the whole input matches, else nil.
    static func match(_ matchers: [DateTimeMatcher], _ input: [Unicode.Scalar]) -> [Int]? {
        // The search recurses once per part; no real picture comes near this many parts.
        guard matchers.count <= maxParts else { return nil }
        var ends: [Int] = []
        var steps = 0
        func attempt(_ index: Int, _ position: Int) -> Bool {
            if index == matchers.count { return position == input.count }
            steps += 1
            if steps > stepLimit { return false }
            for end in matchers[index].candidates(input, position) {
                ends.append(end)
                if attempt(index + 1, end) { return true }
                ends.removeLast()
                if steps > stepLimit { return false }
            }
            return false
        }
        return attempt(0, 0) ? ends : nil
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    static func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }

    /// Case-insensitive equality as JavaScript's non-Unicode `i` flag applies it to these texts.
    static func sameIgnoringCase(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        if a == b { return true }
        if isLetter(a) && isLetter(b) { return a.value | 0x20 == b.value | 0x20 }
        if a.value < 0x80 || b.value < 0x80 { return false }
        return a.properties.uppercaseMapping == b.properties.uppercaseMapping
    }

    /// Possible end offsets from `start`, in the order a greedy regular expression tries them.
    func candidates(_ s: [Unicode.Scalar], _ start: Int) -> [Int] {
        func run(_ from: Int, _ accept: (Unicode.Scalar) -> Bool) -> Int {
            var i = from
            while i < s.count && accept(s[i]) { i += 1 }
            return i
        }
        switch kind {
        case .literal(let text):
            guard start + text.count <= s.count else { return [] }
            for (k, c) in text.enumerated() where !Self.sameIgnoringCase(c, s[start + k]) { return [] }
            return [start + text.count]
        case .timezone(let gmt, let separator):
            var i = start
            if gmt {
                let prefix: [Unicode.Scalar] = ["G", "M", "T"]
                guard i + 3 <= s.count, (0..<3).allSatisfy({ Self.sameIgnoringCase(prefix[$0], s[i + $0]) }) else {
                    return []
                }
                i += 3
            }
            guard i < s.count, s[i] == "+" || s[i] == "-" else { return [] }
            i += 1
            let digitsEnd = run(i, Self.isDigit)
            guard digitsEnd > i else { return [] }
            guard let separator else { return Array(stride(from: digitsEnd, to: i, by: -1)) }
            guard digitsEnd < s.count, Self.sameIgnoringCase(s[digitsEnd], separator) else { return [] }
            let minutesStart = digitsEnd + 1
            let minutesEnd = run(minutesStart, Self.isDigit)
            return Array(stride(from: minutesEnd, to: minutesStart, by: -1))
        case .letters, .name:
            let end = run(start, Self.isLetter)
            return Array(stride(from: end, to: start, by: -1))
        case .roman:
            let end = run(start) { "MDCLXVImdclxvi".unicodeScalars.contains($0) }
            return Array(stride(from: end, to: start, by: -1))
        case .words:
            return NumberWordsMatcher.ends(s, start)
        case .digits(let count, let ordinal):
            let runEnd = run(start, Self.isDigit)
            var ends: [Int] = []
            if let count {
                let longest = min(runEnd - start, count.upperBound)
                if longest >= count.lowerBound {
                    ends = Array(stride(from: start + longest, through: start + count.lowerBound, by: -1))
                }
            } else {
                ends = Array(stride(from: runEnd, to: start, by: -1))
            }
            guard ordinal else { return ends }
            return ends.compactMap { end in
                guard end + 2 <= s.count else { return nil }
                let suffix = String(String.UnicodeScalarView([s[end], s[end + 1]])).lowercased()
                return ["th", "st", "nd", "rd"].contains(suffix) ? end + 2 : nil
            }
        }
    }

    /// The component value of the matched text; nil for a name that is not known (JavaScript's
    /// undefined), NaN for text that makes no number.
    func value(of text: ArraySlice<Unicode.Scalar>) throws(JSONataError) -> Double? {
        switch kind {
        case .timezone(let gmt, let separator):
            let body = gmt ? text.dropFirst(3) : text
            var hours = 0.0
            var minutes = 0.0
            if let separator, let cut = body.firstIndex(of: separator) {
                hours = JSNumberText.parseInt(body[..<cut])
                minutes = JSNumberText.parseInt(body[(cut + 1)...])
            } else if body.count - 1 <= 2 {
                hours = JSNumberText.parseInt(body)
            } else {
                hours = JSNumberText.parseInt(body.prefix(3))
                minutes = JSNumberText.parseInt(body.dropFirst(3))
            }
            return hours * 60 + minutes
        case .name:
            return names[String(String.UnicodeScalarView(text))]
        case .digits(_, let ordinal) where component == "f":
            // A fraction of a second: its first three digits are the milliseconds.
            let digits = text.prefix(ordinal ? max(text.count - 2, 0) : text.count).prefix(3)
            var value = JSNumberText.parseInt(digits)
            for _ in digits.count..<3 { value *= 10 }
            return value
        default:
            guard let integerFormat else { return nil }
            if integerFormat.primary == .decimal { return integerFormat.parseDecimal(text) }
            return try integerFormat.parse(String(String.UnicodeScalarView(text)))
        }
    }
}

/// Where a run of number words ((word|and|[-, ])+, case-insensitive) can end.
enum NumberWordsMatcher {
    static let tokens: [[Unicode.Scalar]] =
        NumberWords.tokens.map { $0.map { Unicode.Scalar($0) } } + [["-"], [","], [" "]]

    static func ends(_ s: [Unicode.Scalar], _ start: Int) -> [Int] {
        var reachable = [Bool](repeating: false, count: s.count + 1)
        reachable[start] = true
        var found: [Int] = []
        var i = start
        while i < s.count {
            if reachable[i] {
                for token in tokens where i + token.count <= s.count {
                    var ok = true
                    for (k, c) in token.enumerated() where !DateTimeMatcher.sameIgnoringCase(c, s[i + k]) {
                        ok = false
                        break
                    }
                    if ok && !reachable[i + token.count] {
                        reachable[i + token.count] = true
                    }
                }
            }
            i += 1
        }
        for end in stride(from: s.count, to: start, by: -1) where reachable[end] { found.append(end) }
        return found
    }
}
