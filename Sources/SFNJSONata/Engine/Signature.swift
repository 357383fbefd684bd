import SFNJSON

/// A function signature such as `<s-n?:s>`, checked against actual arguments as jsonata-js does
/// (its regex over one-letter type symbols, here matched by a small backtracking matcher).
final class Signature {
    struct Param {
        var type: Character
        /// Symbols this parameter accepts.
        var allowed: Set<Character>
        var optional = false
        var variadic = false
        /// `-`: the context value is used when the argument is missing.
        var context = false
        var subtype: String?
    }

    let definition: String
    var params: [Param] = []

    init(_ sig: String) throws(JSONataError) {
        definition = sig
        let chars = Array(sig)
        var position = 1
        var pending: Param?
        func flush() { if let p = pending { params.append(p); pending = nil } }
        while position < chars.count {
            let symbol = chars[position]
            if symbol == ":" { break }
            switch symbol {
            case "s", "n", "b", "l", "o":
                flush()
                pending = Param(type: symbol, allowed: [symbol, "m"])
            case "a":
                flush()
                pending = Param(type: "a", allowed: Set("asnblfom"))
            case "f":
                flush()
                pending = Param(type: "f", allowed: ["f"])
            case "j":
                flush()
                pending = Param(type: "j", allowed: Set("asnblom"))
            case "x":
                flush()
                pending = Param(type: "x", allowed: Set("asnblfom"))
            case "-":
                pending?.context = true
                pending?.optional = true
            case "?":
                pending?.optional = true
            case "+":
                pending?.variadic = true
            case "(":
                flush()
                guard let end = Signature.closing(chars, position, "(", ")") else { return }
                let choice = String(chars[(position + 1)..<end])
                if choice.contains("<") { throw .make("S0402", position: position, value: .string(choice)) }
                pending = Param(type: "(", allowed: Set(choice + "m"))
                position = end
            case "<":
                guard let p = pending, p.type == "a" || p.type == "f" else {
                    throw .make("S0401", position: position, value: .string(pending.map { String($0.type) } ?? ""))
                }
                guard let end = Signature.closing(chars, position, "<", ">") else { return }
                pending?.subtype = String(chars[(position + 1)..<end])
                position = end
            default:
                break
            }
            position += 1
        }
        flush()
    }

    static func closing(_ chars: [Character], _ start: Int, _ open: Character, _ close: Character) -> Int? {
        var depth = 1
        var p = start
        while p < chars.count - 1 {
            p += 1
            if chars[p] == open {
                depth += 1
            } else if chars[p] == close {
                depth -= 1
                if depth == 0 { return p }
            }
        }
        return nil
    }

    static func symbol(_ v: Val) -> Character {
        switch v {
        case .function: return "f"
        case .string: return "s"
        case .number: return "n"
        case .bool: return "b"
        case .null: return "l"
        case .jarray, .array: return "a"
        case .jobject, .object: return "o"
        case .undefined: return "m"
        }
    }

    /// Counts of arguments taken by each parameter for the first match in regex order.
    func match(_ syms: [Character], anchored: Bool, upTo: Int? = nil) -> [Int]? {
        let n = upTo ?? params.count
        var counts = [Int](repeating: 0, count: n)
        func go(_ p: Int, _ a: Int) -> Bool {
            if p == n { return !anchored || a == syms.count }
            let param = params[p]
            var maxTake = 0
            while a + maxTake < syms.count, param.allowed.contains(syms[a + maxTake]) {
                maxTake += 1
                if !param.variadic { break }
            }
            let minTake = param.optional ? 0 : 1
            var take = maxTake
            while take >= minTake {
                counts[p] = take
                if go(p + 1, a + take) { return true }
                take -= 1
            }
            return false
        }
        return go(0, 0) ? counts : nil
    }

    /// Checks and adjusts the arguments (context substitution, array wrapping).
    func validate(_ args: [Val], context: Val) throws(JSONataError) -> [Val] {
        let syms = args.map(Signature.symbol)
        guard let counts = match(syms, anchored: true) else {
            var goodTo = 0
            for i in 0..<params.count {
                guard let c = match(syms, anchored: false, upTo: i + 1) else {
                    throw .make("T0410", value: goodTo < args.count ? args[goodTo] : .undefined, index: goodTo + 1)
                }
                goodTo = c.reduce(0, +)
            }
            throw .make("T0410", value: goodTo < args.count ? args[goodTo] : .undefined, index: goodTo + 1)
        }
        var out: [Val] = []
        out.reserveCapacity(params.count)
        var argIndex = 0
        for (i, param) in params.enumerated() {
            let count = counts[i]
            if count == 0 {
                if param.context {
                    let ct = Signature.symbol(context)
                    if param.allowed.contains(ct) && ct != "m" || (ct == "m" && param.allowed.contains("m")) {
                        out.append(context)
                    } else {
                        throw .make("T0411", value: context, index: argIndex + 1)
                    }
                } else {
                    out.append(argIndex < args.count ? args[argIndex] : .undefined)
                    argIndex += 1
                }
                continue
            }
            for _ in 0..<count {
                var arg = args.at(argIndex)
                if param.type == "a" {
                    let single: Character = argIndex < syms.count ? syms[argIndex] : "m"
                    if single == "m" {
                        arg = .undefined
                    } else {
                        var ok = true
                        if let sub = param.subtype {
                            if single != "a" && String(single) != sub {
                                ok = false
                            } else if single == "a" && sub == "n" {
                                // `$sum` and friends over large arrays: a case test per item.
                                ok = arg.elements.allSatisfy { if case .number = $0 { true } else { false } }
                            } else if single == "a" {
                                let items = arg.elements
                                if let first = items.first {
                                    let itemType = Signature.symbol(first)
                                    if String(itemType) != String(sub.prefix(1)) {
                                        ok = false
                                    } else {
                                        ok = items.allSatisfy { Signature.symbol($0) == itemType }
                                    }
                                }
                            }
                        }
                        if !ok {
                            let names: [String: String] = [
                                "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects",
                                "s": "strings",
                            ]
                            throw .make("T0412", value: arg, index: argIndex + 1, type: names[param.subtype ?? ""])
                        }
                        if single != "a" { arg = .array(Seq([arg], sequence: false)) }
                    }
                }
                out.append(arg)
                argIndex += 1
            }
        }
        return out
    }
}
