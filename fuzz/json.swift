import SFNJSON

// The JSON parser (bytes and text, with and without locations, eager and lazy) and the printer on
// whatever parses: a value must print, parse back and compare equal, and the lazy parse must
// print and refuse exactly as the eager one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzBytes(data, count) { bytes in
        guard let value = try? JSONParser.parse(bytes: bytes) else { return }
        let printed = value.description
        guard let again = try? JSONParser.parse(printed) else { fatalError("printed JSON does not parse: \(printed)") }
        if again != value { fatalError("printed JSON parses to another value: \(printed)") }
        // The lazy parse prints what the eager one does, its objects read or not.
        guard let lazy = try? JSONParser.parseLazily(bytes: bytes) else { fatalError("lazy parse refuses: \(printed)") }
        if lazy.description != printed { fatalError("lazy parse prints otherwise: \(printed)") }
        if lazy != value || lazy.description != printed { fatalError("lazy value differs: \(printed)") }
    }
    // Errors are the eager parser's, with the same place.
    withFuzzBytes(data, count) { bytes in
        do throws(JSONParseError) { _ = try JSONParser.parse(bytes: bytes) } catch {
            do throws(JSONParseError) {
                _ = try JSONParser.parseLazily(bytes: bytes)
                fatalError("lazy parse accepts what the parser refuses")
            } catch let lazyError {
                if lazyError.offset != error.offset || lazyError.message != error.message {
                    fatalError("lazy parse error differs: \(lazyError) vs \(error)")
                }
            }
        }
    }
    withFuzzText(data, count) { text in _ = try? JSONParser.parseWithLocations(text) }
    return 0
}
