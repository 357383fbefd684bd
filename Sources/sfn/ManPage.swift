/// docs/sfn.1, made from the help texts: `sfn man` prints it (a hidden command; `make man`
/// writes the file, and a test keeps the file equal to the output).
enum ManPage {
    static func roff() -> String {
        var out = """
            .TH SFN 1 "" "sfn \(Usage.version)" "User Commands"
            .SH NAME
            sfn \\- run AWS Step Functions state machines locally, with AWS's semantics
            .SH SYNOPSIS
            .B sfn
            .I command
            [\\fIoptions\\fR]
            .SH DESCRIPTION
            \(escape("sfn reads a definition in the Amazon States Language, checks it the way AWS would, and runs it. Every command below prints its own help with sfn COMMAND --help; this page gathers them."))
            .SH COMMANDS

            """
        for c in Usage.registry {
            out += ".SS \(escape("sfn " + c.name))\n\(escape(c.summary)).\n.PP\n.nf\n"
            for line in c.help.split(separator: "\n", omittingEmptySubsequences: false) {
                out += (line.isEmpty ? "" : escape(String(line))) + "\n"
            }
            out += ".fi\n"
        }
        out += """
            .SH EXIT STATUS
            .nf
            \(Usage.exitStatus.split(separator: "\n").dropFirst().map { escape(String($0)) }.joined(separator: "\n"))
            .fi
            .SH ENVIRONMENT
            .TP
            .B SFN_STORE
            The execution store (default .sfn/sfn.db under the working directory).
            .TP
            .B NO_COLOR
            When set, no colours on a terminal.
            .SH SEE ALSO
            The documentation in the docs/ folder of the sfn repository.
            """
        return out
    }

    /// Roff text: backslashes doubled, a leading dot or quote guarded, hyphens as minus signs
    /// (so that options copy and paste).
    static func escape(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if t.hasPrefix(".") || t.hasPrefix("'") { t = "\\&" + t }
        return t
    }
}
