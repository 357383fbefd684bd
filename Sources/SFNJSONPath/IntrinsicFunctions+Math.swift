import SFNJSON

extension IntrinsicFunctions {
    /// Rounds each operand half up (Java's `Math.round`, which AWS's recordings show:
    /// 1.5 + 1.51 = 4, -2.5 + 0 = -2) and adds them as integers.
    static func mathAdd(_ a: JSONValue, _ b: JSONValue) -> Outcome {
        guard let x = roundedInt(a) else {
            return .failure(IntrinsicError.wrongType(.mathAdd, argument: 0, expected: "a number", got: a))
        }
        guard let y = roundedInt(b) else {
            return .failure(IntrinsicError.wrongType(.mathAdd, argument: 1, expected: "a number", got: b))
        }
        let (sum, overflow) = x.addingReportingOverflow(y)
        if overflow { return .failure(IntrinsicError.failure(.mathAdd, "the sum is out of range")) }
        return .success(.int(sum))
    }

    /// Java's `Math.round`: floor(x + 0.5); nil for non-numbers and values out of range.
    static func roundedInt(_ v: JSONValue) -> Int? {
        switch v {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite else { return nil }
            let r = (d + 0.5).rounded(.down)
            guard r >= -9.2233720368547758e18, r < 9.2233720368547758e18 else { return nil }
            return Int(r)
        default: return nil
        }
    }

    /// An integer in [start, end): from `java.util.Random` when a seed is given (so a seeded call
    /// repeats), otherwise from the injected randomness.
    static func mathRandom(_ args: [JSONValue], random: () -> UInt64) -> Outcome {
        guard let start = roundedInt(args[0]) else {
            return .failure(IntrinsicError.wrongType(.mathRandom, argument: 0, expected: "a number", got: args[0]))
        }
        guard let end = roundedInt(args[1]) else {
            return .failure(IntrinsicError.wrongType(.mathRandom, argument: 1, expected: "a number", got: args[1]))
        }
        guard start < end else {
            return .failure(IntrinsicError.failure(.mathRandom, "the start \(start) must be less than the end \(end)"))
        }
        let (span, overflow) = end.subtractingReportingOverflow(start)
        guard !overflow, span <= Int(Int32.max) else {
            return .failure(IntrinsicError.failure(.mathRandom, "the range from \(start) to \(end) is too large"))
        }
        if args.count == 3 {
            guard let seed = roundedInt(args[2]) else {
                return .failure(IntrinsicError.wrongType(.mathRandom, argument: 2, expected: "a number", got: args[2]))
            }
            var generator = JavaRandom(seed: Int64(seed))
            return .success(.int(start + Int(generator.nextInt(bound: Int32(span)))))
        }
        return .success(.int(start + Int(random() % UInt64(span))))
    }
}

/// `java.util.Random`'s linear congruential generator, for seeded States.MathRandom.
struct JavaRandom {
    private var seed: UInt64
    private static let multiplier: UInt64 = 0x5DEECE66D
    private static let mask: UInt64 = (1 << 48) - 1

    init(seed: Int64) { self.seed = (UInt64(bitPattern: seed) ^ JavaRandom.multiplier) & JavaRandom.mask }

    mutating func next(bits: Int) -> Int32 {
        seed = (seed &* JavaRandom.multiplier &+ 0xB) & JavaRandom.mask
        return Int32(truncatingIfNeeded: Int64(bitPattern: seed) >> (48 - bits))
    }

    /// Java's `nextInt(bound)` for bound > 0.
    mutating func nextInt(bound: Int32) -> Int32 {
        var r = next(bits: 31)
        let m = bound &- 1
        if bound & m == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(r)) >> 31)
        }
        var u = r
        while true {
            r = u % bound
            if u &- r &+ m >= 0 { return r }
            u = next(bits: 31)
        }
    }

    /// Java's `nextDouble()`.
    mutating func nextDouble() -> Double {
        let hi = Int64(next(bits: 26))
        let lo = Int64(next(bits: 27))
        return Double((hi << 27) + lo) * 0x1.0p-53
    }
}
