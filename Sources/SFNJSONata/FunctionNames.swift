/// The built-in functions' names without their `$` ("sum", "states" functions under `aws`),
/// for suggesting one when an expression misspells a call.
public enum JSONataFunctionNames {
    public static func all(aws: Bool) -> [String] {
        (aws ? Library.aws : Library.standard).keys.sorted()
    }
}
