import SFNJSON

/// The bodies of the intrinsic functions, taking already evaluated arguments.
enum IntrinsicFunctions {
    typealias Outcome = Result<JSONValue, PathExpressionFailure>

    /// AWS caps the array States.ArrayRange may build.
    static let maxRangeCount = 1000

    // MARK: States.Format

    /// Replaces each `{}` of the template with the next argument as Java's `toString` renders it;
    /// `\{`, `\}`, `\'` and `\\` in the template stand for the escaped character.
    static func format<Args: RandomAccessCollection<JSONValue>>(_ node: IntrinsicNode, _ args: Args) -> Outcome
    where Args.Index == Int {
        var template: String
        if case .string(_, let raw) = node.arguments[0] {
            template = raw
        } else if case .string(let s) = args[0] {
            template = s
        } else {
            return .failure(IntrinsicError.wrongType(.format, argument: 0, expected: "a string", got: args[0]))
        }
        // Byte by byte: the special characters are ASCII, which never occur inside a multi-byte
        // UTF-8 sequence, and appending bytes costs a fraction of appending Unicode scalars.
        template.makeContiguousUTF8()  // a no-op for the native strings of a loaded definition
        // When every value is a string or an integer, the output's length is bounded beforehand
        // (the template, whose escapes and placeholders only shrink, plus each value's length):
        // the string is written in place, without a byte array (and without any allocation when
        // it is 15 bytes or fewer, as `item-99999` is).
        var bound = template.utf8.count
        for i in 1..<args.count {
            switch args[i] {
            case .string(let s): bound += s.utf8.count
            case .int(let n): bound += JSONSize.digits(n)
            default: bound = -1
            }
            if bound < 0 { break }
        }
        var failure: PathExpressionFailure?
        var next = 1
        if bound >= 0 {
            let text = String(unsafeUninitializedCapacity: max(bound, 1)) { out in
                var sink = InPlaceSink(out: out)
                next = formatBytes(template, args, &failure, into: &sink)
                return failure == nil ? sink.count : 0
            }
            return formatOutcome(text, next: next, count: args.count, failure)
        }
        var sink = ArraySink()
        sink.bytes.reserveCapacity(template.utf8.count + 16)
        next = formatBytes(template, args, &failure, into: &sink)
        return formatOutcome(String(decoding: sink.bytes, as: UTF8.self), next: next, count: args.count, failure)
    }

    private static func formatOutcome(_ text: String, next: Int, count: Int, _ failure: PathExpressionFailure?)
        -> Outcome
    {
        if let failure { return .failure(failure) }
        if next != count {
            return .failure(
                IntrinsicError.failure(
                    .format, "the template has \(next - 1) placeholders but \(count - 1) values were given"))
        }
        return .success(.string(text))
    }

