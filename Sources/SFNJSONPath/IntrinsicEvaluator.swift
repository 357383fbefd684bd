import SFNJSON

/// Runs a parsed intrinsic call: arguments first, left to right, then the function.
enum IntrinsicEvaluator {
    static func evaluate(_ node: IntrinsicNode, in env: PathEnvironment) -> Result<JSONValue, PathExpressionFailure> {
        var args: [JSONValue] = []
        args.reserveCapacity(node.arguments.count)
        for argument in node.arguments {
            switch argument {
            case .literal(let v): args.append(v)
            case .string(let s, _): args.append(.string(s))
            case .path(let path):
                switch path.evaluate(in: env) {
                case .success(let v): args.append(v)
                case .failure(let f): return .failure(.pathNotFound(path: path.text, failure: f))
                }
            case .call(let inner):
                switch evaluate(inner, in: env) {
                case .success(let v): args.append(v)
                case .failure(let f): return .failure(f)
                }
            }
        }
        let f = node.function
        let cap = env.maxBytes
        switch f {
        case .format:
            if let failure = IntrinsicLimit.arguments(args, f, cap) { return .failure(failure) }
            return IntrinsicLimit.result(IntrinsicFunctions.format(node, args), f, cap)
        case .stringToJson: return IntrinsicFunctions.stringToJson(args[0])
        case .jsonToString:
            if let failure = IntrinsicLimit.arguments(args, f, cap) { return .failure(failure) }
            return .success(.string(JSONPrinter.compact(args[0])))
        case .array: return IntrinsicLimit.result(.success(.array(args)), f, cap)
        case .arrayPartition: return IntrinsicLimit.result(IntrinsicFunctions.arrayPartition(args[0], args[1]), f, cap)
        case .arrayContains: return IntrinsicFunctions.arrayContains(args[0], args[1])
        case .arrayRange: return IntrinsicLimit.result(IntrinsicFunctions.arrayRange(args[0], args[1], args[2]), f, cap)
        case .arrayGetItem: return IntrinsicFunctions.arrayGetItem(args[0], args[1])
        case .arrayLength: return IntrinsicFunctions.arrayLength(args[0])
        case .arrayUnique: return IntrinsicFunctions.arrayUnique(args[0])
        case .base64Encode: return IntrinsicFunctions.base64Encode(args[0])
        case .base64Decode: return IntrinsicFunctions.base64Decode(args[0])
        case .hash: return IntrinsicFunctions.hash(args[0], args[1])
        case .jsonMerge: return IntrinsicLimit.result(IntrinsicFunctions.jsonMerge(args[0], args[1], args[2]), f, cap)
        case .mathRandom: return IntrinsicFunctions.mathRandom(args, random: env.random)
        case .mathAdd: return IntrinsicFunctions.mathAdd(args[0], args[1])
        case .stringSplit: return IntrinsicLimit.result(IntrinsicFunctions.stringSplit(args[0], args[1]), f, cap)
        case .uuid: return .success(.string(IntrinsicFunctions.uuid(env.random)))
        }
    }
}
