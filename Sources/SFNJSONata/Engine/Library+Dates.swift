import SFNJSON

extension Library {
    static func registerDates(_ t: inout [String: Fn]) {
        def(&t, "now", "<s?s?:s>", 2) { ev, a, _, _ throws(JSONataError) in
            .string(
                try Pictures.formatDateTime(millis: ev.nowMillis, picture: a.at(0).string, timezone: a.at(1).string))
        }
        def(&t, "millis", "<:n>", 0) { ev, _, _, _ throws(JSONataError) in .number(ev.nowMillis) }
        def(&t, "fromMillis", "<n-s?s?:s>", 3) { _, a, _, _ throws(JSONataError) in
            guard case .number(let d) = a.at(0) else { return .undefined }
            return .string(try Pictures.formatDateTime(millis: d, picture: a.at(1).string, timezone: a.at(2).string))
        }
        def(&t, "toMillis", "<s-s?:n>", 2) { ev, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            do throws(JSONataError) {
                guard let d = try Pictures.parseDateTime(s, picture: a.at(1).string, nowMillis: ev.nowMillis) else {
                    return .undefined
                }
                return .number(d)
            } catch {
                if error.code == "D3110" { throw .make("D3110", value: .string(s)) }
                throw error
            }
        }
    }

    static func registerEncoding(_ t: inout [String: Fn]) {
        def(&t, "base64encode", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(Base64.encode(s.utf16.map { UInt8(truncatingIfNeeded: $0) }))
        }
        def(&t, "base64decode", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            let bytes = Base64.decode(s)
            return .string(String(decoding: bytes.map { UInt16($0) }, as: UTF16.self))
        }
        def(&t, "encodeUrlComponent", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(try URICoding.encode(s, unescaped: URICoding.componentSafe, function: "encodeUrlComponent"))
        }
        def(&t, "encodeUrl", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(try URICoding.encode(s, unescaped: URICoding.uriSafe, function: "encodeUrl"))
        }
        def(&t, "decodeUrlComponent", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(try URICoding.decode(s, reserved: [], function: "decodeUrlComponent"))
        }
        def(&t, "decodeUrl", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(try URICoding.decode(s, reserved: Set(";/?:@&=+$,#".utf8), function: "decodeUrl"))
        }
    }
}

/// Base64 as Node's Buffer does it (lenient decoding).
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63], alphabet[n & 63]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = Int(bytes[i]) << 16
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63], 61, 61]
        } else if rest == 2 {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String) -> [UInt8] {
        var bits = 0
        var acc = 0
        var out: [UInt8] = []
        for c in s.utf8 {
            let v: Int
            switch c {
            case 65...90: v = Int(c) - 65
            case 97...122: v = Int(c) - 71
            case 48...57: v = Int(c) + 4
            case 43, 45: v = 62
            case 47, 95: v = 63
            case 61: return out
            default: continue
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> bits) & 0xFF))
            }
        }
        return out
    }
}

/// encodeURI/encodeURIComponent/decodeURI/decodeURIComponent.
enum URICoding {
    static let componentSafe: Set<UInt8> = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)
    static let uriSafe: Set<UInt8> = componentSafe.union(Set(";/?:@&=+$,#".utf8))

    static func encode(_ s: String, unescaped: Set<UInt8>, function: String) throws(JSONataError) -> String {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        let units = Array(s.utf16)
        var i = 0
        while i < units.count {
            let u = units[i]
            if u >= 0xD800 && u <= 0xDFFF {
                guard u <= 0xDBFF, i + 1 < units.count, units[i + 1] >= 0xDC00, units[i + 1] <= 0xDFFF else {
                    throw .make("D3140", value: .string(s), functionName: function)
                }
                i += 1
            }
            i += 1
        }
        for b in s.utf8 {
            if unescaped.contains(b) { out.append(b) } else { out += [37, hex[Int(b >> 4)], hex[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ s: String, reserved: Set<UInt8>, function: String) throws(JSONataError) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hexVal(_ c: UInt8) -> Int? {
            switch c {
            case 48...57: return Int(c) - 48
            case 65...70: return Int(c) - 55
            case 97...102: return Int(c) - 87
            default: return nil
            }
        }
        let bad = JSONataError.make("D3140", value: .string(s), functionName: function)
        while i < b.count {
            if b[i] != 37 { out.append(b[i]); i += 1; continue }
            guard i + 2 < b.count, let h = hexVal(b[i + 1]), let l = hexVal(b[i + 2]) else { throw bad }
            let byte = UInt8(h * 16 + l)
            if byte < 0x80 {
                if reserved.contains(byte) { out += b[i..<(i + 3)] } else { out.append(byte) }
                i += 3
                continue
            }
            let n: Int
            if byte & 0xE0 == 0xC0 {
                n = 2
            } else if byte & 0xF0 == 0xE0 {
                n = 3
            } else if byte & 0xF8 == 0xF0 {
                n = 4
            } else {
                throw bad
            }
            var seq = [byte]
            var j = i + 3
            for _ in 1..<n {
                guard j + 2 < b.count, b[j] == 37, let h2 = hexVal(b[j + 1]), let l2 = hexVal(b[j + 2]) else {
                    throw bad
                }
                let cont = UInt8(h2 * 16 + l2)
                guard cont & 0xC0 == 0x80 else { throw bad }
                seq.append(cont)
                j += 3
            }
            guard String(validating: seq, as: UTF8.self) != nil else { throw bad }
            out += seq
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }
}
