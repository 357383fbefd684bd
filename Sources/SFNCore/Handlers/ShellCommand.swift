/// A command line from a `shell:` resource or a resources map, ready to spawn.
///
/// A line made only of plain words (no quotes, variables, redirections, globs, ...) is split on
/// blanks and its program is run directly, found on PATH: that skips a /bin/sh per task, which
/// roughly halves the cost of small tasks. Anything else runs as `/bin/sh -c LINE`, so the two forms
/// behave the same. Task data never goes into the command line: it arrives on stdin.
public struct ShellCommand: Sendable, Hashable {
    /// The command line as written.
    public var line: String
    /// The argument vector to spawn; `argv[0]` is looked up on PATH when `searchPath` is set.
    public var argv: [String]
    /// True when the line runs through /bin/sh.
    public var usesShell: Bool
    /// Working directory for the command; nil keeps sfn's own.
    public var workingDirectory: String?
    /// Variables added to (or replacing those of) sfn's environment.
    public var environment: [String: String]

    public init(_ line: String, workingDirectory: String? = nil, environment: [String: String] = [:]) {
        self.line = line
        self.workingDirectory = workingDirectory
        self.environment = environment
        if let words = ShellCommand.plainWords(line) {
            argv = words
            usesShell = false
        } else {
            argv = ["/bin/sh", "-c", line]
            usesShell = true
        }
    }

    /// The words of a line that needs no shell, or nil.
    static func plainWords(_ line: String) -> [String]? {
        var words: [String] = []
        var current: [UInt8] = []
        for b in line.utf8 {
            if b == 0x20 || b == 0x09 {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll() }
                continue
            }
            guard isPlain(b, inFirstWord: words.isEmpty) else { return nil }
            current.append(b)
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        // A leading `#` or `~` means something to the shell.
        guard let first = words.first, let c = first.utf8.first, c != UInt8(ascii: "~") else { return nil }
        return words
    }

    /// Bytes with no meaning to /bin/sh. `=` is plain except in the first word (an assignment);
    /// non-ASCII bytes are plain; `#` and `~` only matter at a word's start but are kept out for
    /// simplicity.
    private static func isPlain(_ b: UInt8, inFirstWord: Bool) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
            UInt8(ascii: ","), UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "%"), UInt8(ascii: "^"):
            return true
        case UInt8(ascii: "="):
            return !inFirstWord
        case 0x80...0xFF:
            return true
        default:
            return false
        }
    }
}
