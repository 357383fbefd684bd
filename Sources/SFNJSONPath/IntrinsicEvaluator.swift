import SFNJSON

/// Runs a parsed intrinsic call: arguments first, left to right, then the function.
enum IntrinsicEvaluator {
    /// The call's value in `env`. Kept apart from `value(_:input:maxBytes:environment:)`: handing
    /// that one `{ env }` copied the environment (four reference-counted fields) for every
    /// argument rooted at `$$` or a variable, which the Map fusion's rebased calls all are.
    static func evaluate(_ node: IntrinsicNode, in env: PathEnvironment) -> Result<JSONValue, PathExpressionFailure> {
        do throws(PathExpressionFailure) {
            // Calls of one or two arguments (States.MathAdd in a counting loop, ArrayGetItem,
            // ArrayLength, ...) take them in locals: an argument array is an allocation and a
            // release of every argument per call.
            switch node.arguments.count {
            case 1:
                let a = try argument(node.arguments[0], env)
                return unary(node.function, a) ?? apply(node, [a], env.maxBytes, { env })
            case 2:
                let a = try argument(node.arguments[0], env)
                let b = try argument(node.arguments[1], env)
                // States.Format of one value (`'item-{}'`), the usual shape, without an array.
                if node.function == .format { return format(node, ArgumentPair(a, b), env.maxBytes) }
                return binary(node.function, a, b) ?? apply(node, [a, b], env.maxBytes, { env })
            default:
                break
            }
            var args: [JSONValue] = []
            args.reserveCapacity(node.arguments.count)
            for argument in node.arguments { args.append(try Self.argument(argument, env)) }
            return apply(node, args, env.maxBytes, { env })
        } catch {
            return .failure(error)
        }
    }

    /// One argument's value in `env`; a path that matches nothing fails as `.pathNotFound`.
    @inline(__always)
    static func argument(_ argument: IntrinsicArgument, _ env: PathEnvironment) throws(PathExpressionFailure)
        -> JSONValue
    {
        switch argument {
        case .literal(let v): return v
        case .string(let s, _): return .string(s)
        case .path(let path):
            switch path.evaluate(in: env) {
            case .success(let v): return v
            case .failure(let f): throw .pathNotFound(path: path.text, failure: f)
            }
        case .call(let inner):
            switch evaluate(inner, in: env) {
            case .success(let v): return v
            case .failure(let f): throw f
            }
        }
    }

    /// The call's value, `$` given as `input`; `environment` is asked for only by arguments rooted
    /// elsewhere and by the functions that need randomness.
    static func value(
        _ node: IntrinsicNode, input: JSONValue, maxBytes: Int, environment: () -> PathEnvironment
    ) throws(PathExpressionFailure) -> JSONValue {
        // The arguments are read in place: copying one out of the array retained its box (and a
        // path argument's compiled path) per call.
        try node.direct.withUnsafeBufferPointer { (arguments) throws(PathExpressionFailure) -> JSONValue in
            // Calls of one or two arguments (States.MathAdd in a counting loop, ArrayGetItem,
            // ArrayLength, ...) take them in locals: an argument array is an allocation and a
            // release of every argument per call.
            switch arguments.count {
            case 1:
                let a = try argument(arguments[0], node, input, maxBytes, environment)
                if let outcome = unary(node.function, a) { return try outcome.get() }
                return try apply(node, [a], maxBytes, environment).get()
            case 2:
                let a = try argument(arguments[0], node, input, maxBytes, environment)
                let b = try argument(arguments[1], node, input, maxBytes, environment)
                // Two integers whose sum fits: what mathAdd gives, without its Result.
                if node.function == .mathAdd, case .int(let x) = a, case .int(let y) = b {
                    let (sum, overflow) = x.addingReportingOverflow(y)
                    if !overflow { return .int(sum) }
                }
                // States.Format of one value (`'item-{}'`), the usual shape, without an array.
                if node.function == .format { return try format(node, ArgumentPair(a, b), maxBytes).get() }
                if let outcome = binary(node.function, a, b) { return try outcome.get() }
                return try apply(node, [a, b], maxBytes, environment).get()
            default:
                var args: [JSONValue] = []
                args.reserveCapacity(arguments.count)
                for argument in arguments {
                    args.append(try Self.argument(argument, node, input, maxBytes, environment))
                }
                return try apply(node, args, maxBytes, environment).get()
            }
        }
    }

