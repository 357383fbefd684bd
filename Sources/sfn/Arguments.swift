/// A small command-line parser: flags, options with one value (`--input FILE` or
/// `--input=FILE`) and positional arguments. `--` ends the options.
struct Arguments {
    var positional: [String] = []
    var flags: Set<String> = []
    var values: [String: String] = [:]
    /// Every value of each option, in order, for options that may repeat (`--substitute`).
    var allValues: [String: [String]] = [:]

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `args`; `flagNames` take no value, `valueNames` take one.
    init(_ args: [String], flags flagNames: Set<String>, values valueNames: Set<String>) throws(Problem) {
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositional || !a.hasPrefix("-") || a == "-" {
                positional.append(a)
                continue
            }
            if a == "--" { onlyPositional = true; continue }
            var name = a
            var inline: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            if flagNames.contains(name) {
                guard inline == nil else { throw Problem(description: "option '\(name)' takes no value") }
                flags.insert(name)
            } else if valueNames.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard i < args.count else { throw Problem(description: "option '\(name)' needs a value") }
                    values[name] = args[i]
                    i += 1
                }
                allValues[name, default: []].append(values[name]!)
            } else {
                let hint = Suggestion.hint(name, in: flagNames.union(valueNames).filter { $0.hasPrefix("--") })
                throw Problem(description: "unknown option '\(name)'\(hint)")
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
}
