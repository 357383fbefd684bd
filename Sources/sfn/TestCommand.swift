import SFNConformance

/// `sfn test PATH...`: runs conformance cases (SFNConformance) and prints what differed.
enum TestCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(argv, flags: ["--verbose", "-v", "--history", "--help", "-h"], values: [])
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
        var files: [String] = []
        for path in args.positional {
            guard let found = ConformanceRunner.caseFiles(path) else {
                Console.error("sfn test: no such file or directory: \(path)")
                return 2
            }
            files += found
        }
        let verbose = args.has("--verbose") || args.has("-v")
        let runner = ConformanceRunner(checkHistory: args.has("--history"))
        var passed = 0
        var failed = 0
        for file in files {
            let problem: CaseFailure?
            switch Console.readFile(file) {
            case .success(let text): problem = await runner.run(caseText: text, file: file)
            case .failure(let m): problem = CaseFailure(file, m.description)
            }
            if let problem {
                failed += 1
                Console.out("FAIL \(problem)")
            } else {
                passed += 1
                if verbose { Console.out("ok   \(file)") }
            }
        }
        Console.out("\(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
