import SFNConformance

// The case-file reader of `sfn test`: the conformance format and files of several executions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseFile(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzText(data, count) { text in
        _ = CaseFile.cases(file: "/nonexistent/fuzz.case.json", text: text)
    }
    return 0
}
