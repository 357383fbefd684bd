import SFNJSON

/// How AWS's Java runtime renders values where it uses `toString()` rather than JSON:
/// States.Format arguments (`{Arg1=1, Arg2=[]}`) and Jayway's failure messages.
enum JavaText {
    /// The JsonProvider Jayway names in its messages. Not seen in AWS's recordings; Jackson is the
    /// provider AWS's Java SDKs use.
    static let jsonProvider = "com.jayway.jsonpath.spi.json.JacksonJsonProvider"

    static func className(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "java.lang.Boolean"
        case .int(let i): return i >= Int(Int32.min) && i <= Int(Int32.max) ? "java.lang.Integer" : "java.lang.Long"
        case .double: return "java.lang.Double"
        case .bigInt: return "java.math.BigInteger"
        case .string: return "java.lang.String"
        case .array: return "java.util.ArrayList"
        case .object: return "java.util.LinkedHashMap"
        }
    }

    /// Java's `toString()` of the value as Jackson materialises it (LinkedHashMap, ArrayList, ...).
    static func string(_ value: JSONValue) -> String {
        var out = ""
        append(value, to: &out, depth: 0)
        return out
    }

    static func append(_ value: JSONValue, to out: inout String, depth: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += double(d)
        case .bigInt(let text): out += text
        case .string(let s): out += s
        case .array(let a):
            // Deeper than the JSON parser allows cannot occur; the guard only keeps the stack bounded.
            guard depth < 600 else { out += "[...]"; return }
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += ", " }
                append(e, to: &out, depth: depth + 1)
            }
            out += "]"
        case .object(let o):
            guard depth < 600 else { out += "{...}"; return }
            out += "{"
            var first = true
            for (k, v) in o {
                if !first { out += ", " }
                first = false
                out += k
                out += "="
                append(v, to: &out, depth: depth + 1)
            }
            out += "}"
        }
    }

    /// Java's `Double.toString`: plain notation for 1e-3 <= |d| < 1e7 (always with a fraction
    /// digit), otherwise `d.dddE±n`; shortest round-trip digits either way.
    static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = decimalDigits(abs(d))
        var out = d < 0 ? "-" : ""
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            // exponent is the power of ten of the first digit.
            if exponent >= 0 {
                let intCount = exponent + 1
                if digits.count <= intCount {
                    out += digits + String(repeating: "0", count: intCount - digits.count) + ".0"
                } else {
                    out += String(digits.prefix(intCount)) + "." + String(digits.dropFirst(intCount))
                }
            } else {
                out += "0." + String(repeating: "0", count: -exponent - 1) + digits
            }
        } else {
            out += String(digits.prefix(1)) + "."
            out += digits.count > 1 ? String(digits.dropFirst()) : "0"
            out += "E" + String(exponent)
        }
        return out
    }

    /// The shortest round-trip significant digits of a positive finite double and the decimal
    /// exponent of the first one, taken from Swift's own shortest formatting.
    static func decimalDigits(_ d: Double) -> (String, Int) {
        let text = d.description  // "123.45", "1e-05", "1.2345e+16"
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointPos: Int? = nil
        for c in mantissa {
            if c == "." { pointPos = digits.count } else { digits.append(c) }
        }
        let intDigits = pointPos ?? digits.count
        // Strip leading zeros, tracking where the first significant digit sits.
        var leading = 0
        for c in digits { if c == "0" { leading += 1 } else { break } }
        var significant = String(digits.dropFirst(leading))
        while significant.count > 1 && significant.hasSuffix("0") { significant.removeLast() }
        if significant.isEmpty { return ("0", 0) }
        return (significant, exp + intDigits - leading - 1)
    }
}
