import SFNJSON
import SFNJSONPath
import SFNJSONata

extension DefinitionParser {
    mutating func parseState(name: String, value: JSONValue, pointer: String, inherited: ExpressionLanguage,
                             names: [String: Int]) -> StateNode? {
        guard case .object(let obj) = value else {
            report(pointer, "State '\(name)' must be an object")
            return nil
        }
        guard let type = obj["Type"]?.stringValue else {
            report(pointer, "State '\(name)' is missing the required field 'Type'")
            return nil
        }
        let before = diagnostics.count
        let outerUsesContext = stateUsesContext
        stateUsesContext = false
        defer { stateUsesContext = outerUsesContext || stateUsesContext }
        let ql = parseQueryLanguage(obj, pointer: pointer, inherited: inherited)
        let node = StateNode(name: name, pointer: pointer, queryLanguage: ql, comment: obj["Comment"]?.stringValue,
                             transition: .end, kind: .succeed, io: PathDataFlow(), arguments: nil, output: nil,
                             assign: nil, retriers: [], catchers: [])

        // Transition: Choice, Succeed and Fail have none of their own.
        if type != "Choice" && type != "Succeed" && type != "Fail" {
            if let next = target(obj, "Next", pointer: pointer, names: names) {
                node.transition = .next(next)
            } else if obj["End"]?.boolValue == true {
                node.transition = .end
            } else if obj["Next"] == nil {
                report(pointer, "State '\(name)' must have either 'Next' or 'End': true", code: "MISSING_END_STATE")
            }
        }

        parseCommonDataFlow(obj, pointer: pointer, ql: ql, type: type, into: node)

        switch type {
        case "Pass":
            node.kind = .pass(PassState(result: obj["Result"]))
        case "Succeed":
            node.kind = .succeed
        case "Fail":
            node.kind = .fail(parseFail(obj, pointer: pointer, ql: ql))
        case "Wait":
            if let w = parseWait(obj, pointer: pointer, ql: ql) { node.kind = .wait(w) }
        case "Choice":
            if let c = parseChoice(obj, pointer: pointer, ql: ql, names: names) { node.kind = .choice(c) }
        case "Task":
            node.kind = .task(parseTask(obj, pointer: pointer, ql: ql))
        case "Parallel":
            if let p = parseParallel(obj, pointer: pointer, ql: ql) { node.kind = .parallel(p) }
        case "Map":
            if let m = parseMap(obj, pointer: pointer, ql: ql) { node.kind = .map(m) }
        default:
            report(JSONPointer.appending(pointer, "Type"), "State '\(name)' has an unknown Type '\(type)'")
        }
        if type == "Task" || type == "Parallel" || type == "Map" {
            node.retriers = parseRetry(obj, pointer: pointer)
            node.catchers = parseCatch(obj, pointer: pointer, ql: ql, names: names)
        }
        node.usesContext = stateUsesContext
        return diagnostics.count == before ? node : nil
    }

    /// InputPath, Parameters, ResultSelector, ResultPath, OutputPath (JSONPath) or Arguments,
    /// Output (JSONata), and Assign (both).
    mutating func parseCommonDataFlow(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage, type: String,
                                      into node: StateNode) {
        if ql == .jsonPath {
            node.io.inputPath = filterPath(obj, "InputPath", pointer: pointer)
            node.io.outputPath = filterPath(obj, "OutputPath", pointer: pointer)
            node.io.resultPath = resultPath(obj, pointer: pointer)
            if let p = obj["Parameters"] {
                node.io.parameters = compileTemplate(p, pointer: JSONPointer.appending(pointer, "Parameters"), ql: .jsonPath, field: "")
            }
            if let r = obj["ResultSelector"] {
                node.io.resultSelector = compileTemplate(r, pointer: JSONPointer.appending(pointer, "ResultSelector"), ql: .jsonPath, field: "")
            }
        } else {
            for key in ["InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector"] where obj[key] != nil {
                report(JSONPointer.appending(pointer, key), "The field '\(key)' is not supported in JSONata mode; use Arguments/Output")
            }
            if let a = obj["Arguments"] {
                node.arguments = compileTemplate(a, pointer: JSONPointer.appending(pointer, "Arguments"), ql: .jsonata, field: "Arguments")
            }
            if let o = obj["Output"] {
                node.output = compileTemplate(o, pointer: JSONPointer.appending(pointer, "Output"), ql: .jsonata, field: "Output")
            }
        }
        if let a = obj["Assign"] {
            node.assign = compileAssign(a, pointer: JSONPointer.appending(pointer, "Assign"), ql: ql)
        }
    }

    mutating func compileAssign(_ value: JSONValue, pointer: String, ql: ExpressionLanguage) -> Template? {
        guard case .object = value else {
            report(pointer, "Assign must be an object")
            return nil
        }
        return compileTemplate(value, pointer: pointer, ql: ql, field: "Assign")
    }

