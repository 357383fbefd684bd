import SFNJSON

/// Step Functions' additions to JSONata (present only in AWS mode).
extension Library {
    static func registerAWS(_ t: inout [String: Fn]) {
        def(&t, "partition", "<an:a>", 2) { _, a, _, _ throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            guard case .number(let sizeD) = a.at(1), sizeD >= 1, sizeD.rounded(.towardZero) == sizeD else {
                throw .make(
                    "D3137",
                    message: "Invalid partition size: \(Stringify.json(a.at(1), forString: false) ?? "undefined")")
            }
            let size = jsInt(sizeD)
            let items = v.elements
            var out: [Val] = []
            var i = 0
            while i < items.count {
                out.append(.array(Seq(Array(items[i..<Swift.min(i + size, items.count)]), sequence: false)))
                i += size
            }
            return .array(Seq(out, sequence: false))
        }
        def(&t, "range", "<nnn?:a>", 3) { ev, a, _, _ throws(JSONataError) in
            guard case .number(let start) = a.at(0), case .number(let end) = a.at(1) else { return .undefined }
            let step = a.at(2).number ?? 1
            if step == 0 || !step.isFinite { throw .make("D3137", message: "Invalid step value: 0") }
            let count = ((end - start) / step).rounded(.down) + 1
            if count > 1e7 { throw .make("D2014", value: .number(count)) }
            if count * Double(Val.itemBytes) > Double(ev.maxBytes) {
                throw .itemsLimit("The range would hold", Int(count), cap: ev.maxBytes)
            }
            var out: [Val] = []
            if count >= 1 {
                out.reserveCapacity(Int(count))
                var x = start
                while step > 0 ? x <= end : x >= end {
                    out.append(.number(x))
                    x += step
                }
            }
            return .array(Seq(out))
        }
        def(&t, "hash", "<s-s:s>", 2) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            let algorithm = a.at(1).string ?? ""
            guard let d = Digest.hexDigest(algorithm, Array(s.utf8)) else {
                throw .make(
                    "D3137",
                    message:
                        "Unsupported hash algorithm: \(algorithm). Supported algorithms are MD5, SHA-1, SHA-256, SHA-384, SHA-512"
                )
            }
            return .string(d)
        }
        def(&t, "random", "<n?:n>", 1) { ev, a, _, _ throws(JSONataError) in
            if case .number(let seed) = a.at(0) {
                // A seeded SplitMix64 step: the same seed always gives the same number.
                var z =
                    UInt64(bitPattern: Int64(exactly: seed.rounded(.towardZero)) ?? Int64(bitPattern: seed.bitPattern))
                    &+ 0x9E3779B97F4A7C15
                z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
                z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
                z ^= z >> 31
                return .number(Double(z >> 11) * 0x1p-53)
            }
            return .number(Double(ev.environment.random() >> 11) * 0x1p-53)
        }
        def(&t, "uuid", "<:s>", 0) { ev, _, _, _ throws(JSONataError) in
            var bytes: [UInt8] = []
            for _ in 0..<2 {
                let r = ev.environment.random()
                for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: r >> (8 * UInt64(i)))) }
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let h = Digest.hex(bytes)
            let c = Array(h)
            return .string(
                String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
                    + String(c[20..<32]))
        }
        def(&t, "parse", "<s-:j>", 1) { _, a, _, _ throws(JSONataError) in
            guard case .string(let s) = a.at(0) else { return .undefined }
            do throws(JSONParseError) {
                return Val.from(try JSONParser.parse(s))
            } catch {
                throw .make("D3137", message: "Unable to parse JSON string: \(error.message)")
            }
        }
    }
}
