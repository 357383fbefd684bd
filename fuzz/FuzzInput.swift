// Shared by every fuzz target: the bytes libFuzzer hands over, as a String (invalid UTF-8 is
// repaired, as the CLI's readers do) or as raw bytes.

/// Calls `body` with the input as a String.
func withFuzzText(_ data: UnsafePointer<UInt8>, _ count: Int, _ body: (String) -> Void) {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    body(text)
}

/// Calls `body` with the input's bytes.
func withFuzzBytes(_ data: UnsafePointer<UInt8>, _ count: Int, _ body: ([UInt8]) -> Void) {
    body(Array(UnsafeBufferPointer(start: data, count: count)))
}
