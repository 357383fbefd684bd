import Foundation
import SFNJSON

extension Library {
    /// JavaScript `ToIntegerOrInfinity` clamped to Int.
    static func jsInt(_ d: Double) -> Int {
        if d.isNaN { return 0 }
        if d >= 9e18 { return Int.max / 2 }
        if d <= -9e18 { return Int.min / 2 }
        return Int(d.rounded(.towardZero))
    }

    static func scalarsString(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    /// `Array.prototype.slice` bounds.
    static func sliceBounds(_ count: Int, _ start: Int, _ end: Int?) -> Range<Int> {
        var s = start < 0 ? Swift.max(count + start, 0) : Swift.min(start, count)
        var e = end.map { $0 < 0 ? Swift.max(count + $0, 0) : Swift.min($0, count) } ?? count
        if e < s { e = s }
        s = Swift.min(s, count)
        return s..<e
    }

    static func substring(_ str: String, _ startD: Double, _ lengthD: Double?) -> String {
        let chars = Array(str.unicodeScalars)
        var start = jsInt(startD)
        if chars.count + start < 0 { start = 0 }
        if let lengthD {
            if lengthD <= 0 || lengthD.isNaN { return "" }
            let length = jsInt(lengthD)
            let end = start >= 0 ? start + length : chars.count + start + length
            return scalarsString(chars[sliceBounds(chars.count, start, end)])
        }
        return scalarsString(chars[sliceBounds(chars.count, start, nil)])
    }

    /// UTF-16 `indexOf`.
    static func indexOf(_ hay: [UInt16], _ needle: [UInt16], from: Int = 0) -> Int? {
        if needle.isEmpty { return Swift.min(from, hay.count) }
        guard hay.count >= needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func u16(_ a: ArraySlice<UInt16>) -> String { String(decoding: a, as: UTF16.self) }

    /// `String.prototype.substring(from, to)` on UTF-16 units: clamped, swapped when reversed.
    static func slice(_ h: [UInt16], _ from: Int, _ to: Int) -> String {
        var a = Swift.max(0, Swift.min(from, h.count))
        var b = Swift.max(0, Swift.min(to, h.count))
        if a > b { swap(&a, &b) }
        return u16(h[a..<b])
    }

    static func registerStrings(_ t: inout [String: Fn]) {
        def(&t, "string", "<x-b?:s>", 1) { ev, a, _, _ throws(JSONataError) in
            if a.at(0).isUndefined { return .undefined }
            return .string(try Functions.string(a[0], prettify: a.at(1).boolean(), limit: ev.maxBytes))
        }
        def(&t, "substring", "<s-nn?:s>", 3) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(substring(s, a.at(1).number ?? .nan, a.at(2).isUndefined ? nil : (a.at(2).number ?? .nan)))
        }
        def(&t, "substringBefore", "<s-s:s>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            guard case .string(let c) = a.at(1) else { return .string(s) }
            let h = Array(s.utf16)
            guard let i = indexOf(h, Array(c.utf16)) else { return .string(s) }
            return .string(u16(h[0..<i]))
        }
        def(&t, "substringAfter", "<s-s:s>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            guard case .string(let c) = a.at(1) else { return .string(s) }
            let h = Array(s.utf16)
            let n = Array(c.utf16)
            guard let i = indexOf(h, n) else { return .string(s) }
            return .string(u16(h[(i + n.count)...]))
        }
        def(&t, "lowercase", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(s.lowercased())
        }
        def(&t, "uppercase", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .string(s.uppercased())
        }
        def(&t, "length", "<s-:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            return .number(Double(s.unicodeScalars.count))
        }
        def(&t, "trim", "<s-:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            var out = String.UnicodeScalarView()
            var inSpace = false
            for c in s.unicodeScalars {
                if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    if !inSpace { out.append(" ") }
                    inSpace = true
                } else {
                    out.append(c)
                    inSpace = false
                }
            }
            if out.first == " " { out.removeFirst() }
            if out.last == " " { out.removeLast() }
            return .string(String(out))
        }
        def(&t, "pad", "<s-ns?:s>", 3) { ev, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            var padChar = a.at(2).string ?? " "
            if padChar.isEmpty { padChar = " " }
            let width = jsInt(a.at(1).number ?? 0)
            let padLength = abs(width) - s.unicodeScalars.count
            if padLength <= 0 { return .string(s) }
            // JavaScript cannot build such a string either (RangeError); refuse rather than exhaust memory.
            if padLength > 50_000_000 { throw .make("D1001", value: a.at(1)) }
            let padded = s.utf8.count + padLength * max(padChar.utf8.count, 1)
            if padded > ev.maxBytes { throw .payloadLimit("The string $pad builds", size: padded, cap: ev.maxBytes) }
            var padding = String(repeating: padChar, count: padLength)
            if padChar.unicodeScalars.count > 1 { padding = substring(padding, 0, Double(padLength)) }
            return .string(width > 0 ? s + padding : padding + s)
        }
        def(&t, "contains", "<s-(sf):b>", 2) { ev, a, input, env throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            switch a.at(1) {
            case .string(let token): return .bool(indexOf(Array(s.utf16), Array(token.utf16)) != nil)
            case .function(let f):
                let m = try matcher(ev, f, s, input, env, limit: 1)
                return .bool(!m.isEmpty)
            default: return .bool(false)
            }
        }
        def(&t, "split", "<s-(sf)n?:a<s>>", 3) { ev, a, input, env throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            var limit: Int?
            if case .number(let l) = a.at(2) {
                if l < 0 { throw .make("D3020", value: a[2]) }
                limit = jsInt(l)
            }
            var result: [Val] = []
            let h = Array(s.utf16)
            switch a.at(1) {
            case .string(let sep):
                let n = Array(sep.utf16)
                if n.isEmpty {
                    for c in h { result.append(.string(String(decoding: [c], as: UTF16.self))) }
                } else {
                    var pos = 0
                    while let i = indexOf(h, n, from: pos) {
                        result.append(.string(u16(h[pos..<i])))
                        pos = i + n.count
                    }
                    result.append(.string(u16(h[pos...])))
                }
                if let limit, result.count > limit { result = Array(result[0..<limit]) }
            case .function(let f):
                let matches = try matcher(ev, f, s, input, env, limit: nil)
                var start = 0
                var count = 0
                for m in matches {
                    if let limit, count >= limit { break }
                    result.append(.string(slice(h, start, m.start)))
                    start = m.end
                    count += 1
                }
                if limit == nil || count < limit! { result.append(.string(slice(h, start, h.count))) }
            default: break
            }
            return .array(Seq(result, sequence: false))
        }
        def(&t, "join", "<a<s>s?:s>", 2) { ev, a, _, _ throws(JSONataError) in
            guard a.at(0).isArray else { return .undefined }
            let sep = a.at(1).string ?? ""
            if ev.maxBytes < .max {
                var size = -sep.utf8.count
                for item in a[0].elements { size += (item.string?.utf8.count ?? 0) + sep.utf8.count }
                if size > ev.maxBytes {
                    throw .payloadLimit("The string $join builds", size: max(size, 0), cap: ev.maxBytes)
                }
            }
            return .string(a[0].elements.map { $0.string ?? "" }.joined(separator: sep))
        }
        def(&t, "match", "<s-f<s:o>n?:a<o>>", 3) { ev, a, input, env throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            var limit: Int?
            if case .number(let l) = a.at(2) {
                if l < 0 { throw .make("D3040", value: a[2]) }
                limit = jsInt(l.rounded(.up))
            }
            let result = Seq()
            if limit == nil || limit! > 0, case .function(let f) = a.at(1) {
                for m in try matcher(ev, f, s, input, env, limit: limit) {
                    let o = Obj()
                    o["match"] = .string(m.match)
                    o["index"] = .number(Double(m.start))
                    o["groups"] = .array(Seq(m.groups.map { .string($0) }, sequence: false))
                    result.items.append(.object(o))
                }
            }
            return .array(result)
        }
        def(&t, "replace", "<s-(sf)(sf)n?:s>", 4) { ev, a, input, env throws(JSONataError) in
            try replace(ev, a, input, env)
        }
    }

