import SFNJSON
import SFNJSONata

// The JSONata parser and evaluator. The first byte picks AWS's function set or the standard
// one; evaluation has a one-second budget so that hostile expressions end in U1001.
let jsonataInput: JSONValue = try! JSONParser.parse(
    #"{"Account": {"Order": [{"Product": [{"Name": "Hat", "Price": 34.45, "Quantity": 2}],"#
        + #" "OrderID": "o1"}, {"Product": [{"Name": "Bag", "Price": 10, "Quantity": 1}]}]},"#
        + #" "s": "Hello World", "n": [3, 1, 2], "o": {"a": {"b": [1, {"c": null}]}}, "t": true}"#)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONata(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let aws = data[0] & 1 == 1
    withFuzzText(data + 1, count - 1) { text in
        guard let expression = try? JSONataExpression(text, options: JSONataOptions(awsFunctions: aws)) else {
            return
        }
        _ = expression.freeVariables
        _ = expression.inputReads
        var environment = JSONataEnvironment(nowMillis: { 1_700_000_000_000 }, random: { 7 })
        environment.timeLimitMillis = 1000
        _ = try? expression.evaluate(
            input: jsonataInput, bindings: ["states": jsonataInput], environment: environment)
    }
    return 0
}
