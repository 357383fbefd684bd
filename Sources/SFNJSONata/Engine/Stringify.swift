import SFNJSON

/// `JSON.stringify` over evaluator values, as JSONata uses it for `$string` and error messages.
enum Stringify {
    /// - Parameters:
    ///   - forString: `$string`'s replacer: numbers rounded to 15 significant digits, functions as "".
    ///   - indent: pretty-print with this many spaces.
    static func json(_ v: Val, forString: Bool, indent: Int? = nil) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        guard write(v, into: &out, forString: forString, indent: indent, level: 0, depth: 0) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Returns false when the value has no JSON form (undefined, or a function without the replacer).
    static func write(_ v: Val, into out: inout [UInt8], forString: Bool, indent: Int?, level: Int, depth: Int) -> Bool
    {
        if depth > 500 { out += Array("null".utf8); return true }
        switch v {
        case .undefined: return false
        case .function:
            if forString { out += [34, 34]; return true }
            return false
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let d):
            if !d.isFinite {
                out += Array("null".utf8)
            } else {
                out += Array(NumberText.js(forString ? NumberText.precision15(d) : d).utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .jarray, .array:
            let items = v.elements
            if items.isEmpty { out += [91, 93]; return true }
            out.append(91)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(44) }
                newline(&out, indent, level + 1)
                if !write(item, into: &out, forString: forString, indent: indent, level: level + 1, depth: depth + 1) {
                    out += Array("null".utf8)
                }
            }
            newline(&out, indent, level)
            out.append(93)
        case .jobject, .object:
            let members = v.members
            var first = true
            out.append(123)
            for (k, item) in members {
                if item.isUndefined || (!forString && item.isFunction) { continue }
                if !first { out.append(44) }
                first = false
                newline(&out, indent, level + 1)
                writeString(k, into: &out)
                out.append(58)
                if indent != nil { out.append(32) }
                _ = write(item, into: &out, forString: forString, indent: indent, level: level + 1, depth: depth + 1)
            }
            if !first { newline(&out, indent, level) }
            out.append(125)
        }
        return true
    }

    @inline(__always) static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(10)
        out += [UInt8](repeating: 32, count: indent * level)
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        for b in s.utf8 {
            switch b {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 8: out += [92, 98]
            case 12: out += [92, 102]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                out += [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(34)
    }
}