    /// Walks the template, writing its literal runs and each placeholder's value into `sink`;
    /// returns the index of the next unused argument.
    @inline(__always)
    static func formatBytes<Args: RandomAccessCollection<JSONValue>, Sink: FormatSink>(
        _ template: String, _ args: Args, _ failure: inout PathExpressionFailure?, into sink: inout Sink
    ) -> Int where Args.Index == Int {
        var next = 1
        _ = template.utf8.withContiguousStorageIfAvailable { t in
            let n = t.count
            var i = 0
            var run = 0  // start of the pending literal run
            while i < n {
                let c = t[i]
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < n else { break }
                    let escaped = t[i + 1]
                    if escaped == UInt8(ascii: "{") || escaped == UInt8(ascii: "}") || escaped == UInt8(ascii: "'")
                        || escaped == UInt8(ascii: "\\")
                    {
                        sink.literal(UnsafeBufferPointer(rebasing: t[run..<i]))
                        run = i + 1
                        i += 2
                    } else {
                        i += 1
                    }
                    continue
                }
                if c == UInt8(ascii: "{") && i + 1 < n && t[i + 1] == UInt8(ascii: "}") {
                    guard next < args.count else {
                        failure = IntrinsicError.failure(
                            .format, "the template has more placeholders than the \(args.count - 1) values given")
                        return
                    }
                    sink.literal(UnsafeBufferPointer(rebasing: t[run..<i]))
                    sink.value(args[next])
                    next += 1
                    i += 2
                    run = i
                    continue
                }
                i += 1
            }
            sink.literal(UnsafeBufferPointer(rebasing: t[run..<n]))
        }
        return next
    }

    /// Writes `String(i)` into `out`, which has room for it; returns how many bytes.
    static func writeDecimal(_ i: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = JSONSize.digits(i)
        var m = i.magnitude
        var k = count
        repeat {
            k -= 1
            out[k] = UInt8(ascii: "0") + UInt8(m % 10)
            m /= 10
        } while m > 0
        if i < 0 { out[0] = UInt8(ascii: "-") }
        return count
    }

    static func appendFormatted(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .string(let s): out.append(contentsOf: s.utf8)
        case .int(let i): appendDecimal(i, to: &out)
        default: out.append(contentsOf: JavaText.string(value).utf8)
        }
    }

    /// `String(i)` as bytes, without making the string.
    static func appendDecimal(_ i: Int, to out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var m = i.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: Int's 20 digits fit
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[23 - count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            } while m > 0
            out.append(contentsOf: d[(24 - count)...])
        }
    }

    // MARK: JSON

    /// Parses the text as JSON; blank text gives null, as AWS does.
    static func stringToJson(_ value: JSONValue) -> Outcome {
        guard case .string(let s) = value else {
            return .failure(IntrinsicError.wrongType(.stringToJson, argument: 0, expected: "a string", got: value))
        }
        if s.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            return .success(.null)
        }
        do {
            return .success(try JSONParser.parse(s))
        } catch {
            return .failure(IntrinsicError.failure(.stringToJson, "the argument is not valid JSON: \(s)"))
        }
    }

    /// A shallow merge: members of the second object replace those of the first.
    static func jsonMerge(_ a: JSONValue, _ b: JSONValue, _ deep: JSONValue) -> Outcome {
        guard case .object(var left) = a else {
            return .failure(IntrinsicError.wrongType(.jsonMerge, argument: 0, expected: "an object", got: a))
        }
        guard case .object(let right) = b else {
            return .failure(IntrinsicError.wrongType(.jsonMerge, argument: 1, expected: "an object", got: b))
        }
        guard deep == .bool(false) else {
            return .failure(
                IntrinsicError.failure(.jsonMerge, "the third argument must be false; deep merging is not supported"))
        }
        for (k, v) in right { left[k] = v }
        return .success(.object(left))
    }

    // MARK: Arrays

    static func arrayPartition(_ array: JSONValue, _ size: JSONValue) -> Outcome {
        guard case .array(let a) = array else {
            return .failure(IntrinsicError.wrongType(.arrayPartition, argument: 0, expected: "an array", got: array))
        }
        guard let n = size.intValue, n > 0 else {
            return .failure(
                IntrinsicError.wrongType(.arrayPartition, argument: 1, expected: "a positive integer", got: size))
        }
        var chunks: [JSONValue] = []
        chunks.reserveCapacity(a.count / n + 1)
        var i = 0
        while i < a.count {
            let end = a.count - i > n ? i + n : a.count
            chunks.append(.array(Array(a[i..<end])))
            i = end
        }
        return .success(.array(chunks))
    }

    static func arrayContains(_ array: JSONValue, _ value: JSONValue) -> Outcome {
        guard case .array(let a) = array else {
            return .failure(IntrinsicError.wrongType(.arrayContains, argument: 0, expected: "an array", got: array))
        }
        return .success(.bool(a.contains(value)))
    }

    /// From `start` to `end` inclusive by `step`.
    static func arrayRange(_ start: JSONValue, _ end: JSONValue, _ step: JSONValue) -> Outcome {
        guard let s = start.intValue else {
            return .failure(IntrinsicError.wrongType(.arrayRange, argument: 0, expected: "an integer", got: start))
        }
        guard let e = end.intValue else {
            return .failure(IntrinsicError.wrongType(.arrayRange, argument: 1, expected: "an integer", got: end))
        }
        guard let d = step.intValue, d != 0 else {
            return .failure(
                IntrinsicError.wrongType(.arrayRange, argument: 2, expected: "a non-zero integer", got: step))
        }
        var count = 0
        if (d > 0 && s <= e) || (d < 0 && s >= e) {
            let span = (e.subtractingReportingOverflow(s)).partialValue / d
            count = span + 1
        }
        if count > maxRangeCount {
            return .failure(
                IntrinsicError.failure(
                    .arrayRange, "the range would have \(count) elements; at most \(maxRangeCount) are allowed"))
        }
        var out: [JSONValue] = []
        out.reserveCapacity(count)
        var v = s
        for _ in 0..<count {
            out.append(.int(v))
            v &+= d
        }
        return .success(.array(out))
    }

    static func arrayGetItem(_ array: JSONValue, _ index: JSONValue) -> Outcome {
        guard case .array(let a) = array else {
            return .failure(IntrinsicError.wrongType(.arrayGetItem, argument: 0, expected: "an array", got: array))
        }
        guard let i = index.intValue, i >= 0 else {
            return .failure(
                IntrinsicError.wrongType(.arrayGetItem, argument: 1, expected: "a non-negative integer", got: index))
        }
        guard i < a.count else {
            return .failure(
                IntrinsicError.failure(.arrayGetItem, "index \(i) is out of bounds for an array of length \(a.count)"))
        }
        return .success(a[i])
    }

    static func arrayLength(_ array: JSONValue) -> Outcome {
        guard case .array(let a) = array else {
            return .failure(IntrinsicError.wrongType(.arrayLength, argument: 0, expected: "an array", got: array))
        }
        return .success(.int(a.count))
    }

    /// Keeps the first of equal elements, in order.
    static func arrayUnique(_ array: JSONValue) -> Outcome {
        guard case .array(let a) = array else {
            return .failure(IntrinsicError.wrongType(.arrayUnique, argument: 0, expected: "an array", got: array))
        }
        var seen = Set<JSONValue>()
        var out: [JSONValue] = []
        out.reserveCapacity(a.count)
        for v in a where seen.insert(v).inserted { out.append(v) }
        return .success(.array(out))
    }
}

/// Where States.Format writes its output.
protocol FormatSink {
    mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func value(_ value: JSONValue)
}

/// Into the string's own storage, sized beforehand (only strings and integers are written).
struct InPlaceSink: FormatSink {
    let out: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    @inline(__always)
    mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        (out.baseAddress! + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func value(_ value: JSONValue) {
        switch value {
        case .string(var s):
            s.withUTF8 { literal($0) }
        case .int(let n):
            count += IntrinsicFunctions.writeDecimal(n, into: UnsafeMutableBufferPointer(rebasing: out[count...]))
        default: break  // excluded by the bound
        }
    }
}

/// Into a byte array, for values of any kind.
struct ArraySink: FormatSink {
    var bytes: [UInt8] = []

    mutating func literal(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    mutating func value(_ value: JSONValue) { IntrinsicFunctions.appendFormatted(value, to: &bytes) }
}
