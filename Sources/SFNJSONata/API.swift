import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The public surface of SFNJSONata: compile an expression once, evaluate it many times.

/// A compiled JSONata expression (JSONata 2.0.6 semantics).
///
/// Compile once, evaluate many times, from any thread.
public final class JSONataExpression: Sendable {
    /// The expression text as given.
    public let text: String
    public let options: JSONataOptions
    /// The processed tree; never mutated after compilation, so shared across threads.
    private let tree: TreeBox

    /// Parses `text`; throws a JSONataError with an S0xxx code and the offset of the problem.
    public init(_ text: String, options: JSONataOptions = .init()) throws(JSONataError) {
        self.text = text
        self.options = options
        self.tree = TreeBox(try Compiler.compile(text))
    }

    /// Evaluates the expression with `input` as `$` (nil means no input at all, JSONata's
    /// "undefined") and `bindings` as extra variables (`bindings["x"]` is `$x`).
    public func evaluate(
        input: JSONValue?, bindings: [String: JSONValue] = [:],
        environment: JSONataEnvironment = .init()
    ) throws(JSONataError) -> JSONataResult {
        // $now()/$millis() must agree if the evaluation is restarted on a larger stack.
        let clock = EvaluationClock(environment.nowMillis)
        let env = environment
        do {
            return try run(
                input: input, bindings: bindings, environment: env, clock: clock, stackBudget: StackGuard.callerBudget)
        } catch  where error.code == StackGuard.exhaustedCode {
            let retried: Result<JSONataResult, JSONataError> = StackGuard.onLargeStack { [self] in
                do throws(JSONataError) {
                    return .success(
                        try run(
                            input: input, bindings: bindings, environment: env, clock: clock,
                            stackBudget: StackGuard.largeBudget))
                } catch {
                    return .failure(error)
                }
            }
            switch retried {
            case .success(let r): return r
            case .failure(let e) where e.code == StackGuard.exhaustedCode:
                throw JSONataError(
                    code: "U1001",
                    message:
                        "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
                )
            case .failure(let e): throw e
            }
        }
    }

    private func run(
        input: JSONValue?, bindings: [String: JSONValue],
        environment: JSONataEnvironment, clock: EvaluationClock,
        stackBudget: UInt
    ) throws(JSONataError) -> JSONataResult {
        let ev = Evaluator(
            builtins: options.awsFunctions ? Library.aws : Library.standard,
            environment: environment, options: options, clock: clock, stackBudget: stackBudget)
        // Nothing the evaluation built outlives it (its result leaves as JSON), so the frames
        // that close over themselves are cleared on the way out, however it ends.
        defer { ev.releaseClosures() }
        let root = Frame(parent: nil)
        for (k, v) in bindings { root.bind(k, Val.from(v)) }
        var value: Val = input.map { Val.from($0) } ?? .undefined
        root.bind("$", value)
        if value.isArray {
            let wrapper = Seq([value])
            wrapper.outerWrapper = true
            value = .array(wrapper)
        }
        let result = try ev.eval(tree.expr, value, root)
        if ev.maxBytes < Int.max, result.isEngineContainer {
            let size = result.jsonSize(cap: ev.maxBytes)
            if size > ev.maxBytes { throw .payloadLimit("The result", size: size, cap: ev.maxBytes) }
        }
        switch result {
        case .undefined: return .undefined
        case .function: return .function
        default: return try result.toJSONBounded().map { .value($0) } ?? .undefined
        }
    }

    /// Names of the variables the expression reads without binding them itself (`$x` where no
    /// enclosing `:=`, lambda parameter or built-in function binds `x`). Used to check `$states`
    /// and workflow-variable references before anything runs.
    public var freeVariables: Set<String> {
        Compiler.freeVariables(tree.node, builtins: options.awsFunctions ? Library.aws : Library.standard)
    }

    /// What the expression reads from its input document outside any relative context: names
    /// that start a path at the top level (`phone` in `phone.number`, each once, in the order
    /// written) and whether it reads `$$`. Step Functions gives JSONata no input document.
    public var inputReads: (names: [String], readsRoot: Bool) { InputReads.of(tree.node) }

