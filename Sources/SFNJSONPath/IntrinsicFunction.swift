import SFNJSON

/// The 18 intrinsic functions AWS offers in JSONPath mode.
enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// Argument positions where a string, boolean or null literal can never work: AWS refuses
    /// such a call when the definition loads.
    var numericArguments: Set<Int> {
        switch self {
        case .arrayPartition, .arrayGetItem: return [1]
        case .arrayRange, .mathRandom: return [0, 1, 2]
        case .mathAdd: return [0, 1]
        default: return []
        }
    }

    /// How many arguments the function takes (upper bound nil: any number).
    var arity: (min: Int, max: Int?) {
        switch self {
        case .format: return (1, nil)
        case .array: return (0, nil)
        case .uuid: return (0, 0)
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: return (1, 1)
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: return (2, 2)
        case .arrayRange, .jsonMerge: return (3, 3)
        case .mathRandom: return (2, 3)
        }
    }
}

/// One argument of an intrinsic call, resolved when the call runs.
indirect enum IntrinsicArgument: Sendable, Hashable {
    /// A number, `true`, `false` or `null`.
    case literal(JSONValue)
    /// A quoted string: its decoded text, and the text as written (States.Format needs to tell an
    /// escaped `\{` from a placeholder).
    case string(String, raw: String)
    case path(JSONPath)
    case call(IntrinsicNode)
}

/// A parsed call: the function and its arguments.
struct IntrinsicNode: Sendable, Hashable {
    let function: IntrinsicFunction
    let arguments: [IntrinsicArgument]
    /// The arguments out of their indirect boxes, for evaluation: binding a payload of an
    /// indirect case copies it (a retain of the box, the path's text and its compiled steps per
    /// argument per call); a plain enum's payload is borrowed.
    let direct: [DirectArgument]
    /// The owners of `direct`'s paths.
    let paths: [PathBox]

    init(function: IntrinsicFunction, arguments: [IntrinsicArgument]) {
        self.function = function
        self.arguments = arguments
        var paths: [PathBox] = []
        direct = arguments.enumerated().map { (i, argument) in
            switch argument {
            case .literal(let v): return .value(v)
            case .string(let s, _): return .value(.string(s))
            case .path(let p):
                let box = PathBox(p)
                paths.append(box)
                return .path(Unmanaged.passUnretained(box))
            case .call: return .call(i)
            }
        }
        self.paths = paths
    }

    static func == (a: IntrinsicNode, b: IntrinsicNode) -> Bool {
        a.function == b.function && a.arguments == b.arguments
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(function)
        hasher.combine(arguments)
    }
}

/// An argument as evaluation reads it: a value, a path (unretained: copying a `JSONPath` out
/// of an enum retains its text and compiled steps), or a nested call (the index of its
/// `IntrinsicArgument`).
enum DirectArgument: @unchecked Sendable {
    case value(JSONValue)
    case path(Unmanaged<PathBox>)
    case call(Int)
}

/// A path argument, held by its call's node.
final class PathBox: Sendable {
    let path: JSONPath
    init(_ path: JSONPath) { self.path = path }
}
