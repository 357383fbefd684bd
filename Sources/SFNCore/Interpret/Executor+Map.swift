import SFNJSON
import SFNJSONPath

/// The Map state: items, ItemSelector, iterations (inline in this history, distributed as child
/// executions with their own), tolerated failures, and AWS's wording for bad counts.
extension Executor {
    func runMap(_ map: MapState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let state = run.state
        let jsonata = state.queryLanguage == .jsonata
        let effective: JSONValue
        let items: [JSONValue]
        do {
            effective = jsonata ? run.input : try applyFilter(state.io.inputPath, to: run.input, run)
            items = try mapItems(map, effective: effective, run)
            _ = try count(map.maxConcurrency, "MaxConcurrency", float: false, input: effective, run)
        } catch {
            if error.error == "States.QueryEvaluationError" {
                noteEvaluationFailure(error, run)
                log.add(.mapStateFailed, at: self.now())
            }
            throw error
        }
        log.add(.mapStateStarted, at: self.now())
        let toleratedCount = try count(map.toleratedFailureCount, "ToleratedFailureCount", float: false, input: effective, run)
        let toleratedPercentage = try count(map.toleratedFailurePercentage, "ToleratedFailurePercentage", float: true, input: effective, run)
        if let c = toleratedCount, c < 0 {
            throw StatesError("States.Runtime", run.prefix + "ToleratedFailureCount cannot be negative.")
        }
        if let p = toleratedPercentage, p < 0 || p > 100 {
            throw StatesError("States.Runtime", run.prefix + "ToleratedFailurePercentage must be between 0 and 100.")
        }

        let distributed = map.processorMode == "DISTRIBUTED"
        if distributed { log.add(.mapRunStarted, at: self.now()) }
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        var failures = 0
        for (index, item) in items.enumerated() {
            let itemInput: JSONValue
            do {
                itemInput = try selectItem(map, index: index, item: item, effective: effective, &run)
            } catch {
                noteEvaluationFailure(error, run)
                log.add(.mapStateFailed, at: self.now())
                throw error
            }
            if !distributed { log.add(.mapIterationStarted, state: state.name, at: self.now()) }
            do {
                let output = distributed ? try await runChildExecution(map.processor, input: itemInput)
                                         : try await runBranch(map.processor, input: itemInput)
                if !distributed { log.add(.mapIterationSucceeded, state: state.name, at: self.now()) }
                results.append(output)
            } catch {
                if !distributed {
                    log.add(.mapIterationFailed, state: state.name, at: self.now())
                    log.add(.mapStateFailed, at: self.now())
                    throw error
                }
                failures += 1
                let allowedCount = toleratedCount ?? 0
                let allowedShare = toleratedPercentage ?? 0
                let share = Double(failures) * 100 / Double(max(items.count, 1))
                if Double(failures) > allowedCount && share > allowedShare {
                    log.add(.mapRunFailed, at: self.now())
                    log.add(.mapStateFailed, at: self.now())
                    throw StatesError("States.ExceedToleratedFailureThreshold",
                                      "The specified tolerated failure threshold was exceeded")
                }
                results.append(.object(JSONObject([("Error", .string(error.error)),
                                                   ("Cause", error.cause.map(JSONValue.string) ?? .null)])))
            }
        }
        if distributed { log.add(.mapRunSucceeded, at: self.now()) }
        log.add(.mapStateSucceeded, at: self.now())
        do {
            return try finish(with: .array(results), &run)
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
    }

    /// The array to iterate: Items (JSONata or literal), ItemsPath, or the effective input.
    private func mapItems(_ map: MapState, effective: JSONValue, _ run: StateRun) throws(StatesError) -> [JSONValue] {
        let jsonata = run.state.queryLanguage == .jsonata
        let errorName = jsonata ? "States.QueryEvaluationError" : "States.Runtime"
        if let template = map.items {
            let value = jsonata ? try evaluateJSONataTemplate(template, states: jsonataStates(run), run)
                                : try evaluateTemplate(template, input: effective, run)
            if case .array(let a) = value { return a }
            if case .jsonata(let expr, let field) = template {
                throw StatesError(errorName, run.prefix + "The JSONata expression '\(expr.text)' specified for the field '\(field)' returned an unexpected result type. Expected 'array', but was '\(value.typeName)' for value: \(JSONPrinter.compact(value))")
            }
            throw StatesError(errorName, run.prefix + "Map state input must be an array but was: \(JSONPrinter.compact(value))")
        }
        var value = effective
        if let path = map.itemsPath {
            switch evaluatePath(path, input: effective, run) {
            case .success(let v): value = v
            case .failure(let f): throw invalidPath(path.text, f, run)
            }
        }
        guard case .array(let a) = value else {
            throw StatesError(errorName, run.prefix + "Map state input must be an array but was: \(JSONPrinter.compact(value))")
        }
        return a
    }

    /// An iteration's input: ItemSelector with `$$.Map.Item` bound, or the item itself.
    private func selectItem(_ map: MapState, index: Int, item: JSONValue, effective: JSONValue,
                            _ run: inout StateRun) throws(StatesError) -> JSONValue {
        guard let selector = map.itemSelector else { return item }
        var entry = JSONObject(minimumCapacity: 2)
        entry.append("Index", .int(index))
        entry.append("Value", item)
        run.mapItem = .object(entry)
        defer { run.mapItem = nil }
        if run.state.queryLanguage == .jsonata {
            return try evaluateJSONataTemplate(selector, states: jsonataStates(run), run)
        }
        return try evaluateTemplate(selector, input: effective, run)
    }

    /// A distributed iteration is a child execution: its events are its own, numbered from 1.
    private func runChildExecution(_ graph: StateGraph, input: JSONValue) async throws(StatesError) -> JSONValue {
        let parentLog = log
        log = EventLog(record: false)
        log.add(.executionStarted, at: 0)
        defer { log = parentLog }
        return try await runBranch(graph, input: input)
    }

    /// MaxConcurrency / ToleratedFailureCount / ToleratedFailurePercentage, given literally, by
    /// a `...Path` or by JSONata; nil when absent.
    private func count(_ source: NumberSource?, _ field: String, float: Bool, input: JSONValue,
                       _ run: StateRun) throws(StatesError) -> Double? {
        guard let source else { return nil }
        let value: JSONValue
        let pathText: String?
        switch source {
        case .literal(let v):
            value = v
            pathText = nil
        case .path(let p):
            switch evaluatePath(p, input: input, run) {
            case .success(let v): value = v
            case .failure(let f): throw invalidPath(p.text, f, run)
            }
            pathText = p.text
        case .jsonata(let e):
            value = try evaluateJSONata(e, field: field, input: run.input, run)
            pathText = nil
        }
        // Numbers in strings count, as Java's parsers read them.
        var number: Double? = float ? value.doubleValue : value.intValue.map(Double.init)
        if case .string(let s) = value {
            number = float ? Double(s) : Int(s).map(Double.init)
        } else if !value.isNumber {
            number = nil
        }
        guard let number, number.isFinite else {
            let kind = float ? "float" : "integer"
            let message = pathText.map { "The \(field)Path field refers to value \"\(Self.plain(value))\" which is not a valid \(kind): \($0)" }
                ?? "The \(field) field must be a valid \(kind) but was: \(JSONPrinter.compact(value))"
            throw StatesError(pathText == nil ? "States.QueryEvaluationError" : "States.Runtime", run.prefix + message)
        }
        return number
    }
}
