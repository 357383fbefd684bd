import Foundation
import SFNJSON

extension Library {
    /// `Math.round` then banker's correction, with jsonata's decimal-string shifting for precision.
    static func round(_ arg: Double, _ precision: Int) -> Double {
        var x = arg
        if precision != 0 {
            x = shift(x, precision)
        }
        var result = (x + 0.5).rounded(.down)
        if x.magnitude >= 4503599627370496 { result = x }
        let diff = result - x
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        if precision != 0 { result = shift(result, -precision) }
        if result == 0 { result = 0 }
        return result
    }

    /// Multiplies by 10^by through the decimal text, as jsonata-js does to avoid binary error.
    static func shift(_ x: Double, _ by: Int) -> Double {
        let text = NumberText.js(x)
        let parts = text.split(separator: "e", maxSplits: 1)
        let exp = (parts.count > 1 ? Int(parts[1]) ?? 0 : 0) + by
        return Double("\(parts[0])e\(exp)") ?? x
    }

    static func toNumber(_ v: Val) throws(JSONataError) -> Val {
        switch v {
        case .undefined: return .undefined
        case .number: return v
        case .bool(let b): return .number(b ? 1 : 0)
        case .string(let s):
            if isDecimalLiteral(s), let d = Double(s), d.isFinite { return .number(d) }
            let lower = s.lowercased()
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
                let body = String(s.dropFirst(2))
                if !body.isEmpty, let i = UInt64(body, radix: radix) { return .number(Double(i)) }
            }
            throw .make("D3030", value: v, index: 1)
        default:
            throw .make("D3030", value: v, index: 1)
        }
    }

    /// `^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$`
    static func isDecimalLiteral(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int { let st = i; while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }; return i - st }
        if i < b.count, b[i] == 45 { i += 1 }
        if digits() == 0 { return false }
        if i < b.count, b[i] == 46 { i += 1; if digits() == 0 { return false } }
        if i < b.count, b[i] == 69 || b[i] == 101 {
            i += 1
            if i < b.count, b[i] == 43 || b[i] == 45 { i += 1 }
            if digits() == 0 { return false }
        }
        return i == b.count
    }

    static func registerNumeric(_ t: inout [String: Fn]) {
        def(&t, "number", "<(nsb)-:n>", 1) { _, a, _, _ throws(JSONataError) in try toNumber(a.at(0)) }
        def(&t, "floor", "<n-:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .number(d.rounded(.down))
        }
        def(&t, "ceil", "<n-:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .number(d.rounded(.up))
        }
        def(&t, "abs", "<n-:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .number(abs(d))
        }
        def(&t, "round", "<n-n?:n>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .number(round(d, jsInt(a.at(1).number ?? 0)))
        }
        def(&t, "sqrt", "<n-:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            if d < 0 { throw .make("D3060", value: a[0], index: 1) }
            return .number(d.squareRoot())
        }
        def(&t, "power", "<n-n:n>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .number(let b) = a.at(0) else { return .undefined }
            let e = a.at(1).number ?? .nan
            let r = pow(b, e)
            if !r.isFinite { throw .make("D3061", value: a[0], index: 1, exp: a.at(1)) }
            return .number(r)
        }
        def(&t, "random", "<:n>", 0) { ev, _, _, _ throws(JSONataError) in
            .number(Double(ev.environment.random() >> 11) * 0x1p-53)
        }
        def(&t, "boolean", "<x-:b>", 1) { _, a, _, _ throws(JSONataError) in
            guard let b = Functions.boolean(a.at(0)) else { return .undefined }
            return .bool(b)
        }
        def(&t, "not", "<x-:b>", 1) { _, a, _, _ throws(JSONataError) in
            guard let b = Functions.boolean(a.at(0)) else { return .undefined }
            return .bool(!b)
        }
        def(&t, "formatBase", "<n-n?:s>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            let value = round(d, 0)
            var radix = 10.0
            if case .number(let r) = a.at(1) { radix = round(r, 0) }
            if radix < 2 || radix > 36 { throw .make("D3100", value: .number(radix)) }
            return .string(radixString(value, Int(radix)))
        }
        def(&t, "formatNumber", "<n-so?:s>", 3) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            var options: [String: String] = [:]
            for (k, v) in a.at(2).members {
                if case .string(let s) = v { options[k] = s }
            }
            return .string(try Pictures.formatNumber(d, picture: a.at(1).string ?? "", options: options))
        }
        def(&t, "formatInteger", "<n-s:s>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .string(try Pictures.formatInteger(d, picture: a.at(1).string ?? ""))
        }
        def(&t, "parseInteger", "<s-s:n>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            guard let d = try Pictures.parseInteger(s, picture: a.at(1).string ?? "") else { return .undefined }
            return .number(d)
        }
    }

    /// `Number.prototype.toString(radix)` for integral values.
    static func radixString(_ v: Double, _ radix: Int) -> String {
        if v.magnitude < 9.2e18 { return String(Int64(v), radix: radix) }
        return NumberText.js(v)
    }
}
