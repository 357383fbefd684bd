import SFNCore

/// What `sfn run` (and the commands that run executions like it) takes to bound and permit what
/// a run's Tasks do: `--max-output SIZE` caps what one command may print, `--policy FILE` /
/// `--policies FILE --role-arn ARN` give the execution role's permissions (docs/security.md).
enum RunSafety {
    static let values: Set<String> = ["--max-output", "--policy", "--policies", "--role-arn"]

    /// Applies the options to a dispatcher; a message saying what is wrong when one is unusable.
    static func apply(_ args: Arguments, to tasks: inout TaskDispatcher) -> String? {
        if let text = args.values["--max-output"] {
            guard let bytes = byteSize(text), bytes > 0 else {
                return "--max-output expects a size in bytes such as 1048576, 64KiB, 256MiB or 1GiB, not '\(text)'"
            }
            tasks.runner.maxOutputBytes = bytes
        }
        switch executionRole(args) {
        case .success(let role): tasks.executionRole = role
        case .failure(let failure): return failure.description
        }
        return nil
    }

    /// The role ARN executions run under: `--role-arn`, else AWS's placeholder the history shows.
    static func roleArn(_ args: Arguments) -> String {
        args.values["--role-arn"] ?? "arn:aws:iam::123456789012:role/StepFunctionsExecutionRole"
    }

    /// The role from `--policy FILE` or `--policies FILE` (picked by `--role-arn`); nil without
    /// either, which allows everything.
    static func executionRole(_ args: Arguments) -> Result<ExecutionRole?, CLIFailure> {
        let policy = args.values["--policy"]
        let policies = args.values["--policies"]
        if policy != nil && policies != nil {
            return .failure(CLIFailure("--policy and --policies cannot be used together"))
        }
        do {
            if let file = policy {
                let text = try Console.readFile(file).get()
                return .success(
                    ExecutionRole(roleArn: roleArn(args), policy: try IAMPolicy(parsing: text, source: file)))
            }
            if let file = policies {
                guard args.values["--role-arn"] != nil else {
                    return .failure(CLIFailure("--policies needs --role-arn ARN to pick the role's policy"))
                }
                let text = try Console.readFile(file).get()
                return .success(try RolePolicies(parsing: text, source: file).role(roleArn(args)))
            }
        } catch let failure as CLIFailure {
            return .failure(failure)
        } catch let error as StatesError {
            return .failure(CLIFailure(error.cause ?? error.error.rawValue))
        } catch {
            return .failure(CLIFailure("\(error)"))
        }
        return .success(nil)
    }

    /// A size: a whole number of bytes, optionally with K, M or G (powers of 1024; `KiB`, `KB`
    /// and `k` all mean 1024).
    static func byteSize(_ text: String) -> Int? {
        var digits = Substring(text.trimmingBlanks)
        var unit = 1
        let suffixes: [(String, Int)] = [("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10)]
        for ending in ["ib", "b"] where digits.lowercased().hasSuffix(ending) {
            let rest = digits.dropLast(ending.count)
            if suffixes.contains(where: { rest.lowercased().hasSuffix($0.0) }) || ending == "b" {
                digits = rest
                break
            }
        }
        if let (suffix, scale) = suffixes.first(where: { digits.lowercased().hasSuffix($0.0) }) {
            digits = digits.dropLast(suffix.count)
            unit = scale
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) else { return nil }
        let (total, overflow) = n.multipliedReportingOverflow(by: unit)
        return overflow ? nil : total
    }
}

extension String {
    fileprivate var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// `sfn serve --policies FILE`: role ARNs mapped to policies; each state machine's roleArn picks.
enum ServePolicies {
    static func read(_ file: String) -> Result<RolePolicies, CLIFailure> {
        switch Console.readFile(file) {
        case .failure(let failure): return .failure(failure)
        case .success(let text):
            do throws(StatesError) {
                return .success(try RolePolicies(parsing: text, source: file))
            } catch {
                return .failure(CLIFailure(error.cause ?? error.error.rawValue))
            }
        }
    }
}
