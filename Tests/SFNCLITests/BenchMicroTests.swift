import Foundation
import Testing

/// `make bench-micro`'s executable runs over gen.py's inputs and prints one row per
/// micro-benchmark with its target and verdict. Only that it runs and prints is checked here:
/// speed is for the benchmark itself, never for a unit test.
@Suite struct BenchMicroTests {
    static let benchBinary: URL? = CLI.binary.map {
        $0.deletingLastPathComponent().appendingPathComponent("sfn-bench")
    }.flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }

    static let rows = [
        "JSON parse (payload)", "JSON print (payload)", "JSONPath $.order.lines[1].qty", "States.MathAdd($.n, 1)",
        "States.Format (2 arguments)", "States.ArrayLength", "JSONata parse (jsonata workload)",
        "JSONata evaluate (small document)", "JSONata $sum(orders.(price*qty))", "JSONata $count(orders[price>50])",
        "JSONata orders{region: $sum(price)}", "JSONata $sort(orders, 2 keys)", "JSONata workload Output (all four)",
    ]

    @Test(
        .enabled(if: CLI.shared != nil, "needs ../shared/bench/gen.py"),
        .enabled(if: benchBinary != nil, "needs the sfn-bench executable (swift build)"))
    func printsEveryRowBesideItsTarget() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gen = try #require(CLI.shared).appendingPathComponent("bench/gen.py")
        let made = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", gen.path, dir.path, "--scale", "0.01"], timeout: 120)
        #expect(made.status == 0, "\(made.stderr)")

        let run = try await CLI.runProcess(try #require(Self.benchBinary), [dir.path, "--quick"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("micro-benchmark") == true)
        for name in Self.rows {
            let line = lines.first { $0.hasPrefix(name + " ") }
            #expect(line != nil, "no row for \(name)")
            guard let line else { continue }
            #expect(line.contains(" >= ") || line.contains(" <= "), "no target in \(line)")
            #expect(line.hasSuffix(" met") || line.hasSuffix(" not met"), "no verdict in \(line)")
            #expect(line.contains("MB/s") || line.contains("ns/op"), "no unit in \(line)")
        }
    }

    @Test func refusesAMissingInputFolder() async throws {
        let binary = try #require(Self.benchBinary, "the sfn-bench executable was not found; run `swift build` first")
        let run = try await CLI.runProcess(binary, ["/nonexistent-sfn-bench-dir", "--quick"], timeout: 60)
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot read /nonexistent-sfn-bench-dir/payload.input.json"))
    }
}
