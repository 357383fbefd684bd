import SFNJSON

/// Walks compiled segments over a value with Jayway's rules for what is an error and what is
/// silently skipped.
enum PathEvaluator {
    /// A definite path of `member`/`index` segments: the hot case, no allocation on success.
    @inline(__always)
    static func definite(_ segments: [PathSegment], on value: JSONValue) -> Result<JSONValue, JSONPathFailure> {
        var current = value
        var k = 0
        let n = segments.count
        while k < n {
            switch segments[k] {
            case .member(let name):
                guard case .object(let o) = current else {
                    return .failure(notAnObject(name, segments[..<k], current))
                }
                guard let next = o[name] else {
                    if k == n - 1 { return .failure(noResults(segments)) }
                    return .failure(
                        JSONPathFailure(
                            message: "Missing property in path " + PathFormatting.normalized(segments[...k])))
                }
                current = next
            case .index(let i):
                guard case .array(let a) = current else {
                    return .failure(notAnArray(segments[k], segments[..<k], current))
                }
                let j = i < 0 ? a.count + i : i
                guard j >= 0 && j < a.count else { return .failure(noResults(segments)) }
                current = a[j]
            default:
                // Only definite segments reach here; anything else takes the general walk.
                return general(segments, on: value, root: value)
            }
            k += 1
        }
        return .success(current)
    }

    /// Any path. Indefinite paths give an array of every match.
    static func general(_ segments: [PathSegment], on value: JSONValue, root: JSONValue) -> Result<
        JSONValue, JSONPathFailure
    > {
        var walker = Walker(segments: segments, root: root)
        // AWS never fails an indefinite path, even where its definite prefix names nothing
        // (`$.items[*]` on `{}` gives `[]`), so only definite paths walk in the strict mode.
        let definite = segments.allSatisfy(\.isDefinite)
        do throws(JSONPathFailure) {
            try walker.walk(0, value, upstreamDefinite: definite)
        } catch {
            return .failure(error)
        }
        if definite {
            guard let first = walker.results.first else { return .failure(noResults(segments)) }
            return .success(first)
        }
        return .success(.array(walker.results))
    }

    /// For filter operands: the value, an array for indefinite paths, nil when nothing matches.
    static func lenient(_ segments: [PathSegment], on value: JSONValue, root: JSONValue) -> JSONValue? {
        switch general(segments, on: value, root: root) {
        case .success(let v): return v
        case .failure: return nil
        }
    }

    static func noResults(_ segments: [PathSegment]) -> JSONPathFailure {
        JSONPathFailure(message: "No results for path: " + PathFormatting.normalized(segments[...]))
    }

    static func notAnObject(_ name: String, _ upstream: ArraySlice<PathSegment>, _ found: JSONValue) -> JSONPathFailure
    {
        JSONPathFailure(
            message: "Expected to find an object with property ['\(name)'] in path "
                + PathFormatting.normalized(upstream) + " but found '" + JavaText.className(found)
                + "'. This is not a json object according to the JsonProvider: '" + JavaText.jsonProvider + "'.")
    }

    static func notAnArray(_ segment: PathSegment, _ upstream: ArraySlice<PathSegment>, _ found: JSONValue)
        -> JSONPathFailure
    {
        if case .null = found {
            return JSONPathFailure(message: "The path " + PathFormatting.normalized(upstream) + " is null")
        }
        var text = ""
        segment.appendNormalized(to: &text)
        return JSONPathFailure(
            message: "Filter: " + text + " can only be applied to arrays. Current context is: "
                + JavaText.string(found))
    }
}

/// The general walk: collects matches, throwing only where Jayway does (a problem on a stretch of
/// the path that is still definite).
struct Walker {
    let segments: [PathSegment]
    let root: JSONValue
    var results: [JSONValue] = []

    mutating func walk(_ k: Int, _ value: JSONValue, upstreamDefinite: Bool) throws(JSONPathFailure) {
        guard k < segments.count else {
            results.append(value)
            return
        }
        let segment = segments[k]
        let isLeaf = k == segments.count - 1
        let downstreamDefinite = upstreamDefinite && segment.isDefinite
        switch segment {
        case .member(let name):
            guard case .object(let o) = value else {
                if upstreamDefinite { throw PathEvaluator.notAnObject(name, segments[..<k], value) }
                return
            }
            guard let next = o[name] else {
                if !isLeaf && upstreamDefinite {
                    throw JSONPathFailure(
                        message: "Missing property in path " + PathFormatting.normalized(segments[...k]))
                }
                return
            }
            try walk(k + 1, next, upstreamDefinite: downstreamDefinite)
        case .members(let names):
            guard case .object(let o) = value else {
                if upstreamDefinite {
                    throw PathEvaluator.notAnObject(names.joined(separator: "','"), segments[..<k], value)
                }
                return
            }
            if isLeaf {
                // Jayway merges the named members of one object into a single result.
                var merged = JSONObject()
                for name in names { if let v = o[name] { merged[name] = v } }
                results.append(.object(merged))
            } else {
                for name in names { if let v = o[name] { try walk(k + 1, v, upstreamDefinite: false) } }
            }
        case .index, .indexes, .slice:
            guard case .array(let a) = value else {
                if upstreamDefinite { throw PathEvaluator.notAnArray(segment, segments[..<k], value) }
                return
            }
            try walkIndexes(k, segment, a, downstreamDefinite)
        case .wildcard:
            switch value {
            case .object(let o): for v in o.values { try walk(k + 1, v, upstreamDefinite: false) }
            case .array(let a): for v in a { try walk(k + 1, v, upstreamDefinite: false) }
            default: return
            }
        case .filter(let expr):
            switch value {
            case .array(let a):
                for v in a where expr.matches(v, root: root) { try walk(k + 1, v, upstreamDefinite: false) }
            case .object:
                if expr.matches(value, root: root) { try walk(k + 1, value, upstreamDefinite: false) }
            default:
                return
            }
        case .scan:
            try scan(k + 1, value)
        }
    }

    private mutating func walkIndexes(_ k: Int, _ segment: PathSegment, _ a: [JSONValue], _ definite: Bool)
        throws(JSONPathFailure)
    {
        let n = a.count
        func effective(_ i: Int) -> Int? {
            let j = i < 0 ? n + i : i
            return j >= 0 && j < n ? j : nil
        }
        switch segment {
        case .index(let i):
            if let j = effective(i) { try walk(k + 1, a[j], upstreamDefinite: definite) }
        case .indexes(let list):
            for i in list { if let j = effective(i) { try walk(k + 1, a[j], upstreamDefinite: false) } }
        case .slice(let from, let to):
            var lower: Int
            var upper: Int
            switch (from, to) {
            case (let f?, nil):
                lower = f < 0 ? max(0, n + f) : f
                upper = n
            case (nil, let t?):
                lower = 0
                upper = t < 0 ? n + t : min(t, n)
            case (let f?, let t?):
                lower = f
                upper = min(n, t)
            case (nil, nil):
                lower = 0
                upper = n
            }
            guard lower < upper else { return }
            for i in lower..<upper { if let j = effective(i) { try walk(k + 1, a[j], upstreamDefinite: false) } }
        default:
            return
        }
    }

    /// `..`: applies the rest of the path at this node and every node below it, parents first.
    private mutating func scan(_ k: Int, _ value: JSONValue) throws(JSONPathFailure) {
        switch value {
        case .object(let o):
            try walk(k, value, upstreamDefinite: false)
            for v in o.values { try scan(k, v) }
        case .array(let a):
            try walk(k, value, upstreamDefinite: false)
            for v in a { try scan(k, v) }
        default:
            return
        }
    }
}
