import SFNJSON

/// Workflow variables: AWS's size quotas on what an Assign stores, and storing it.
///
/// AWS allows at most 256 KiB per variable, 256 KiB for all variables of one Assign together,
/// and 10 MiB for all variables an execution holds. Sizes are the UTF-8 bytes of the compact
/// JSON of each value. A cheap upper bound clears the common small values; only values near a
/// quota are measured exactly.
extension Executor {
    static let maxVariableBytes = 262_144
    static let maxAssignBytes = 262_144
    static let maxVariablesTotalBytes = 10 * 1_048_576
    /// Held bytes past which every variable's size is tracked, instead of a growing bound.
    static let trackVariablesFrom = 4 * 1_048_576

    /// The 10 MiB quota's bookkeeping. While little is held, `total` is only a bound that every
    /// Assign grows (no per-variable work); when the bound passes the quota, what is held is
    /// measured, and from `trackVariablesFrom` on each variable's size is kept (`sizes`).
    struct VariableQuota: Sendable {
        var total = 0
        /// Exact size per variable once tracked; nil while `total` is a bound.
        var sizes: [String: Int]?
        /// What the Assign accepted last adds: its bound, or its exact sizes in order once tracked.
        var pendingBound = 0
        var pendingSizes: [Int] = []
    }

    /// Checks an evaluated Assign object against the quotas and makes it the state's pending
    /// assignment (stored by the run loop once the state is done).
    func pendAssign(_ value: JSONValue, _ run: inout StateRun) throws(StatesError) {
        guard case .object(let assigned) = value else {
            run.pendingAssign = value
            variableQuota.pendingBound = 0
            return
        }
        var sum = 0
        for (name, v) in assigned {
            var n = JSONSize.upperBound(v, cap: Self.maxVariableBytes)
            if n > Self.maxVariableBytes {
                n = JSONSize.exact(v, cap: Self.maxVariableBytes)
                if n > Self.maxVariableBytes {
                    throw StatesError(
                        .dataLimitExceeded,
                        run.prefix
                            + "The value assigned to the variable '\(name)' exceeds the maximum size of 262144 bytes (256 KiB) for a variable."
                    )
                }
            }
            sum += n
        }
        if sum > Self.maxAssignBytes {
            sum = 0
            for v in assigned.values { sum += JSONSize.exact(v, cap: Self.maxAssignBytes) }
            if sum > Self.maxAssignBytes {
                throw StatesError(
                    .dataLimitExceeded,
                    run.prefix
                        + "The variables assigned by the state exceed the maximum size of 262144 bytes (256 KiB) for one Assign."
                )
            }
        }
        if variableQuota.sizes == nil {
            if variableQuota.total + sum <= Self.maxVariablesTotalBytes {
                variableQuota.pendingBound = sum
                run.pendingAssign = value
                return
            }
            // The bound has passed the quota: measure what is held.
            var held = 0
            for v in variables.values { held += JSONSize.exact(v, cap: Self.maxVariableBytes) }
            variableQuota.total = held
            if held <= Self.trackVariablesFrom && held + sum <= Self.maxVariablesTotalBytes {
                variableQuota.pendingBound = sum
                run.pendingAssign = value
                return
            }
            variableQuota.sizes = variables.mapValues { JSONSize.exact($0, cap: Self.maxVariableBytes) }
        }
        let sizes = assigned.values.map { JSONSize.exact($0, cap: Self.maxVariableBytes) }
        var total = variableQuota.total
        for (i, name) in assigned.keys.enumerated() {
            total += sizes[i] - (variableQuota.sizes?[name] ?? 0)
        }
        if total > Self.maxVariablesTotalBytes {
            throw StatesError(
                .dataLimitExceeded,
                run.prefix
                    + "The workflow variables of the execution would exceed the maximum total size of 10485760 bytes (10 MiB)."
            )
        }
        variableQuota.pendingSizes = sizes
        run.pendingAssign = value
    }

    /// Stores a pending Assign with what `pendAssign` found. All values were computed before any
    /// is stored, so each expression saw the variables as they were on entry.
    func assignVariables(_ value: JSONValue) {
        guard case .object(let o) = value else { return }
        for (k, v) in o { variables[k] = v }
        guard var sizes = variableQuota.sizes.take() else {
            variableQuota.total += variableQuota.pendingBound
            return
        }
        let pending = variableQuota.pendingSizes
        for (i, (k, v)) in o.enumerated() {
            // Sizes of another Assign (not expected) are not trusted: measured again instead.
            let n = pending.count == o.count ? pending[i] : JSONSize.exact(v, cap: Self.maxVariablesTotalBytes)
            variableQuota.total += n - (sizes.updateValue(n, forKey: k) ?? 0)
        }
        variableQuota.sizes = sizes
    }
}
