import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result shape of `arn:aws:states:::lambda:invoke`, as AWS returns it (see the conformance
/// cases in services/invoke*.json): the function's result under `Payload`, plus HTTP metadata.
public enum LambdaInvokeResponse {
    /// Wraps a function result. Header values that vary per call (date, request and trace ids)
    /// are made fresh each time.
    public static func wrap(_ payload: JSONValue, executedVersion: String = "$LATEST") -> JSONValue {
        let length = String(JSONPrinter.compact(payload).utf8.count)
        let requestId = randomUUID()
        let traceId = "Root=1-\(hex(UInt64(time(nil)), digits: 8))-\(randomHex(24));Parent=\(randomHex(16));Sampled=0"
        let date = httpDate()
        let allHeaders: JSONValue = [
            "X-Amz-Executed-Version": [.string(executedVersion)],
            "x-amzn-Remapped-Content-Length": ["0"],
            "Connection": ["keep-alive"],
            "x-amzn-RequestId": .string(requestId),
            "Content-Length": [.string(length)],
            "Date": .string(date),
            "X-Amzn-Trace-Id": .string(traceId),
            "Content-Type": ["application/json"],
        ]
        let headers: JSONValue = [
            "Connection": "keep-alive",
            "Content-Length": .string(length),
            "Content-Type": "application/json",
            "Date": .string(date),
            "X-Amz-Executed-Version": .string(executedVersion),
            "x-amzn-Remapped-Content-Length": "0",
            "x-amzn-RequestId": .string(requestId),
            "X-Amzn-Trace-Id": .string(traceId),
        ]
        return [
            "ExecutedVersion": .string(executedVersion),
            "Payload": payload,
            "SdkHttpMetadata": [
                "AllHttpHeaders": allHeaders,
                "HttpHeaders": headers,
                "HttpStatusCode": 200,
            ],
            "SdkResponseMetadata": ["RequestId": .string(requestId)],
            "StatusCode": 200,
        ]
    }

    /// An RFC 7231 date ("Sat, 21 Nov 2026 20:15:18 GMT").
    static func httpDate(_ t: time_t = time(nil)) -> String {
        var tm = tm()
        var t = t
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let day = days[Int(tm.tm_wday) % 7]
        let month = months[Int(tm.tm_mon) % 12]
        return
            "\(day), \(two(tm.tm_mday)) \(month) \(tm.tm_year + 1900) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }

    /// A random version-4 UUID in lower-case hex.
    public static func randomUUID() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let h = bytes.map { hex(UInt64($0), digits: 2) }
        return h[0..<4].joined() + "-" + h[4..<6].joined() + "-" + h[6..<8].joined() + "-" + h[8..<10].joined()
            + "-" + h[10..<16].joined()
    }

    private static func randomHex(_ digits: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<digits).map { _ in "0123456789abcdef".randomElement(using: &g)! })
    }

    private static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
