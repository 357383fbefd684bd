import Foundation
import Testing

/// `sfn completions bash|zsh|fish` and docs/sfn.1, both made from the help texts.
@Suite struct CompletionsManTests {
    @Test func bashCompletionLoadsAndCompletes() async throws {
        let script = try await CLI.run(["completions", "bash"])
        #expect(script.status == 0)
        let file = try CLI.temporaryFile(script.stdout, name: "sfn.bash")
        let probe = """
            set -e; source '\(file)'
            COMP_WORDS=(sfn valid); COMP_CWORD=1; _sfn; echo "1:${COMPREPLY[*]}"
            COMP_WORDS=(sfn run --no-i); COMP_CWORD=2; _sfn; echo "2:${COMPREPLY[*]}"
            COMP_WORDS=(sfn validate --warn); COMP_CWORD=2; _sfn; echo "3:${COMPREPLY[*]}"
            """
        let r = try await CLI.runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", probe], timeout: 30)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1:validate\n2:--no-input\n3:--warnings-as-errors\n")
    }

    @Test func zshAndFishScriptsNameEveryCommand() async throws {
        let zsh = try await CLI.run(["completions", "zsh"])
        let fish = try await CLI.run(["completions", "fish"])
        #expect(zsh.status == 0 && zsh.stdout.hasPrefix("#compdef sfn\n"))
        #expect(fish.status == 0)
        for command in ["run", "validate", "test-state", "mock-config"] {
            #expect(zsh.stdout.contains("'\(command):"))
            #expect(fish.stdout.contains("-a '\(command)'"))
        }
        #expect(fish.stdout.contains("__fish_seen_subcommand_from validate' -l warnings-as-errors"))
        let bad = try await CLI.run(["completions", "bsh"])
        #expect(bad.status == 2 && bad.stderr.contains("did you mean 'bash'?"))
    }

    /// docs/sfn.1 is what `sfn man` prints now (regenerate with `make man`), and man renders it.
    @Test func manPageIsCurrentAndRenders() async throws {
        let page = try await CLI.run(["man"])
        #expect(page.status == 0)
        let file = CLI.packageRoot.appendingPathComponent("docs/sfn.1")
        let checkedIn = try String(contentsOf: file, encoding: .utf8)
        #expect(checkedIn == page.stdout, "docs/sfn.1 is stale: run make man")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else { return }
        let r = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/man"), ["--warnings", "-l", file.path], timeout: 60)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "man warns: \(r.stderr)")
        for heading in ["NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS"] { #expect(r.stdout.contains(heading)) }
        #expect(r.stdout.contains("sfn validate"))
        #expect(r.stdout.contains("--warnings-as-errors"))
    }
}

/// `sfn --version` names the commit the binary was built from (CommitPlugin, in every build).
@Suite struct VersionTests {
    @Test func versionNamesTheCommit() async throws {
        let r = try await CLI.run(["--version"])
        #expect(r.status == 0)
        let git = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/git"), ["-C", CLI.packageRoot.path, "rev-parse", "--short=12", "HEAD"],
            timeout: 30)
        guard git.status == 0 else {
            #expect(r.stdout.hasSuffix("(commit unknown)\n"))
            return
        }
        // The binary may be a commit behind the checkout (built before the last commit); its
        // commit is a real one of this repository either way.
        let last = try #require(r.stdout.split(separator: " ").last)
        let commit = last.dropLast(2).replacingOccurrences(of: "-dirty", with: "")
        #expect(r.stdout.hasPrefix("sfn 0.1.0 (commit "))
        #expect(commit.count == 12)
        let known = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/git"), ["-C", CLI.packageRoot.path, "cat-file", "-e", commit + "^{commit}"],
            timeout: 30)
        #expect(known.status == 0, "\(commit) is not a commit of this repository")
    }
}
