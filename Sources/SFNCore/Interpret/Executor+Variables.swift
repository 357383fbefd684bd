import SFNJSON

/// Workflow variables: AWS's size quotas on what an Assign stores, and storing it.
///
/// AWS allows at most 256 KiB per variable, 256 KiB for all variables of one Assign together,
/// and 10 MiB for all variables an execution holds. Sizes are the UTF-8 bytes of the compact
/// JSON of each value. A cheap upper bound clears the common small values; only values near a
/// quota are measured exactly, and the sizes are kept so that the execution total is a sum.
extension Executor {
    static let maxVariableBytes = 262_144
    static let maxAssignBytes = 262_144
    static let maxVariablesTotalBytes = 10 * 1_048_576

    /// Checks an evaluated Assign object against the quotas and makes it the state's pending
    /// assignment (stored by the run loop once the state is done).
    func pendAssign(_ value: JSONValue, _ run: inout StateRun) throws(StatesError) {
        guard case .object(let assigned) = value else {
            run.pendingAssign = value
            pendingAssignBytes = []
            return
        }
        var sizes: [Int] = []
        sizes.reserveCapacity(assigned.count)
        var sum = 0
        var exact = true
        for (name, v) in assigned {
            var n = JSONSize.upperBound(v, cap: Self.maxVariableBytes)
            if n > Self.maxVariableBytes {
                n = JSONSize.exact(v, cap: Self.maxVariableBytes)
                if n > Self.maxVariableBytes {
                    throw StatesError("States.DataLimitExceeded", run.prefix +
                        "The value assigned to the variable '\(name)' exceeds the maximum size of 262144 bytes (256 KiB) for a variable.")
                }
            } else {
                exact = false
            }
            sizes.append(n)
            sum += n
        }
        if sum > Self.maxAssignBytes && !exact {
            sizes = assigned.values.map { JSONSize.exact($0, cap: Self.maxAssignBytes) }
            sum = sizes.reduce(0, +)
        }
        if sum > Self.maxAssignBytes {
            throw StatesError("States.DataLimitExceeded", run.prefix +
                "The variables assigned by the state exceed the maximum size of 262144 bytes (256 KiB) for one Assign.")
        }
        if total(after: assigned, sizes) > Self.maxVariablesTotalBytes {
            // The stored sizes may be bounds: measure everything before refusing.
            for (name, v) in variables { variableBytes[name] = JSONSize.exact(v, cap: Self.maxVariableBytes) }
            variableBytesTotal = variableBytes.values.reduce(0, +)
            sizes = assigned.values.map { JSONSize.exact($0, cap: Self.maxVariableBytes) }
            if total(after: assigned, sizes) > Self.maxVariablesTotalBytes {
                throw StatesError("States.DataLimitExceeded", run.prefix +
                    "The workflow variables of the execution would exceed the maximum total size of 10485760 bytes (10 MiB).")
            }
        }
        run.pendingAssign = value
        pendingAssignBytes = sizes
    }

    /// The execution's variable bytes once `assigned` (of `sizes`) replaces what it names.
    private func total(after assigned: JSONObject, _ sizes: [Int]) -> Int {
        var total = variableBytesTotal
        for (i, name) in assigned.keys.enumerated() {
            total += sizes[i] - (variableBytes[name] ?? 0)
        }
        return total
    }

    /// Stores a pending Assign with the sizes `pendAssign` found. All values were computed before
    /// any is stored, so each expression saw the variables as they were on entry.
    func assignVariables(_ value: JSONValue, bytes: [Int]) {
        guard case .object(let o) = value else { return }
        // Sizes of another Assign (not expected) are not trusted: measured again instead.
        let sized = bytes.count == o.count
        for (i, (k, v)) in o.enumerated() {
            variables[k] = v
            let n = sized ? bytes[i] : JSONSize.exact(v, cap: Self.maxVariablesTotalBytes)
            variableBytesTotal += n - (variableBytes.updateValue(n, forKey: k) ?? 0)
        }
    }
}
