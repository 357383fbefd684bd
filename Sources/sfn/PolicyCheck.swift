import SFNCore
import SFNJSON

/// `sfn validate --policy FILE` (or `--policies FILE --role-arn ARN`): every Task of a definition
/// that the execution role would not be allowed to run, found before anything runs. Parameters
/// known only at run time (`.$` fields, JSONata) leave the resource open: such a Task is listed
/// only when no resource at all would be allowed.
enum PolicyCheck {
    static let values: Set<String> = ["--policy", "--policies", "--role-arn"]

    /// One Task the role may not run.
    struct Denial {
        var pointer: String
        var state: String
        var message: String
    }

    /// Every denied Task of `definition`, in document order (nested branches and Map processors
    /// included).
    static func denials(_ definition: JSONValue, role: ExecutionRole) -> [Denial] {
        var found: [Denial] = []
        walk(definition, pointer: "", role: role, into: &found)
        return found
    }

    private static func walk(_ graph: JSONValue, pointer: String, role: ExecutionRole, into found: inout [Denial]) {
        guard let states = graph["States"]?.objectValue else { return }
        for (name, state) in states {
            let here = "\(pointer)/States/\(escape(name))"
            switch state["Type"]?.stringValue {
            case "Task":
                guard let resource = state["Resource"]?.stringValue else { continue }
                let parameters = staticParameters(state["Parameters"] ?? state["Arguments"])
                let required = TaskPermissions.required(resource: resource, parameters: parameters)
                if let (permission, decision) = role.denial(required) {
                    found.append(Denial(pointer: here, state: name, message: role.message(permission, decision)))
                }
            case "Parallel":
                for (i, branch) in (state["Branches"]?.arrayValue ?? []).enumerated() {
                    walk(branch, pointer: "\(here)/Branches/\(i)", role: role, into: &found)
                }
            case "Map":
                for key in ["ItemProcessor", "Iterator"] {
                    if let processor = state[key] {
                        walk(processor, pointer: "\(here)/\(key)", role: role, into: &found)
                    }
                }
            default:
                break
            }
        }
    }

    /// The fields whose values are fixed in the definition: `.$` fields and JSONata strings are
    /// left out, so the resource they name stays unknown.
    private static func staticParameters(_ value: JSONValue?) -> JSONValue? {
        guard let obj = value?.objectValue else { return nil }
        var result = JSONObject()
        for (key, v) in obj where !key.hasSuffix(".$") {
            if let s = v.stringValue, s.hasPrefix("{%") { continue }
            result.append(key, v)
        }
        return .object(result)
    }

    private static func escape(_ name: String) -> String {
        name.split(separator: "~", omittingEmptySubsequences: false).joined(separator: "~0")
            .split(separator: "/", omittingEmptySubsequences: false).joined(separator: "~1")
    }
}
