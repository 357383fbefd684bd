import SFNJSON

/// A Map's ItemBatcher: the selected items grouped into batches, each the input of one
/// iteration (a child execution): `{"BatchInput": ..., "Items": [...]}`, BatchInput only when
/// the definition has one.
extension Executor {
    /// AWS's quota on a batch, and the most MaxInputBytesPerBatch may ask for.
    static let maxBatchBytes = 262_144

    /// The batch limits, evaluated as AWS evaluates the Map's other counts.
    struct BatchLimits {
        /// Items per batch; nil for no limit.
        var items: Int?
        /// UTF-8 bytes of a batch's compact JSON.
        var bytes: Int
    }

    func batchLimits(_ batcher: ItemBatcher, effective: JSONValue, _ run: StateRun) throws(StatesError) -> BatchLimits {
        let items = try count(batcher.maxItemsPerBatch, "MaxItemsPerBatch", float: false, input: effective, run)
        let bytes = try count(
            batcher.maxInputBytesPerBatch, "MaxInputBytesPerBatch", float: false, input: effective, run)
        let errorName = badValueError(run)
        if let items, items < 0 {
            throw StatesError(errorName, run.prefix + "MaxItemsPerBatch cannot be negative.")
        }
        if let bytes, bytes < 0 || bytes > Double(Self.maxBatchBytes) {
            throw StatesError(
                errorName, run.prefix + "MaxInputBytesPerBatch must be between 0 and \(Self.maxBatchBytes).")
        }
        // 0 asks for no limit, as with MaxConcurrency; the byte quota of AWS stays.
        let itemLimit = items.flatMap { $0 > 0 ? Int(min($0, Double(Int.max / 2))) : nil }
        let byteLimit = bytes.flatMap { $0 > 0 ? Int($0) : nil } ?? Self.maxBatchBytes
        return BatchLimits(items: itemLimit, bytes: byteLimit)
    }

    /// BatchInput, evaluated once for the whole Map against the effective input.
    func batchInput(_ batcher: ItemBatcher, effective: JSONValue, _ run: StateRun) throws(StatesError) -> JSONValue? {
        guard let template = batcher.batchInput else { return nil }
        return try evaluate(template, input: effective, run)
    }

    /// Groups `items` in order: a batch closes when it holds `limits.items` items or when the
    /// next item would take its JSON past `limits.bytes`. An item too large for a batch of its
    /// own fails the Map with States.DataLimitExceeded, AWS's error for data past a quota.
    func batches(
        of items: [JSONValue], batchInput: JSONValue?, limits: BatchLimits,
        _ run: StateRun
    ) throws(StatesError) -> [JSONValue] {
        func envelope(_ batch: [JSONValue]) -> JSONValue {
            var o = JSONObject(minimumCapacity: 2)
            if let batchInput { o.append("BatchInput", batchInput) }
            o.append("Items", .array(batch))
            return .object(o)
        }
        // The batch with no items; each item adds its size and, after the first, a comma.
        let empty = JSONSize.exact(envelope([]), cap: Int.max)
        let cap = limits.bytes
        // Exact sizes are needed only when everything together might not fit in one batch.
        var total = empty
        for item in items where total <= cap { total += JSONSize.upperBound(item, cap: cap) + 1 }
        let measure = total > cap

        var out: [JSONValue] = []
        var current: [JSONValue] = []
        var bytes = empty
        for (index, item) in items.enumerated() {
            let size = measure ? JSONSize.exact(item, cap: cap) : 0
            let full =
                current.count == limits.items
                || (measure && !current.isEmpty && bytes + 1 + size > cap)
            if full {
                out.append(envelope(current))
                current.removeAll(keepingCapacity: true)
                bytes = empty
            }
            if measure && current.isEmpty && empty + size > cap {
                throw StatesError(
                    .dataLimitExceeded,
                    run.prefix
                        + "The item at index \(index) does not fit in a batch of at most \(cap) bytes (MaxInputBytesPerBatch)."
                )
            }
            bytes += current.isEmpty ? size : size + 1
            current.append(item)
        }
        if !current.isEmpty { out.append(envelope(current)) }
        return out
    }
}
