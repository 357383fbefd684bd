import Testing

@testable import SFNCore

/// `ByteBuffer`, the history writer's output: integers in decimal as Swift prints them, and
/// growth past the first capacity keeping what was written.
struct ByteBufferTests {
    @Test(arguments: [
        0, 7, 9, 10, 42, 99, 100, 101, 999, 1000, 12_345, 2_000_002, -1, -9, -10, -99, -100, -123_456,
        Int.max, Int.min, Int.max - 1, Int.min + 1, 1_000_000_000_000_000_000, 999_999_999_999_999_999,
    ])
    func integersPrintAsSwiftPrintsThem(_ value: Int) {
        let buffer = ByteBuffer(capacity: 16)
        buffer.append(UInt8(ascii: "["))
        buffer.appendInt(value)
        buffer.append(UInt8(ascii: "]"))
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == "[\(value)]")
    }

    @Test func growingKeepsEveryByte() {
        let buffer = ByteBuffer(capacity: 16)
        var expected = ""
        for i in 0..<2000 {
            buffer.appendInt(i)
            buffer.append(",")
            expected += "\(i),"
        }
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == expected)
        buffer.removeAll()
        #expect(buffer.count == 0)
        buffer.append([1, 2, 3])
        #expect(Array(buffer.bytes) == [1, 2, 3])
    }
}