    mutating func filterPath(_ obj: JSONObject, _ key: String, pointer: String) -> FilterPath {
        guard let v = obj[key] else { return .identity }
        switch v {
        case .null: return .null
        case .string(let s):
            if s == "$" { return .identity }
            return compileJSONPath(s, pointer: JSONPointer.appending(pointer, key), reference: false).map(FilterPath.path) ?? .identity
        default:
            report(JSONPointer.appending(pointer, key), "Field '\(key)' must be a path string or null")
            return .identity
        }
    }

    mutating func resultPath(_ obj: JSONObject, pointer: String) -> ResultPathSpec {
        guard let v = obj["ResultPath"] else { return .replace }
        switch v {
        case .null: return .discard
        case .string(let s):
            if s == "$" { return .replace }
            return compileJSONPath(s, pointer: JSONPointer.appending(pointer, "ResultPath"), reference: true).map(ResultPathSpec.path) ?? .replace
        default:
            report(JSONPointer.appending(pointer, "ResultPath"), "Field 'ResultPath' must be a reference path or null")
            return .replace
        }
    }

    mutating func parseFail(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> FailState {
        FailState(error: stringSource(obj, "Error", pathKey: "ErrorPath", pointer: pointer, ql: ql),
                  cause: stringSource(obj, "Cause", pathKey: "CausePath", pointer: pointer, ql: ql))
    }

    mutating func stringSource(_ obj: JSONObject, _ key: String, pathKey: String, pointer: String,
                               ql: ExpressionLanguage) -> StringSource? {
        if obj[key] != nil && obj[pathKey] != nil {
            report(pointer, "Fields '\(key)' and '\(pathKey)' are mutually exclusive")
        }
        if let s = optionalString(obj, key, pointer: pointer) {
            if ql == .jsonata, let body = Self.jsonataBody(s) {
                return compileJSONata(body, pointer: JSONPointer.appending(pointer, key)).map { .jsonata($0, field: key) }
            }
            return .literal(s)
        }
        if let s = optionalString(obj, pathKey, pointer: pointer) {
            if ql == .jsonata {
                report(JSONPointer.appending(pointer, pathKey), "The field '\(pathKey)' is not supported in JSONata mode")
                return nil
            }
            return compilePathExpression(s, pointer: JSONPointer.appending(pointer, pathKey)).map { .path($0, field: pathKey) }
        }
        return nil
    }

    mutating func numberSource(_ obj: JSONObject, _ key: String, pointer: String, ql: ExpressionLanguage) -> NumberSource? {
        if let v = obj[key] {
            if ql == .jsonata, let s = v.stringValue, let body = Self.jsonataBody(s) {
                return compileJSONata(body, pointer: JSONPointer.appending(pointer, key)).map(NumberSource.jsonata)
            }
            guard v.isNumber else {
                report(JSONPointer.appending(pointer, key), "Field '\(key)' must be a number")
                return nil
            }
            return .literal(v)
        }
        if let s = optionalString(obj, key + "Path", pointer: pointer) {
            return compileJSONPath(s, pointer: JSONPointer.appending(pointer, key + "Path"), reference: true).map(NumberSource.path)
        }
        return nil
    }

    mutating func parseWait(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> WaitState? {
        let keys = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter { obj[$0] != nil }
        guard keys.count == 1, let key = keys.first, let v = obj[key] else {
            report(pointer, "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath")
            return nil
        }
        let p = JSONPointer.appending(pointer, key)
        if ql == .jsonata, let s = v.stringValue, let body = Self.jsonataBody(s), key == "Seconds" || key == "Timestamp" {
            guard let e = compileJSONata(body, pointer: p) else { return nil }
            return WaitState(duration: key == "Seconds" ? .jsonataSeconds(e) : .jsonataTimestamp(e))
        }
        switch key {
        case "Seconds":
            guard let i = v.intValue, v.isNumber, i >= 0 else {
                report(p, "Seconds must be a non-negative integer")
                return nil
            }
            return WaitState(duration: .seconds(i))
        case "Timestamp":
            guard let s = v.stringValue, let ms = Timestamp.parse(s) else {
                report(p, "Timestamp must be an ISO-8601 extended offset date-time string")
                return nil
            }
            return WaitState(duration: .timestamp(s, millis: ms))
        default:
            guard ql == .jsonPath else {
                report(p, "The field '\(key)' is not supported in JSONata mode")
                return nil
            }
            guard let s = v.stringValue, let path = compileJSONPath(s, pointer: p, reference: true) else {
                if v.stringValue == nil { report(p, "Field '\(key)' must be a reference path") }
                return nil
            }
            return WaitState(duration: key == "SecondsPath" ? .secondsPath(path) : .timestampPath(path))
        }
    }

    mutating func parseTask(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage) -> TaskState {
        let resource = obj["Resource"]?.stringValue ?? ""
        if obj["Resource"]?.stringValue == nil { report(pointer, "A Task state needs a 'Resource' string") }
        return TaskState(resource: resource,
                         timeoutSeconds: numberSource(obj, "TimeoutSeconds", pointer: pointer, ql: ql),
                         heartbeatSeconds: numberSource(obj, "HeartbeatSeconds", pointer: pointer, ql: ql),
                         credentials: obj["Credentials"])
    }
}
