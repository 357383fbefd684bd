// Exact decimal rounding of doubles, for Number.prototype.toFixed: JavaScript rounds the exact
// binary value (ties away from zero), which shortest round-trip digits cannot always tell.

enum ExactDecimal {
    /// The digits of round(value × 10^fractionDigits) (ties up) for finite 0 ≤ value < 1e21, as
    /// ASCII with no point; "0" for zero.
    static func scaledDigits(_ value: Double, fractionDigits dp: Int) -> [UInt8] {
        guard value > 0, value.isFinite else { return [48] }
        // value = significand × 2^exponent with an integer significand.
        let significand = value.significandBitPattern | (value.isNormal ? (1 << 52) : 0)
        let exponent = Int(value.exponent) - 52 + (value.isNormal ? 0 : 1)
        var n = BigUInt(significand)
        for _ in 0..<dp { n.multiply(by: 10) }
        if exponent >= 0 {
            n.shiftLeft(exponent)
        } else {
            let roundUp = n.shiftRightRoundingHalfUp(-exponent)
            if roundUp { n.add(1) }
        }
        return n.decimalDigits()
    }

    /// A little-endian arbitrary-precision unsigned integer, just big enough for toFixed.
    struct BigUInt {
        var limbs: [UInt32]

        init(_ value: UInt64) {
            limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
            trim()
        }

        mutating func trim() {
            while let last = limbs.last, last == 0 { limbs.removeLast() }
        }

        mutating func multiply(by factor: UInt32) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let product = UInt64(limbs[i]) * UInt64(factor) + carry
                limbs[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }

        mutating func add(_ value: UInt32) {
            var carry = UInt64(value)
            var i = 0
            while carry > 0 {
                if i == limbs.count { limbs.append(0) }
                let sum = UInt64(limbs[i]) + carry
                limbs[i] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
                i += 1
            }
        }

        mutating func shiftLeft(_ bits: Int) {
            guard bits > 0, !limbs.isEmpty else { return }
            let whole = bits / 32
            let part = bits % 32
            if part > 0 {
                var carry: UInt32 = 0
                for i in limbs.indices {
                    let v = limbs[i]
                    limbs[i] = (v << part) | carry
                    carry = v >> (32 - part)
                }
                if carry > 0 { limbs.append(carry) }
            }
            limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0)
        }

        /// Divides by 2^bits; true when the remainder is at least half the divisor.
        mutating func shiftRightRoundingHalfUp(_ bits: Int) -> Bool {
            guard bits > 0 else { return false }
            // The bit just below the cut decides: set means remainder ≥ half.
            let half = bits - 1
            let halfLimb = half / 32
            let roundUp = halfLimb < limbs.count && (limbs[halfLimb] >> (half % 32)) & 1 == 1
            let whole = bits / 32
            let part = bits % 32
            if whole >= limbs.count {
                limbs = []
                return roundUp
            }
            limbs.removeFirst(whole)
            if part > 0 {
                for i in limbs.indices {
                    let high: UInt32 = i + 1 < limbs.count ? limbs[i + 1] << (32 - part) : 0
                    limbs[i] = (limbs[i] >> part) | high
                }
            }
            trim()
            return roundUp
        }

        /// Base-10 digits, most significant first.
        func decimalDigits() -> [UInt8] {
            var rest = limbs
            var chunks: [UInt32] = []
            while !rest.isEmpty {
                var remainder: UInt64 = 0
                for i in stride(from: rest.count - 1, through: 0, by: -1) {
                    let current = (remainder << 32) | UInt64(rest[i])
                    rest[i] = UInt32(current / 1_000_000_000)
                    remainder = current % 1_000_000_000
                }
                chunks.append(UInt32(remainder))
                while let last = rest.last, last == 0 { rest.removeLast() }
            }
            guard let top = chunks.last else { return [48] }
            var out = Array(String(top).utf8)
            for chunk in chunks.dropLast().reversed() {
                let text = Array(String(chunk).utf8)
                out.append(contentsOf: repeatElement(48, count: 9 - text.count))
                out.append(contentsOf: text)
            }
            return out
        }
    }
}
