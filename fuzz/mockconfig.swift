import SFNCore

// The Step Functions Local mock-config reader, and the responses it would give.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMockConfig(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzText(data, count) { text in
        guard let config = try? MockConfig(parsing: text) else { return }
        for (_, response) in config.mockedResponses {
            for n in [0, 1, 2, 1000] { _ = response.response(forInvocation: n) }
        }
    }
    return 0
}
