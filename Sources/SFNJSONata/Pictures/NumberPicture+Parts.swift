// Splitting a format-number sub-picture into its parts, validating it (F&O 4.7.3) and deriving
// the formatting variables (F&O 4.7.4).

extension NumberPicture {
    struct Parts {
        var prefix: Units
        var suffix: Units
        var activePart: Units
        var mantissaPart: Units
        var exponentPart: Units?
        var integerPart: Units
        var fractionalPart: Units
        var subpicture: Units

        init(_ sub: Units, symbols s: Symbols) throws(JSONataError) {
            subpicture = sub
            func isEdgeActive(_ unit: UInt16) -> Bool {
                s.isActive(unit) && !Symbols.equals(unit, s.exponentSeparator)
            }
            // A sub-picture without any active character has no digits to place at all.
            guard let first = sub.firstIndex(where: isEdgeActive),
                let last = sub.lastIndex(where: isEdgeActive)
            else {
                throw pictureError("D3086")
            }
            prefix = Array(sub[..<first])
            suffix = Array(sub[(last + 1)...])
            activePart = NumberPicture.substring(sub, prefix.count, sub.count - suffix.count)
            let exponentPosition = NumberPicture.indexOf(sub, s.exponentSeparator, from: prefix.count)
            if exponentPosition == -1 || exponentPosition > sub.count - suffix.count {
                mantissaPart = activePart
                exponentPart = nil
            } else {
                // jsonata-js measures this position in the whole sub-picture but cuts the active
                // part with it; kept for identical results when there is a prefix.
                mantissaPart = NumberPicture.substring(activePart, 0, exponentPosition)
                exponentPart = NumberPicture.substring(activePart, exponentPosition + 1)
            }
            let decimalPosition = NumberPicture.indexOf(mantissaPart, s.decimalSeparator)
            if decimalPosition == -1 {
                integerPart = mantissaPart
                fractionalPart = suffix
            } else {
                integerPart = NumberPicture.substring(mantissaPart, 0, decimalPosition)
                fractionalPart = NumberPicture.substring(mantissaPart, decimalPosition + 1)
            }
        }

        /// Throws the error of the last rule broken, which is the one jsonata-js reports.
        func validate(_ s: Symbols) throws(JSONataError) {
            var error: String?
            let decimalPos = NumberPicture.indexOf(subpicture, s.decimalSeparator)
            if decimalPos != NumberPicture.lastIndexOf(subpicture, s.decimalSeparator) { error = "D3081" }
            let percentPos = NumberPicture.indexOf(subpicture, s.percent)
            if percentPos != NumberPicture.lastIndexOf(subpicture, s.percent) { error = "D3082" }
            let perMillePos = NumberPicture.indexOf(subpicture, s.perMille)
            if perMillePos != NumberPicture.lastIndexOf(subpicture, s.perMille) { error = "D3083" }
            if percentPos != -1 && perMillePos != -1 { error = "D3084" }
            if !mantissaPart.contains(where: { s.isFamily($0) || Symbols.equals($0, s.digit) }) { error = "D3085" }
            if activePart.contains(where: { !s.isActive($0) }) { error = "D3086" }
            if decimalPos != -1 {
                if NumberPicture.charAt(subpicture, decimalPos - 1, is: s.groupingSeparator)
                    || NumberPicture.charAt(subpicture, decimalPos + 1, is: s.groupingSeparator)
                {
                    error = "D3087"
                }
            } else if NumberPicture.charAt(integerPart, integerPart.count - 1, is: s.groupingSeparator) {
                error = "D3088"
            }
            if NumberPicture.indexOf(subpicture, s.groupingSeparator + s.groupingSeparator) != -1 { error = "D3089" }
            let optionalInInteger = NumberPicture.indexOf(integerPart, s.digit)
            if optionalInInteger != -1 && integerPart[..<optionalInInteger].contains(where: s.isFamily) {
                error = "D3090"
            }
            let optionalInFraction = NumberPicture.lastIndexOf(fractionalPart, s.digit)
            if optionalInFraction != -1
                && fractionalPart[min(optionalInFraction, fractionalPart.count)...].contains(where: s.isFamily)
            {
                error = "D3091"
            }
            if let exponentPart {
                if !exponentPart.isEmpty && (percentPos != -1 || perMillePos != -1) { error = "D3092" }
                if exponentPart.isEmpty || exponentPart.contains(where: { !s.isFamily($0) }) { error = "D3093" }
            }
            if let error { throw pictureError(error) }
        }

        func analyse(_ s: Symbols) -> SubPicture {
            let integerGrouping = groupingPositions(integerPart, toLeft: false, s)
            let regular = IntegerPicture.regularInterval(positions: integerGrouping)
            let fractionalGrouping = groupingPositions(fractionalPart, toLeft: true, s)
            var minimumInteger = integerPart.filter(s.isFamily).count
            let scalingFactor = minimumInteger
            var minimumFraction = fractionalPart.filter(s.isFamily).count
            var maximumFraction = fractionalPart.filter { s.isFamily($0) || Symbols.equals($0, s.digit) }.count
            let exponentPresent = exponentPart != nil
            if minimumInteger == 0 && maximumFraction == 0 {
                if exponentPresent {
                    minimumFraction = 1
                    maximumFraction = 1
                } else {
                    minimumInteger = 1
                }
            }
            if exponentPresent && minimumInteger == 0 && NumberPicture.indexOf(integerPart, s.digit) != -1 {
                minimumInteger = 1
            }
            if minimumInteger == 0 && minimumFraction == 0 { minimumFraction = 1 }
            let minimumExponent = exponentPart.map { $0.filter(s.isFamily).count } ?? 0
            return SubPicture(
                integerGroupingPositions: integerGrouping, regularGrouping: regular,
                minimumIntegerPartSize: minimumInteger, scalingFactor: scalingFactor, prefix: prefix,
                fractionalGroupingPositions: fractionalGrouping, minimumFractionalPartSize: minimumFraction,
                maximumFractionalPartSize: maximumFraction, minimumExponentSize: minimumExponent,
                exponentPresent: exponentPresent, suffix: suffix, picture: subpicture)
        }

        /// Digit positions of the grouping separators: counted to their right in the integer part,
        /// to their left in the fractional part. The search for the next separator runs in the
        /// integer part in both cases, as jsonata-js does.
        private func groupingPositions(_ part: Units, toLeft: Bool, _ s: Symbols) -> [Int] {
            var positions: [Int] = []
            var position = NumberPicture.indexOf(part, s.groupingSeparator)
            var guardCount = 0
            while position != -1 && guardCount <= part.count + integerPart.count {
                let span = toLeft ? NumberPicture.substring(part, 0, position) : NumberPicture.substring(part, position)
                positions.append(span.filter { s.isFamily($0) || Symbols.equals($0, s.digit) }.count)
                position = NumberPicture.indexOf(integerPart, s.groupingSeparator, from: position + 1)
                guardCount += 1
            }
            return positions
        }
    }
}