    /// One argument's value; a path that matches nothing fails as `.pathNotFound`.
    @inline(__always)
    static func argument(
        _ argument: DirectArgument, _ node: IntrinsicNode, _ input: JSONValue, _ maxBytes: Int,
        _ environment: () -> PathEnvironment
    ) throws(PathExpressionFailure) -> JSONValue {
        switch argument {
        case .value(let v): return v
        case .path(let box):
            do {
                return try box._withUnsafeGuaranteedRef { (box) throws(PathExpressionFailure) -> JSONValue in
                    try pathArgument(box, input, environment)
                }
            } catch {
                // `_withUnsafeGuaranteedRef` rethrows untyped; only PathExpressionFailure is thrown inside.
                throw error as! PathExpressionFailure
            }
        case .call(let i):
            guard case .call(let inner) = node.arguments[i] else { preconditionFailure("a nested call") }
            return try value(inner, input: input, maxBytes: maxBytes, environment: environment)
        }
    }

    @inline(__always)
    static func pathArgument(_ box: PathBox, _ input: JSONValue, _ environment: () -> PathEnvironment)
        throws(PathExpressionFailure) -> JSONValue
    {
        if box.path.readsInput {
            do {
                return try box.path.value(in: input)
            } catch {
                throw .pathNotFound(path: box.path.text, failure: error)
            }
        }
        switch box.path.evaluate(in: environment()) {
        case .success(let v): return v
        case .failure(let f): throw .pathNotFound(path: box.path.text, failure: f)
        }
    }

    /// States.Format with the payload limit on what it prints and on what it returns.
    @inline(__always)
    static func format<Args: RandomAccessCollection<JSONValue>>(_ node: IntrinsicNode, _ args: Args, _ cap: Int)
        -> Result<JSONValue, PathExpressionFailure> where Args.Index == Int
    {
        if let failure = IntrinsicLimit.arguments(args, .format, cap) { return .failure(failure) }
        let outcome = IntrinsicFunctions.format(node, args)
        // A short string is within any limit of 128 bytes or more.
        if case .success(.string(let s)) = outcome, s.utf8.count <= 21, cap >= 128 { return outcome }
        return IntrinsicLimit.result(outcome, .format, cap)
    }

    /// The functions of exactly one argument; nil for any other (it takes the general path).
    static func unary(_ f: IntrinsicFunction, _ a: JSONValue) -> Result<JSONValue, PathExpressionFailure>? {
        switch f {
        case .stringToJson: return IntrinsicFunctions.stringToJson(a)
        case .jsonToString: return .success(.string(JSONPrinter.compact(a)))
        case .arrayLength: return IntrinsicFunctions.arrayLength(a)
        case .arrayUnique: return IntrinsicFunctions.arrayUnique(a)
        case .base64Encode: return IntrinsicFunctions.base64Encode(a)
        case .base64Decode: return IntrinsicFunctions.base64Decode(a)
        default: return nil
        }
    }

    /// The functions of exactly two arguments; nil for any other (it takes the general path).
    static func binary(_ f: IntrinsicFunction, _ a: JSONValue, _ b: JSONValue) -> Result<
        JSONValue, PathExpressionFailure
    >? {
        switch f {
        case .mathAdd: return IntrinsicFunctions.mathAdd(a, b)
        case .arrayPartition: return IntrinsicFunctions.arrayPartition(a, b)
        case .arrayContains: return IntrinsicFunctions.arrayContains(a, b)
        case .arrayGetItem: return IntrinsicFunctions.arrayGetItem(a, b)
        case .hash: return IntrinsicFunctions.hash(a, b)
        case .stringSplit: return IntrinsicFunctions.stringSplit(a, b)
        default: return nil
        }
    }

    /// Any function, its arguments evaluated.
    static func apply(
        _ node: IntrinsicNode, _ args: [JSONValue], _ cap: Int, _ environment: () -> PathEnvironment
    ) -> Result<JSONValue, PathExpressionFailure> {
        let f = node.function
        switch f {
        case .format: return format(node, args, cap)
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
        case .mathRandom: return IntrinsicFunctions.mathRandom(args, random: environment().random)
        case .mathAdd: return IntrinsicFunctions.mathAdd(args[0], args[1])
        case .stringSplit: return IntrinsicLimit.result(IntrinsicFunctions.stringSplit(args[0], args[1]), f, cap)
        case .uuid: return .success(.string(IntrinsicFunctions.uuid(environment().random)))
        }
    }
}

/// Two evaluated arguments as a collection, so that a call of two needs no array.
struct ArgumentPair: RandomAccessCollection {
    let first: JSONValue
    let second: JSONValue

    init(_ first: JSONValue, _ second: JSONValue) {
        self.first = first
        self.second = second
    }

    var startIndex: Int { 0 }
    var endIndex: Int { 2 }
    subscript(position: Int) -> JSONValue { position == 0 ? first : second }
}
