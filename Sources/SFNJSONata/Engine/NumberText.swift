#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JavaScript's number-to-text rules, which JSONata output and `$string` follow.
enum NumberText {
    /// Shortest round-trip digits (no leading/trailing zeros) and the decimal exponent `n` with
    /// value = 0.d1d2... × 10^n, from Swift's shortest description.
    static func digits(_ d: Double) -> (digits: [UInt8], n: Int) {
        let text = Array(abs(d).description.utf8)
        var mantissa: [UInt8] = []
        var exp = 0
        var pointPos = -1
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                var sign = 1
                var j = i + 1
                if j < text.count, text[j] == UInt8(ascii: "-") {
                    sign = -1; j += 1
                } else if j < text.count, text[j] == UInt8(ascii: "+") {
                    j += 1
                }
                var e = 0
                while j < text.count { e = e * 10 + Int(text[j] - 48); j += 1 }
                exp = sign * e
                break
            }
            if c == UInt8(ascii: ".") { pointPos = mantissa.count } else { mantissa.append(c) }
            i += 1
        }
        if pointPos < 0 { pointPos = mantissa.count }
        var start = 0
        while start < mantissa.count - 1, mantissa[start] == UInt8(ascii: "0") { start += 1; pointPos -= 1 }
        var end = mantissa.count
        while end > start + 1, mantissa[end - 1] == UInt8(ascii: "0") { end -= 1 }
        let ds = Array(mantissa[start..<end])
        if ds == [UInt8(ascii: "0")] { return (ds, 1) }
        return (ds, pointPos + exp)
    }

    /// `Number.prototype.toString()` for finite numbers.
    static func js(_ d: Double) -> String {
        if d == 0 { return "0" }
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d.rounded(.towardZero) == d, abs(d) < 1e15 { return String(Int64(d)) }
        let (ds, n) = digits(d)
        let k = ds.count
        var out: [UInt8] = []
        if d < 0 { out.append(UInt8(ascii: "-")) }
        if k <= n && n <= 21 {
            out += ds
            out += [UInt8](repeating: UInt8(ascii: "0"), count: n - k)
        } else if 0 < n && n <= 21 {
            out += ds[0..<n]
            out.append(UInt8(ascii: "."))
            out += ds[n...]
        } else if -6 < n && n <= 0 {
            out += Array("0.".utf8)
            out += [UInt8](repeating: UInt8(ascii: "0"), count: -n)
            out += ds
        } else {
            out.append(ds[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out += ds[1...]
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            out += Array(String(abs(n - 1)).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Number(x.toPrecision(15))`: rounds to 15 significant digits.
    static func precision15(_ d: Double) -> Double {
        if d == 0 || !d.isFinite { return d }
        if d.rounded(.towardZero) == d, abs(d) < 1e15 { return d }
        let (ds, _) = digits(d)
        if ds.count <= 15 { return d }
        var buf = [CChar](repeating: 0, count: 64)
        let written = buf.withUnsafeMutableBufferPointer { p in
            withVaList([d]) { vsnprintf(p.baseAddress, 64, "%.14e", $0) }
        }
        guard written > 0 else { return d }
        return buf.withUnsafeBufferPointer { p in p.baseAddress.map { strtod($0, nil) } ?? d }
    }

    /// Parses a decimal number literal (already validated); nil when not finite.
    static func parse(_ s: Substring) -> Double? {
        guard let d = Double(s), d.isFinite else { return nil }
        return d
    }
}