    /// Runs a regex literal or a custom matcher function over `s`.
    static func matcher(_ ev: Evaluator, _ f: Fn, _ s: String, _ input: Val, _ env: Frame, limit: Int?)
        throws(JSONataError) -> [RegexLiteral.Match]
    {
        if case .regex(let re) = f.kind {
            return try Functions.regexMatches(re, s, limit: limit, deadline: ev.deadline)
        }
        var out: [RegexLiteral.Match] = []
        var result = try ev.apply(.function(f), [.string(s)], input, env)
        var guardCount = 0
        while !result.isUndefined {
            if let limit, out.count >= limit { break }
            guard case .string(let m) = result.field("match"), case .number(let st) = result.field("start"),
                case .number(let en) = result.field("end")
            else {
                throw .make("T1010")
            }
            let groups = result.field("groups").elements.map { $0.string ?? "" }
            out.append(RegexLiteral.Match(match: m, start: jsInt(st), end: jsInt(en), groups: groups))
            let next = result.field("next")
            guard next.isFunction else { break }
            result = try ev.apply(next, [], input, env)
            guardCount += 1
            if guardCount > 1_000_000 { break }
        }
        return out
    }

    static func replace(_ ev: Evaluator, _ a: [Val], _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        guard case .string(let s) = a.at(0) else { return .undefined }
        if case .string(let p) = a.at(1), p.isEmpty { throw .make("D3010", value: a[1]) }
        var limit: Int?
        if case .number(let l) = a.at(3) {
            if l < 0 { throw .make("D3011", value: a[3]) }
            limit = jsInt(l.rounded(.up))
        }
        if let limit, limit <= 0 { return .string(s) }
        let h = Array(s.utf16)
        let replacement = a.at(2)
        switch a.at(1) {
        case .string(let p):
            let n = Array(p.utf16)
            var out = ""
            var pos = 0
            var count = 0
            let rep = (try? Functions.string(replacement)) ?? ""
            while let i = indexOf(h, n, from: pos) {
                if let limit, count >= limit { break }
                out += u16(h[pos..<i])
                out += rep
                pos = i + n.count
                count += 1
            }
            out += u16(h[pos...])
            return .string(out)
        case .function(let f):
            let matches = try matcher(ev, f, s, input, env, limit: limit)
            if matches.isEmpty { return .string(s) }
            var out = ""
            var pos = 0
            for m in matches {
                out += slice(h, pos, m.start)
                switch replacement {
                case .string(let r):
                    out += substitute(r, m)
                case .function:
                    let o = Obj()
                    o["match"] = .string(m.match)
                    o["start"] = .number(Double(m.start))
                    o["end"] = .number(Double(m.end))
                    o["groups"] = .array(Seq(m.groups.map { .string($0) }, sequence: false))
                    let r = try ev.apply(replacement, [.object(o)], input, env)
                    guard case .string(let rs) = r else { throw .make("D3012", value: r) }
                    out += rs
                default: break
                }
                pos = m.start + m.match.utf16.count
            }
            out += slice(h, pos, h.count)
            return .string(out)
        default:
            return .string(s)
        }
    }

