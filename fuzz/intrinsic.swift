import SFNJSON
import SFNJSONPath

// Intrinsic function calls: parse (names, arity, nesting) and evaluate against an input whose
// paths give strings, numbers, arrays and objects to the arguments.
let intrinsicInput: JSONValue = try! JSONParser.parse(
    #"{"s": "a,b,c", "n": 3, "f": 2.5, "a": [1, 2, 3, "x"], "o": {"k": "v"}, "j": "{\"x\": [1]}","#
        + #" "b64": "aGVsbG8=", "t": true, "z": null, "big": 1e308}"#)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrinsic(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    withFuzzText(data, count) { text in
        guard let expression = try? PathExpression.compile(text) else { return }
        var seed: UInt64 = 42
        let env = PathEnvironment(
            input: intrinsicInput, context: intrinsicInput, variable: { _ in intrinsicInput },
            random: {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1
                return seed
            })
        _ = expression.evaluate(in: env)
    }
    return 0
}
