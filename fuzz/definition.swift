import SFNCore
import SFNJSON

// Definition loading and validation: the one load pass (as `sfn validate` and `sfn run` make it)
// on JSON text, and the YAML reader in front of it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDefinition(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzText(data, count) { text in
        let report = DefinitionValidator.validate(text: text)
        _ = report.diagnostics.count
        _ = try? StateMachine.load(text)
        if let source = try? DefinitionSource.read(text: text, file: "fuzz.asl.yaml") {
            _ = source
        }
    }
    return 0
}
