import SFNJSON
import SFNJSONPath

// JSONPath and reference paths: parse, evaluate against a document with arrays, objects and
// filters to match, and (for reference paths) set a value, as ResultPath does.
let jsonPathDocument: JSONValue = try! JSONParser.parse(
    #"{"a": {"b": [1, 2, {"c": "x", "d": [true, null]}], "e": 1.5}, "list": [{"k": 1}, {"k": "v"}, [3]],"#
        + #" "s": "text", "n": null, "big": 1e300, "neg": -7}"#)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONPath(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzText(data, count) { text in
        guard let path = try? JSONPath(text) else { return }
        _ = path.evaluate(jsonPathDocument)
        let env = PathEnvironment(
            input: jsonPathDocument, context: jsonPathDocument, variable: { _ in jsonPathDocument })
        _ = path.evaluate(in: env)
        if path.isReferencePath { _ = path.setting(.string("new"), in: jsonPathDocument) }
    }
    return 0
}
