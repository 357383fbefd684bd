import Foundation
import SFNConformance

/// `sfn test PATH...`: runs case files (SFNConformance), several at once, and prints what
/// differed; `--junit FILE` writes the results for CI.
enum TestCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: ["--verbose", "-v", "--history", "--help", "-h"],
                values: ["--junit", "--filter", "--jobs"])
        } catch {
            Console.error("sfn test: \(error)\n\n\(Usage.test)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.test)
            return 0
        }
        guard !args.positional.isEmpty else {
            Console.error("sfn test: expected at least one PATH\n\n\(Usage.test)")
            return 2
        }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = args.values["--jobs"] {
            guard let n = Int(text), n >= 1 else {
                Console.error("sfn test: --jobs: expected a whole number of at least 1, got '\(text)'")
                return 2
            }
            jobs = n
        }
        var files: [String] = []
        for path in args.positional {
            guard let found = ConformanceRunner.caseFiles(path) else {
                Console.error("sfn test: no such file or directory: \(path)")
                return 2
            }
            files += found
        }
        // Every case of every file; a file that is not a case file is one failing case.
        var work: [(file: String, run: ConformanceCase?, failure: CaseFailure?)] = []
        for file in files {
            switch Console.readFile(file) {
            case .failure(let m): work.append((file, nil, CaseFailure(file, m.description)))
            case .success(let text):
                switch CaseFile.cases(file: file, text: text) {
                case .failure(let f): work.append((file, nil, f))
                case .success(let cases): work += cases.map { (file, $0, nil) }
                }
            }
        }
        if let pattern = args.values["--filter"] {
            work = work.filter { Filter.matches(pattern, $0.run?.name ?? $0.file) || Filter.matches(pattern, $0.file) }
        }
        let runner = ConformanceRunner(checkHistory: args.has("--history"))
        let results = await runAll(work, runner: runner, jobs: jobs)
        let verbose = args.has("--verbose") || args.has("-v")
        for r in results {
            if let failure = r.failure {
                Console.out("FAIL \(r.name): \(failure)")
            } else if verbose {
                Console.out("ok   \(r.name)")
            }
        }
        let failed = results.filter { $0.failure != nil }.count
        if let path = args.values["--junit"] {
            do {
                try AtomicFile.write(JUnitReport.xml(results), to: path)
            } catch {
                Console.error("sfn test: cannot write --junit \(path): \(error)")
                return 2
            }
        }
        Console.out("\(results.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    /// Runs the cases `jobs` at a time; the results keep the cases' order.
    static func runAll(
        _ work: [(file: String, run: ConformanceCase?, failure: CaseFailure?)], runner: ConformanceRunner, jobs: Int
    ) async -> [CaseResult] {
        var results = [CaseResult?](repeating: nil, count: work.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            func start() {
                guard next < work.count else { return }
                let i = next
                let item = work[i]
                next += 1
                group.addTask {
                    guard let c = item.run else {
                        let f = item.failure ?? CaseFailure(item.file, "unreadable")
                        return (i, CaseResult(name: f.caseName, file: item.file, failure: f.problem, seconds: 0))
                    }
                    let began = Date()
                    let failure = await runner.run(c)
                    let seconds = Date().timeIntervalSince(began)
                    return (i, CaseResult(name: c.name, file: item.file, failure: failure?.problem, seconds: seconds))
                }
            }
            for _ in 0..<min(jobs, work.count) { start() }
            for await (i, result) in group {
                results[i] = result
                start()
            }
        }
        return results.compactMap { $0 }
    }
}

/// `--filter PATTERN`: a substring, or a glob when it holds `*` or `?`.
enum Filter {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return text.contains(pattern) }
        return glob(Array(pattern)[...], Array(text)[...])
    }

    private static func glob(_ p: ArraySlice<Character>, _ s: ArraySlice<Character>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        switch first {
        case "*":
            var rest = s
            while true {
                if glob(p.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        case "?":
            return !s.isEmpty && glob(p.dropFirst(), s.dropFirst())
        default:
            return s.first == first && glob(p.dropFirst(), s.dropFirst())
        }
    }
}
