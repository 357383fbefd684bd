import Foundation
@testable import SFNJSONata

/// Loads the JSONata reference-suite cases of the picture-function groups and runs those whose
/// expression is a call of one picture function with literal arguments (or one of a few simple
/// compositions), calling `Pictures` directly since no evaluator is involved.
enum PictureSuite {
    /// /…/shared/jsonata-suite/groups, found by walking up from this file; nil when absent.
    static let groupsDirectory: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("shared/jsonata-suite/groups")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    struct Case {
        var file: String
        var expr: String
        var result: Any?
        var undefinedResult: Bool
        var code: String?
    }

    static func cases(in group: String) -> [Case] {
        guard let groups = groupsDirectory else { return [] }
        let dir = groups.appendingPathComponent(group)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var out: [Case] = []
        for file in files {
            guard let data = try? Data(contentsOf: dir.appendingPathComponent(file)),
                  let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { continue }
            let list = (json as? [[String: Any]]) ?? [(json as? [String: Any]) ?? [:]]
            for c in list {
                guard let expr = c["expr"] as? String else { continue }
                var code = c["code"] as? String
                if code == nil, let error = c["error"] as? [String: Any] { code = error["code"] as? String }
                out.append(Case(file: file, expr: expr, result: c["result"],
                                undefinedResult: (c["undefinedResult"] as? Bool) ?? false, code: code))
            }
        }
        return out
    }

    /// A fixed clock for pictures that leave out date parts: 2026-11-21T12:00:00Z.
    static let nowMillis = 1_795_262_400_000.0

    /// What running a case produced.
    enum Outcome: Equatable {
        case value(String)   // canonical text of a string, number or boolean
        case undefined
        case error(String)
    }

    /// nil when the expression is not one of the simple forms this runner understands.
    static func run(_ expr: String) -> Outcome? {
        var p = CallParser(expr)
        guard let node = p.parseTop(), p.atEnd, !mentionsUndefined(node) else { return nil }
        do {
            guard let value = try evaluate(node) else { return .undefined }
            return .value(value.canonical)
        } catch {
            return .error(error.code)
        }
    }

    /// Calls with `undefined` or a path argument test the evaluator, not the picture code.
    private static func mentionsUndefined(_ node: CallParser.Node) -> Bool {
        switch node {
        case .literal: return false
        case .variable: return true
        case .equals(let a, let b): return mentionsUndefined(a) || mentionsUndefined(b)
        case .call(_, let args): return args.contains(where: mentionsUndefined)
        }
    }

    static func expected(_ c: Case) -> Outcome {
        if let code = c.code { return .error(code) }
        if c.undefinedResult { return .undefined }
        return .value(Value(any: c.result).canonical)
    }

    private static func evaluate(_ node: CallParser.Node) throws(JSONataError) -> Value? {
        switch node {
        case .literal(let v): return v
        case .variable: return nil
        case .equals(let a, let b):
            guard let x = try evaluate(a), let y = try evaluate(b) else { return .bool(false) }
            return .bool(x == y)
        case .call(let name, let args):
            var values: [Value?] = []
            for a in args { values.append(try evaluate(a)) }
            return try call(name, values)
        }
    }

    private static func call(_ name: String, _ args: [Value?]) throws(JSONataError) -> Value? {
        func string(_ i: Int) -> String? {
            if i < args.count, case .string(let s)? = args[i] { return s }
            return nil
        }
        guard let first = args.first, let first else { return nil }
        switch (name, first) {
        case ("formatInteger", .number(let n)):
            return .string(try Pictures.formatInteger(n, picture: string(1) ?? ""))
        case ("parseInteger", .string(let s)):
            return try Pictures.parseInteger(s, picture: string(1) ?? "").map(Value.number)
        case ("formatNumber", .number(let n)):
            var options: [String: String] = [:]
            if args.count > 2, case .object(let o)? = args[2] { options = o }
            return .string(try Pictures.formatNumber(n, picture: string(1) ?? "", options: options))
        case ("fromMillis", .number(let n)):
            return .string(try Pictures.formatDateTime(millis: n, picture: string(1), timezone: string(2)))
        case ("toMillis", .string(let s)):
            return try Pictures.parseDateTime(s, picture: string(1), nowMillis: nowMillis).map(Value.number)
        default:
            return nil
        }
    }
}

extension Error {
    fileprivate var code: String { (self as? JSONataError)?.code ?? "\(self)" }
}
