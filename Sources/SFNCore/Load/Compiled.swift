import SFNJSON
import SFNJSONPath
import SFNJSONata

/// What the load pass made of one field of a state: the compiled value the model keeps. Fields
/// are checked and compiled in one go, in the order they appear; the state is assembled from
/// these afterwards, so no field is read twice.
enum Compiled {
    case filter(FilterPath)
    case resultPath(ResultPathSpec)
    case path(JSONPath)
    case string(StringSource)
    case number(NumberSource)
    case template(Template)
    case jsonata(JSONataExpression)
    case value(JSONValue)
    /// A Next or Default, resolved to the index of its state.
    case target(Int)
}

/// The compiled fields of one state (or of a sub-object such as ItemBatcher), by field name.
struct CompiledFields {
    var byName: [String: Compiled] = [:]

    subscript(_ field: String) -> Compiled? {
        get { byName[field] }
        set { byName[field] = newValue }
    }

    func template(_ field: String) -> Template? {
        if case .template(let t)? = byName[field] { return t }
        return nil
    }

    func value(_ field: String) -> JSONValue? {
        if case .value(let v)? = byName[field] { return v }
        return nil
    }

    func target(_ field: String) -> Int? {
        if case .target(let i)? = byName[field] { return i }
        return nil
    }

    func filter(_ field: String) -> FilterPath {
        if case .filter(let f)? = byName[field] { return f }
        return .identity
    }

    var resultPath: ResultPathSpec {
        if case .resultPath(let r)? = byName["ResultPath"] { return r }
        return .replace
    }

    /// `field` given literally or as JSONata, else `field` + "Path".
    func number(_ field: String) -> NumberSource? {
        if case .number(let n)? = byName[field] { return n }
        if case .path(let p)? = byName[field + "Path"] { return .path(p) }
        return nil
    }

    /// `field` given literally or as JSONata, else `field` + "Path".
    func string(_ field: String) -> StringSource? {
        if case .string(let s)? = byName[field] { return s }
        if case .string(let s)? = byName[field + "Path"] { return s }
        return nil
    }
}

extension Template {
    /// An object template from its members in order. "a" and "a.$" both name member "a": the last
    /// one written wins, as when assigning. Constant objects collapse into one literal.
    static func assemble(_ members: [(key: String, value: Template)]) -> Template {
        var members = members
        if Set(members.map(\.key)).count != members.count {
            var seen: Set<String> = []
            members = members.reversed().filter { seen.insert($0.key).inserted }.reversed()
        }
        if members.allSatisfy(\.value.isLiteral) {
            return .literal(.object(JSONObject(members.map { ($0.key, $0.value.literalValue) })))
        }
        return .object(keys: members.map(\.key), values: members.map(\.value))
    }

    /// An array template; constant arrays collapse into one literal.
    static func assemble(_ items: [Template]) -> Template {
        items.allSatisfy(\.isLiteral) ? .literal(.array(items.map(\.literalValue))) : .array(items)
    }
}
