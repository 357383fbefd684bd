extension ExecutionOptions {
    /// The state machine's ARN, in AWS's form: `arn:aws:states:us-east-1:123456789012:stateMachine:NAME`.
    public var stateMachineArn: String {
        "arn:\(partition):states:\(region):\(accountId):stateMachine:\(stateMachineName)"
    }

    /// The ARN of this state machine's execution called `name`.
    public func executionArn(name: String) -> String {
        "arn:\(partition):states:\(region):\(accountId):execution:\(stateMachineName):\(name)"
    }

    /// Why AWS would refuse `name` as an execution or state machine name (StartExecution's
    /// InvalidName), or nil when it is valid: 1 to 80 characters, no white space, none of
    /// `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /` and no control characters.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a name must not be empty" }
        if name.count > 80 { return "a name is at most 80 characters long (this one has \(name.count))" }
        for scalar in name.unicodeScalars where !isNameScalar(scalar) {
            let v = scalar.value
            if v <= 0x20 || (0x7F...0x9F).contains(v) || scalar.properties.isWhitespace {
                return "a name must not contain white space or control characters"
            }
            return "a name must not contain '\(scalar)'"
        }
        return nil
    }

    /// Whether AWS takes `scalar` in a name: no white space, control character or one of
    /// `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`.
    public static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v > 0x20 && v != 0x7F && !refusedASCII[Int(v)] }
        return !(0x80...0x9F).contains(v) && !scalar.properties.isWhitespace
    }

    /// The ASCII characters AWS refuses in names, by code (a table, not a Set built per call:
    /// `sfn run` checks each character of the file's stem).
    private static let refusedASCII: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for scalar in "<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars { table[Int(scalar.value)] = true }
        return table
    }()
}