    /// `$n` substitution in a replacement string.
    static func substitute(_ replacement: String, _ m: RegexLiteral.Match) -> String {
        let r = Array(replacement.utf16)
        var out: [UInt16] = []
        var position = 0
        let groupCount = m.groups.count
        while position < r.count {
            guard let index = r[position...].firstIndex(of: 36) else { break }
            out += r[position..<index]
            position = index + 1
            let next: UInt16 = position < r.count ? r[position] : 0
            if next == 36 {
                out.append(36)
                position += 1
            } else if next == 48 {
                out += Array(m.match.utf16)
                position += 1
            } else {
                let maxDigits = groupCount == 0 ? 1 : Int(log10(Double(groupCount)).rounded(.down)) + 1
                func parseDigits(_ n: Int) -> Int? {
                    var v = 0
                    var k = 0
                    while k < n && position + k < r.count, r[position + k] >= 48 && r[position + k] <= 57 {
                        v = v * 10 + Int(r[position + k] - 48)
                        k += 1
                    }
                    return k == 0 ? nil : v
                }
                var idx = parseDigits(maxDigits)
                if maxDigits > 1, let i = idx, i > groupCount { idx = parseDigits(maxDigits - 1) }
                if let i = idx {
                    if groupCount > 0, i >= 1, i <= groupCount { out += Array(m.groups[i - 1].utf16) }
                    position += String(i).count
                } else {
                    out.append(36)
                }
            }
        }
        if position < r.count { out += r[position...] }
        return String(decoding: out, as: UTF16.self)
    }
}

extension Val {
    func boolean() -> Bool { if case .bool(let b) = self { return b }; return false }
}
