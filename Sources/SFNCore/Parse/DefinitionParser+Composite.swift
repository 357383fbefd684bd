import SFNJSON
import SFNJSONPath
import SFNJSONata

extension DefinitionParser {
    mutating func parseParallel(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> ParallelState? {
        guard case .array(let branches)? = obj["Branches"], !branches.isEmpty else {
            report(pointer, "A Parallel state needs a non-empty 'Branches' array")
            return nil
        }
        var graphs: [StateGraph] = []
        for (i, b) in branches.enumerated() {
            let p = JSONPointer.appending(JSONPointer.appending(pointer, "Branches"), i)
            guard case .object(let bo) = b else {
                report(p, "A branch must be an object with StartAt and States")
                return nil
            }
            let bql = parseQueryLanguage(bo, pointer: p, inherited: ql)
            guard let g = parseGraph(bo, pointer: p, inherited: bql) else { return nil }
            graphs.append(g)
        }
        return ParallelState(branches: graphs)
    }

    mutating func parseMap(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> MapState? {
        let key = obj["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard case .object(let po)? = obj[key] else {
            report(pointer, "A Map state needs an 'ItemProcessor' object")
            return nil
        }
        let p = JSONPointer.appending(pointer, key)
        let pql = parseQueryLanguage(po, pointer: p, inherited: ql)
        guard let graph = parseGraph(po, pointer: p, inherited: pql) else { return nil }
        var mode = "INLINE"
        if case .object(let config)? = po["ProcessorConfig"], let m = config["Mode"]?.stringValue { mode = m }
        var map = MapState(processor: graph, processorMode: mode)
        if let s = optionalString(obj, "ItemsPath", pointer: pointer) {
            if ql == .jsonata { report(JSONPointer.appending(pointer, "ItemsPath"), "ItemsPath is not supported in JSONata mode") }
            map.itemsPath = compileJSONPath(s, pointer: JSONPointer.appending(pointer, "ItemsPath"), reference: true)
        }
        if let items = obj["Items"] {
            map.items = compileTemplate(items, pointer: JSONPointer.appending(pointer, "Items"), ql: ql, field: "Items")
        }
        let selectorKey = obj["ItemSelector"] != nil ? "ItemSelector" : "Parameters"
        // In a Map, the legacy `Parameters` is what ItemSelector now is.
        if let sel = obj[selectorKey] {
            map.itemSelector = compileTemplate(sel, pointer: JSONPointer.appending(pointer, selectorKey), ql: ql, field: selectorKey)
        }
        map.itemReader = obj["ItemReader"]
        if case .object(let batcher)? = obj["ItemBatcher"] {
            map.itemBatcher = parseItemBatcher(batcher, pointer: JSONPointer.appending(pointer, "ItemBatcher"), ql: ql)
        }
        map.resultWriter = obj["ResultWriter"]
        map.maxConcurrency = numberSource(obj, "MaxConcurrency", pointer: pointer, ql: ql)
        map.toleratedFailurePercentage = numberSource(obj, "ToleratedFailurePercentage", pointer: pointer, ql: ql)
        map.toleratedFailureCount = numberSource(obj, "ToleratedFailureCount", pointer: pointer, ql: ql)
        map.label = obj["Label"]?.stringValue
        return map
    }

    /// ItemBatcher's counts compile like the Map's own (literal, `...Path` or JSONata); BatchInput
    /// is a payload template in either query language.
    mutating func parseItemBatcher(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> ItemBatcher {
        var batcher = ItemBatcher()
        batcher.maxItemsPerBatch = numberSource(obj, "MaxItemsPerBatch", pointer: pointer, ql: ql)
        batcher.maxInputBytesPerBatch = numberSource(obj, "MaxInputBytesPerBatch", pointer: pointer, ql: ql)
        if let input = obj["BatchInput"] {
            batcher.batchInput = compileTemplate(input, pointer: JSONPointer.appending(pointer, "BatchInput"), ql: ql, field: "BatchInput")
        }
        return batcher
    }

    mutating func errorEquals(_ o: JSONObject, pointer: String) -> [String] {
        guard case .array(let names)? = o["ErrorEquals"], !names.isEmpty else {
            report(pointer, "'ErrorEquals' must be a non-empty array of error names")
            return []
        }
        var out: [String] = []
        for n in names {
            guard let s = n.stringValue else {
                report(JSONPointer.appending(pointer, "ErrorEquals"), "Error names must be strings")
                return []
            }
            out.append(s)
        }
        return out
    }

    mutating func parseRetry(_ obj: JSONObject, pointer: String) -> [Retrier] {
        guard let v = obj["Retry"] else { return [] }
        let base = JSONPointer.appending(pointer, "Retry")
        guard case .array(let items) = v else {
            report(base, "'Retry' must be an array")
            return []
        }
        var out: [Retrier] = []
        for (i, item) in items.enumerated() {
            let p = JSONPointer.appending(base, i)
            guard case .object(let o) = item else { report(p, "A retrier must be an object"); continue }
            var r = Retrier(errorEquals: errorEquals(o, pointer: p), intervalSeconds: 1, maxAttempts: 3,
                            backoffRate: 2.0, maxDelaySeconds: nil, jitterFull: false)
            if let x = o["IntervalSeconds"] { if let n = x.intValue, n >= 1 { r.intervalSeconds = n } else { report(JSONPointer.appending(p, "IntervalSeconds"), "IntervalSeconds must be a positive integer") } }
            if let x = o["MaxAttempts"] { if let n = x.intValue, n >= 0 { r.maxAttempts = n } else { report(JSONPointer.appending(p, "MaxAttempts"), "MaxAttempts must be a non-negative integer") } }
            if let x = o["BackoffRate"] { if let d = x.doubleValue, d >= 1 { r.backoffRate = d } else { report(JSONPointer.appending(p, "BackoffRate"), "BackoffRate must be a number >= 1.0") } }
            if let x = o["MaxDelaySeconds"] { if let n = x.intValue, n >= 1 { r.maxDelaySeconds = n } else { report(JSONPointer.appending(p, "MaxDelaySeconds"), "MaxDelaySeconds must be a positive integer") } }
            if let x = o["JitterStrategy"] { r.jitterFull = x.stringValue == "FULL" }
            out.append(r)
        }
        return out
    }

    mutating func parseCatch(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage, names: [String: Int]) -> [Catcher] {
        guard let v = obj["Catch"] else { return [] }
        let base = JSONPointer.appending(pointer, "Catch")
        guard case .array(let items) = v else {
            report(base, "'Catch' must be an array")
            return []
        }
        var out: [Catcher] = []
        for (i, item) in items.enumerated() {
            let p = JSONPointer.appending(base, i)
            guard case .object(let o) = item else { report(p, "A catcher must be an object"); continue }
            let errors = errorEquals(o, pointer: p)
            guard let next = target(o, "Next", pointer: p, names: names) else {
                if o["Next"] == nil { report(p, "A catcher needs 'Next'") }
                continue
            }
            var c = Catcher(errorEquals: errors, next: next, resultPath: .replace, output: nil, assign: nil)
            if ql == .jsonPath {
                c.resultPath = resultPath(o, pointer: p)
            } else if let out = o["Output"] {
                c.output = compileTemplate(out, pointer: JSONPointer.appending(p, "Output"), ql: .jsonata, field: "Output")
            }
            if let a = o["Assign"] { c.assign = compileAssign(a, pointer: JSONPointer.appending(p, "Assign"), ql: ql) }
            out.append(c)
        }
        return out
    }
}
