/// The intrinsic functions AWS offers, with how many arguments each takes and which must be numbers.
enum IntrinsicSignatures {
    struct Signature {
        let minArguments: Int
        let maxArguments: Int?
        /// Argument positions where a string, boolean or null literal can never work.
        let numericArguments: Set<Int>
    }

    static let all: [String: Signature] = [
        "States.Format": .init(minArguments: 1, maxArguments: nil, numericArguments: []),
        "States.StringToJson": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.JsonToString": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.Array": .init(minArguments: 0, maxArguments: nil, numericArguments: []),
        "States.ArrayPartition": .init(minArguments: 2, maxArguments: 2, numericArguments: [1]),
        "States.ArrayContains": .init(minArguments: 2, maxArguments: 2, numericArguments: []),
        "States.ArrayRange": .init(minArguments: 3, maxArguments: 3, numericArguments: [0, 1, 2]),
        "States.ArrayGetItem": .init(minArguments: 2, maxArguments: 2, numericArguments: [1]),
        "States.ArrayLength": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.ArrayUnique": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.Base64Encode": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.Base64Decode": .init(minArguments: 1, maxArguments: 1, numericArguments: []),
        "States.Hash": .init(minArguments: 2, maxArguments: 2, numericArguments: []),
        "States.JsonMerge": .init(minArguments: 3, maxArguments: 3, numericArguments: []),
        "States.MathRandom": .init(minArguments: 2, maxArguments: 3, numericArguments: [0, 1, 2]),
        "States.MathAdd": .init(minArguments: 2, maxArguments: 2, numericArguments: [0, 1]),
        "States.StringSplit": .init(minArguments: 2, maxArguments: 2, numericArguments: []),
        "States.UUID": .init(minArguments: 0, maxArguments: 0, numericArguments: []),
    ]
}
