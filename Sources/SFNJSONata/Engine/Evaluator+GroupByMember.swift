import SFNJSON

extension Evaluator {
    /// `objects{name: value}` where every item is an input object and the key is one member:
    /// the usual group-by, done with a scan of a few keys (a hash table past eight) and no
    /// per-item evaluation of the key. nil when an item or a key falls outside that case, and the
    /// general grouping then runs from the start (reading members has no side effects).
    func groupByMember(
        _ name: String, _ items: [Val], _ valueExpr: Expr, _ env: Frame
    ) throws(JSONataError) -> Val? {
        var order: [String] = []
        var buckets: [[Val]] = []
        var slots: [String: Int] = [:]
        for item in items {
            guard case .jobject(let o) = item else { return nil }
            let key: String
            switch jsonField(o, name) {
            case .none: continue
            case .string(let k)?: key = k
            default: return nil
            }
            if let slot = order.count <= 8 ? order.firstIndex(of: key) : slots[key] {
                buckets[slot].append(item)
            } else {
                if order.count == 8 { for (i, k) in order.enumerated() { slots[k] = i } }
                if order.count >= 8 { slots[key] = order.count }
                order.append(key)
                buckets.append([item])
            }
        }
        let result = Obj(capacity: order.count)
        for (slot, k) in order.enumerated() {
            let entry = buckets[slot]
            let context: Val = entry.count == 1 ? entry[0] : .array(Seq(entry, sequence: false))
            let value = try eval(valueExpr, context, env)
            if !value.isUndefined { result.append(k, value) }
        }
        return .object(result)
    }
}
