/// How a field's value is checked.
enum FieldKind: Equatable {
    case type
    case comment
    case queryLanguage
    /// Next, Default: names a state of the same machine.
    case stateName
    case end
    case resource
    /// InputPath, OutputPath: any path (context and variables too) or null.
    case inputOutputPath
    /// ResultPath: a reference path into the state input, or null.
    case resultPath
    /// SecondsPath, TimeoutSecondsPath, ...: a reference path (context and variables allowed).
    case valuePath
    /// Map's MaxConcurrencyPath, ToleratedFailure...Path: a reference path into the input or a
    /// variable; AWS refuses the context object here (only ItemsPath takes it).
    case countPath
    /// ItemsPath: like valuePath, but null is spelled out as an error of its own.
    case itemsPath
    /// ErrorPath, CausePath: a reference path or an intrinsic function call.
    case pathOrIntrinsic
    /// Parameters, ResultSelector, ItemSelector in JSONPath: a payload template.
    case payloadTemplate
    case credentials
    case assign
    /// Pass `Result`: any JSON, taken literally.
    case literal
    /// Output, Arguments: any JSON whose `{% %}` strings are JSONata expressions.
    case jsonataValue
    /// Items: an array or a JSONata expression.
    case items
    case integer(min: Int, max: Int)
    case number(min: Double, max: Double)
    case timestamp
    /// Error, Cause: a string (a JSONata expression in JSONata states).
    case text
    /// Checked by a rule of its own (Choices, Retry, Catch, Branches, ItemProcessor, ...).
    case custom
}

struct FieldSpec {
    let kind: FieldKind
    /// nil: allowed in both query languages.
    let language: ExpressionLanguage?
}

enum FieldTable {
    static let maxSeconds = 99_999_999

    private static func both(_ k: FieldKind) -> FieldSpec { FieldSpec(kind: k, language: nil) }
    private static func path(_ k: FieldKind) -> FieldSpec { FieldSpec(kind: k, language: .jsonPath) }
    private static func ata(_ k: FieldKind) -> FieldSpec { FieldSpec(kind: k, language: .jsonata) }

    private static let common: [String: FieldSpec] = [
        "Type": both(.type), "Comment": both(.comment), "QueryLanguage": both(.queryLanguage),
    ]
    private static let io: [String: FieldSpec] = [
        "InputPath": path(.inputOutputPath), "OutputPath": path(.inputOutputPath), "Output": ata(.jsonataValue),
    ]
    private static let transition: [String: FieldSpec] = ["Next": both(.stateName), "End": both(.end)]
    private static let assign: [String: FieldSpec] = ["Assign": both(.assign)]
    private static let result: [String: FieldSpec] = [
        "ResultPath": path(.resultPath), "ResultSelector": path(.payloadTemplate),
    ]
    private static let errors: [String: FieldSpec] = ["Retry": both(.custom), "Catch": both(.custom)]

    private static func merge(_ parts: [String: FieldSpec]...) -> [String: FieldSpec] {
        parts.reduce(into: [:]) { acc, p in acc.merge(p) { a, _ in a } }
    }

    static let byType: [String: [String: FieldSpec]] = [
        "Pass": merge(
            common, io, transition, assign,
            [
                "ResultPath": path(.resultPath), "Parameters": path(.payloadTemplate), "Result": path(.literal),
            ]),
        "Task": merge(
            common, io, transition, assign, result, errors,
            [
                "Resource": both(.resource), "Parameters": path(.payloadTemplate), "Arguments": ata(.jsonataValue),
                "TimeoutSeconds": both(.integer(min: 1, max: maxSeconds)), "TimeoutSecondsPath": path(.valuePath),
                "HeartbeatSeconds": both(.integer(min: 1, max: maxSeconds)), "HeartbeatSecondsPath": path(.valuePath),
                "Credentials": both(.credentials),
            ]),
        "Choice": merge(common, io, assign, ["Choices": both(.custom), "Default": both(.stateName)]),
        "Wait": merge(
            common, io, transition, assign,
            [
                "Seconds": both(.integer(min: 0, max: maxSeconds)), "SecondsPath": path(.valuePath),
                "Timestamp": both(.timestamp), "TimestampPath": path(.valuePath),
            ]),
        "Succeed": merge(common, io),
        "Fail": merge(
            common,
            [
                "Error": both(.text), "ErrorPath": path(.pathOrIntrinsic),
                "Cause": both(.text), "CausePath": path(.pathOrIntrinsic),
            ]),
        "Parallel": merge(
            common, io, transition, assign, result, errors,
            [
                "Branches": both(.custom), "Parameters": path(.payloadTemplate), "Arguments": ata(.jsonataValue),
            ]),
        "Map": merge(
            common, io, transition, assign, result, errors,
            [
                "ItemProcessor": both(.custom), "Iterator": both(.custom),
                "ItemsPath": path(.itemsPath), "Items": ata(.items),
                "ItemSelector": both(.custom), "Parameters": path(.payloadTemplate),
                "MaxConcurrency": both(.integer(min: 0, max: Int.max)), "MaxConcurrencyPath": path(.countPath),
                "ToleratedFailureCount": both(.integer(min: 0, max: Int.max)),
                "ToleratedFailureCountPath": path(.countPath),
                "ToleratedFailurePercentage": both(.number(min: 0, max: 100)),
                "ToleratedFailurePercentagePath": path(.countPath),
                "ItemReader": both(.custom), "ItemBatcher": both(.custom), "ResultWriter": both(.custom),
                "Label": both(.custom),
            ]),
    ]

    /// Every field some state type takes, to tell "wrong state type" from "no such field".
    static let allStateFields: Set<String> = Set(byType.values.flatMap(\.keys))

    /// Fields of which a state may have at most one.
    static let exclusiveGroups: [[String]] = [
        ["Next", "End"], ["Error", "ErrorPath"], ["Cause", "CausePath"],
        ["TimeoutSeconds", "TimeoutSecondsPath"], ["HeartbeatSeconds", "HeartbeatSecondsPath"],
        ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"], ["Iterator", "ItemProcessor"],
        ["Parameters", "ItemSelector"], ["Items", "ItemsPath"],
        ["ToleratedFailureCount", "ToleratedFailureCountPath"],
        ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"],
        ["MaxConcurrency", "MaxConcurrencyPath"],
    ]

    /// Types that move on with Next or stop with End.
    static let transitioning: Set<String> = ["Pass", "Task", "Wait", "Parallel", "Map"]
}