    /// Whether the expression runs something over each item of an array below `$states.input`
    /// (a computed step, a filter, a group-by, a sort, or `$map`/`$filter`/`$reduce`/`$sort`
    /// over such a path): it then reads every item's members, and a large input costs less
    /// parsed whole than lazily (InputIteration.swift).
    public var iteratesInputItems: Bool { InputIteration.of(tree.node) }
}

/// Holds the compiled tree; the tree is read-only once built.
final class TreeBox: @unchecked Sendable {
    let node: Node
    let expr: Expr
    init(_ compiled: (Node, Expr)) { (node, expr) = compiled }
}

/// What an expression produced.
public enum JSONataResult: Sendable, Equatable {
    /// No value (a path that matched nothing): not the same as JSON null.
    case undefined
    case value(JSONValue)
    /// A function (lambda or built-in), which has no JSON form.
    case function
}

/// Choices fixed when an expression is compiled.
public struct JSONataOptions: Sendable {
    /// AWS Step Functions mode: adds `$partition`, `$range`, `$hash`, `$random([seed])`, `$uuid`,
    /// `$parse`, and removes `$eval`, as AWS does.
    public var awsFunctions: Bool
    /// Testing aid: evaluate everything on the general path.
    var disableFastPaths = false
    public init(awsFunctions: Bool = false) { self.awsFunctions = awsFunctions }
}

/// What the outside world provides while an expression runs.
public struct JSONataEnvironment: Sendable {
    /// The time `$now()` and `$millis()` report, in milliseconds since 1970; fixed for one evaluation.
    public var nowMillis: @Sendable () -> Double
    /// Injected randomness for `$random`, `$shuffle` and `$uuid`: uniformly random 64 bits.
    public var random: @Sendable () -> UInt64
    /// Evaluation is stopped with U1001 past this many nested calls/evaluations.
    public var maxDepth: Int
    /// Evaluation is stopped with U1001 after this many milliseconds of the evaluating thread's CPU
    /// time, when set (by default
    /// `defaultTimeLimitMillis`, so that a runaway expression, an endless tail recursion or a
    /// backtracking regular expression, ends in an error instead of never returning).
    public var timeLimitMillis: Double?
    /// The largest value, in bytes of JSON text, that the expression may build in bulk (a string
    /// by `&`, `$join`, `$string` or `$pad`, a range, its result): beyond it evaluation fails with
    /// `JSONataError.payloadLimitCode`. Unlimited by default.
    public var maxValueBytes = Int.max

    /// Ten seconds: far beyond what a state's expression takes, short enough to notice.
    public static let defaultTimeLimitMillis: Double = 10_000

    public init(
        nowMillis: @escaping @Sendable () -> Double = { defaultNowMillis() },
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
        maxDepth: Int = 1000, timeLimitMillis: Double? = defaultTimeLimitMillis
    ) {
        self.nowMillis = nowMillis
        self.random = random
        self.maxDepth = maxDepth
        self.timeLimitMillis = timeLimitMillis
    }
}

/// The CPU time of the calling thread in milliseconds: what the evaluation time limit counts, so
/// that an expression on a busy machine is not stopped for time other work took, and one that
/// runs away is, however busy the machine.
func evaluationClockMillis() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

/// The system clock in milliseconds since 1970.
public func defaultNowMillis() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec / 1_000_000)
}

/// A JSONata error with its stable code (S0xxx syntax, T0xxx-T2xxx type, D1xxx-D3xxx evaluation,
/// U1001 runaway) and a message built from the code's template, as jsonata-js words it.
public struct JSONataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// Character offset in the expression where the error was found, when known.
    public var position: Int?
    /// The token the error is attributed to, when known.
    public var token: String?
    /// Template fields, kept so the message can be re-rendered when the token is known later.
    var fields: ErrorFields?

    public init(code: String, message: String, position: Int? = nil, token: String? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.token = token
    }

    /// "T2001: The left side of the ..." — the form AWS puts into States.QueryEvaluationError causes.
    public var description: String { "\(code): \(message)" }
}
