/// `sfn completions bash|zsh|fish`: completion scripts made from the help texts (Usage.registry),
/// so that a new option is completed as soon as its help line exists.
enum CompletionsCommand {
    static func main(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            print(Usage.completions)
            return 0
        }
        guard arguments.count == 1 else {
            Console.error("sfn completions: name one shell: bash, zsh or fish\n\n\(Usage.completions)")
            return 2
        }
        switch arguments[0] {
        case "bash": print(bash())
        case "zsh": print(zsh())
        case "fish": print(fish())
        default:
            let hint = Suggestion.hint(arguments[0], in: ["bash", "zsh", "fish"])
            Console.error("sfn completions: unknown shell '\(arguments[0])'\(hint): bash, zsh or fish")
            return 2
        }
        return 0
    }

    static var commands: [Usage.Command] { Usage.registry }

    static func bash() -> String {
        var cases = ""
        for c in commands {
            cases += "        \(c.name)) opts='\(Usage.options(in: c.help).joined(separator: " "))' ;;\n"
        }
        return """
            # bash completion for sfn (sfn completions bash)
            _sfn() {
                local cur=${COMP_WORDS[COMP_CWORD]}
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W '\(commands.map(\.name).joined(separator: " ")) --help --version' -- "$cur"))
                    return
                fi
                local opts=''
                case ${COMP_WORDS[1]} in
            \(cases)    esac
                if [[ $cur == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                else
                    COMPREPLY=($(compgen -f -- "$cur"))
                fi
            }
            complete -o filenames -F _sfn sfn
            """
    }

    static func zsh() -> String {
        var cases = ""
        for c in commands {
            let opts = Usage.options(in: c.help).map { "'\($0)'" }.joined(separator: " ")
            cases += "    \(c.name)) opts=(\(opts)) ;;\n"
        }
        let described = commands.map { "'\($0.name):\($0.summary.replacingOccurrences(of: "'", with: "'\\''"))'" }
            .joined(separator: " ")
        return """
            #compdef sfn
            # zsh completion for sfn (sfn completions zsh)
            _sfn() {
              local -a commands opts
              commands=(\(described))
              if (( CURRENT == 2 )); then
                _describe 'command' commands
                return
              fi
              case $words[2] in
            \(cases)  esac
              _arguments '*:file:_files' && return
              compadd -a opts
            }
            compdef _sfn sfn
            """
    }

    static func fish() -> String {
        var lines = ["# fish completion for sfn (sfn completions fish)", "complete -c sfn -f"]
        for c in commands {
            let summary = c.summary.replacingOccurrences(of: "'", with: "\\'")
            lines.append("complete -c sfn -n '__fish_use_subcommand' -a '\(c.name)' -d '\(summary)'")
            for option in Usage.options(in: c.help) {
                let flag = option.hasPrefix("--") ? "-l \(option.dropFirst(2))" : "-s \(option.dropFirst())"
                lines.append("complete -c sfn -n '__fish_seen_subcommand_from \(c.name)' \(flag) -F")
            }
        }
        return lines.joined(separator: "\n")
    }
}
