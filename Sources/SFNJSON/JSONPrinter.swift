/// Writes JSON text: compact (no spaces, as AWS prints values inside error causes) or pretty
/// (two-space indentation, `"key": value`).
public enum JSONPrinter {
    public static func compact(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(value, into: &out, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    public static func pretty(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(value, into: &out, indent: 2, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of `value` to a byte buffer; `indent` nil means compact.
    public static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int = 0) {
        write(value, into: &out, indent: indent, level: level, flush: nil)
    }

    /// How many bytes `write(_:indent:to:)` gathers before handing them on.
    static let chunkSize = 1 << 16

    /// Writes the JSON text of `value` in pieces of about 64 KiB, each handed to `emit` (to write
    /// to a file or pipe as it goes): a large document never exists whole as text.
    public static func write(_ value: JSONValue, indent: Int?, to emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 4096)
        withoutActuallyEscaping(emit) { emit in
            let flush: (inout [UInt8]) -> Void = { buffer in
                buffer.withUnsafeBufferPointer { emit($0) }
                buffer.removeAll(keepingCapacity: true)
            }
            write(value, into: &out, indent: indent, level: 0, flush: flush)
            if !out.isEmpty { flush(&out) }
        }
    }

    /// `flush`, when given, is called with the buffer once it holds `chunkSize` bytes or more, and
    /// empties it.
    static func write(
        _ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int, flush: ((inout [UInt8]) -> Void)?
    ) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d): out.append(contentsOf: formatDouble(d).utf8)
        case .bigInt(let text): out.append(contentsOf: text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if let indent { newline(&out, indent * (level + 1)) }
                write(e, into: &out, indent: indent, level: level + 1, flush: flush)
                if let flush, out.count >= chunkSize { flush(&out) }
            }
            if let indent { newline(&out, indent * level) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            // A lazy object's text, when the printer would write it as it stands.
            if indent == nil, let text = o.sourceText,
                text.source.writeText(text.start, text.end, into: &out, flush: flush)
            {
                return
            }
            if o.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in o {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if let indent { newline(&out, indent * (level + 1)) }
                writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(v, into: &out, indent: indent, level: level + 1, flush: flush)
                if let flush, out.count >= chunkSize { flush(&out) }
            }
            if let indent { newline(&out, indent * level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always) static func newline(_ out: inout [UInt8], _ spaces: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<spaces { out.append(UInt8(ascii: " ")) }
    }

    static func writeInt(_ value: Int, into out: inout [UInt8]) {
        if value >= 0 && value < 10 { out.append(UInt8(ascii: "0") &+ UInt8(value)); return }
        if value == Int.min { out.append(contentsOf: "-9223372036854775808".utf8); return }
        var v = value
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[n] = UInt8(ascii: "0") &+ UInt8(v % 10)
                v /= 10
                n += 1
            }
            while n > 0 {
                n -= 1
                out.append(buf[n])
            }
        }
    }

    /// Doubles print in Swift's shortest round-trip form; integral values keep a ".0" so they read
    /// back as doubles. Non-finite values have no JSON form and print as null.
    public static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let c = bytes[i]
                if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { i += 1; continue }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                out.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(c >> 4)])
                    out.append(hex[Int(c & 0xF)])
                }
                i += 1
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
