import SFNJSON

/// One step of a compiled JSONPath. Definite paths use only `member` and `index`, which the
/// evaluator walks without allocating.
enum PathSegment: Sendable, Hashable {
    /// `.name` or `['name']`.
    case member(String)
    /// `[n]`; negative counts from the end, as in Jayway.
    case index(Int)
    /// `.*` or `[*]`.
    case wildcard
    /// `['a','b']`.
    case members([String])
    /// `[0,2]`.
    case indexes([Int])
    /// `[from:to]`, either bound optional.
    case slice(from: Int?, to: Int?)
    /// `[?(...)]`.
    case filter(FilterExpression)
    /// `..`: the following segment applies at every depth.
    case scan

    var isDefinite: Bool {
        switch self {
        case .member, .index: return true
        default: return false
        }
    }

    /// Jayway's normalised form, used in its failure messages (`$['a'][0]`).
    func appendNormalized(to out: inout String) {
        switch self {
        case .member(let name): out += "['" + name + "']"
        case .index(let i): out += "[" + String(i) + "]"
        case .wildcard: out += "[*]"
        case .members(let names): out += "[" + names.map { "'" + $0 + "'" }.joined(separator: ",") + "]"
        case .indexes(let ix): out += "[" + ix.map(String.init).joined(separator: ",") + "]"
        case .slice(let from, let to):
            out += "[" + (from.map(String.init) ?? "") + ":" + (to.map(String.init) ?? "") + "]"
        case .filter: out += "[?]"
        case .scan: out += ".."
        }
    }
}

enum PathFormatting {
    /// `$['a']['b']` for the first `count` segments.
    static func normalized(_ segments: ArraySlice<PathSegment>) -> String {
        var out = "$"
        for s in segments { s.appendNormalized(to: &out) }
        return out
    }
}
