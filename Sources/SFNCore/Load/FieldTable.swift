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
        var all = [String: FieldSpec](minimumCapacity: parts.reduce(0) { $0 + $1.count })
        for part in parts {
            for (name, spec) in part where all[name] == nil { all[name] = spec }
        }
        return all
    }

    /// The fields of a state type, or nil for a type that does not exist. Each type's table is
    /// built on first use: building all eight at once was 220k instructions of every `sfn run`,
    /// most of them for types the definition does not use.
    static func fields(_ type: String) -> [String: FieldSpec]? {
        switch type {
        case "Pass": return pass
        case "Task": return task
        case "Choice": return choice
        case "Wait": return wait
        case "Succeed": return succeed
        case "Fail": return fail
        case "Parallel": return parallel
        case "Map": return map
        default: return nil
        }
    }

    /// Every state type's fields (for listings; the loader asks `fields(_:)`).
    static var byType: [String: [String: FieldSpec]] {
        var all: [String: [String: FieldSpec]] = [:]
        for type in types { all[type] = fields(type) }
        return all
    }

    /// The state types, in the order of the ASL specification.
    static let types = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]

    private static let pass: [String: FieldSpec] = merge(
        common, io, transition, assign,
        [
            "ResultPath": path(.resultPath), "Parameters": path(.payloadTemplate), "Result": path(.literal),
        ])

    private static let task: [String: FieldSpec] = merge(
        common, io, transition, assign, result, errors,
        [
            "Resource": both(.resource), "Parameters": path(.payloadTemplate), "Arguments": ata(.jsonataValue),
            "TimeoutSeconds": both(.integer(min: 1, max: maxSeconds)), "TimeoutSecondsPath": path(.valuePath),
            "HeartbeatSeconds": both(.integer(min: 1, max: maxSeconds)), "HeartbeatSecondsPath": path(.valuePath),
            "Credentials": both(.credentials),
        ])

    private static let choice: [String: FieldSpec] = merge(
        common, io, assign, ["Choices": both(.custom), "Default": both(.stateName)])

    private static let wait: [String: FieldSpec] = merge(
        common, io, transition, assign,
        [
            "Seconds": both(.integer(min: 0, max: maxSeconds)), "SecondsPath": path(.valuePath),
            "Timestamp": both(.timestamp), "TimestampPath": path(.valuePath),
        ])

    private static let succeed: [String: FieldSpec] = merge(common, io)

    private static let fail: [String: FieldSpec] = merge(
        common,
        [
            "Error": both(.text), "ErrorPath": path(.pathOrIntrinsic),
            "Cause": both(.text), "CausePath": path(.pathOrIntrinsic),
        ])

    private static let parallel: [String: FieldSpec] = merge(
        common, io, transition, assign, result, errors,
        [
            "Branches": both(.custom), "Parameters": path(.payloadTemplate), "Arguments": ata(.jsonataValue),
        ])

    private static let map: [String: FieldSpec] = merge(
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
        ])

    /// Every field some state type takes, to tell "wrong state type" from "no such field".
    static let allStateFields: Set<String> = Set(types.flatMap { fields($0)?.keys.map { $0 } ?? [] })

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
