import SFNJSON

// The JSON parser (bytes and text, with and without locations) and the printer on whatever
// parses: a value must print, parse back and compare equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzBytes(data, count) { bytes in
        guard let value = try? JSONParser.parse(bytes: bytes) else { return }
        let printed = value.description
        guard let again = try? JSONParser.parse(printed) else { fatalError("printed JSON does not parse: \(printed)") }
        if again != value { fatalError("printed JSON parses to another value: \(printed)") }
    }
    withFuzzText(data, count) { text in _ = try? JSONParser.parseWithLocations(text) }
    return 0
}
