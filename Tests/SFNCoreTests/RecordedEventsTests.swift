import Foundation
import SFNCore
import SFNJSON
import Testing

/// Our full history events (type, id, previousEventId, timestamp and every details member we
/// produce) against the `events` AWS recorded for ../shared/conformance.
struct RecordedEventsTests {
    /// `<package root>/../shared/conformance/aws`, looked for a few levels up (worktrees sit deeper).
    static let corpus: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<5 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/conformance/aws")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// How many recorded cases match in full (467 of 505 when written, 463 before ParallelStateSucceeded was numbered; Map iterations that run
    /// side by side may interleave differently from AWS's recording, hence the margin). Raise it
    /// when more match, never lower it.
    static let minimumFullMatches = 455

    /// Cases that must keep matching in full: one of each kind of event we produce.
    static let mustMatch = [
        "api/get_execution_history_reversed_reverseorder_false",
        "assign/assign_in_choice_condition_false",
        "assign/assign_in_wait_state",
        "assign/base_cases_base_scope_map",
        "scenarios/map_state_break_condition",
        "scenarios/map_state_retry",
        "scenarios/map_state_legacy_config_distributed",
        "scenarios/lambda_invoke_with_retry_base",
        "states_variables/task_catch_error_with_retry_task_catch_error_output_with_retry",
        "assign/undefined_reference_base_undefined_arguments",
    ]

    struct Case {
        var name: String
        var definition: JSONValue
        var input: JSONValue
        var mockConfig: JSONValue?
        var events: [JSONValue]
        var notes: String?
    }

    static func cases() throws -> [Case] {
        guard let corpus else { return [] }
        var out: [Case] = []
        let fm = FileManager.default
        for area in try fm.contentsOfDirectory(atPath: corpus.path).sorted() {
            let dir = corpus.appendingPathComponent(area)
            for file in (try? fm.contentsOfDirectory(atPath: dir.path))?.sorted() ?? [] where file.hasSuffix(".json") {
                guard let data = fm.contents(atPath: dir.appendingPathComponent(file).path) else { continue }
                let c = try JSONParser.parse(String(decoding: data, as: UTF8.self))
                guard case .array(let events)? = c["events"], let definition = c["definition"] else { continue }
                out.append(
                    Case(
                        name: area + "/" + file.dropLast(5), definition: definition,
                        input: c["input"] ?? [:], mockConfig: c["mockConfig"], events: events,
                        notes: c["notes"]?.stringValue))
            }
        }
        return out
    }

    /// Runs a case as `sfn test` does, with a recorder attached, and renders our events.
    static func events(of c: Case) async throws -> [JSONValue] {
        let machine = try StateMachine(definition: c.definition)
        var options = ExecutionOptions()
        options.skipWaits = true
        options.stateMachineName = "Machine"
        options.awsLimits = true
        options.recordHistory = true
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        if let mock = c.mockConfig { try tasks.useMockConfig(mock, testCase: "Recorded", machine: "Machine") }
        options.tasks = tasks
        let result = await machine.run(input: c.input, options: options)
        // LocalStack's recordings dropped ParallelStateSucceeded, whose id AWS still numbered
        // (the recorded ids skip it): ours keeps its id, and is left out of the comparison.
        return (result.history ?? []).filter { $0.type != .parallelStateSucceeded }.map(\.json)
    }

    @Test(.enabled(if: corpus != nil, "../shared/conformance is absent: recorded events not compared"))
    func recordedEventsMatch() async throws {
        let all = try Self.cases()
        #expect(all.count >= 500, "expected the 505 cases with events, found \(all.count)")
        var matched: [String] = []
        var report: [String] = []
        for c in all {
            let ours: [JSONValue]
            do {
                ours = try await Self.events(of: c)
            } catch {
                report.append("\(c.name): not run (\(error))")
                continue
            }
            if let problem = RecordedEventMatcher(notes: c.notes).difference(expected: c.events, actual: ours) {
                report.append("\(c.name): \(problem)")
            } else {
                matched.append(c.name)
            }
        }
        if ProcessInfo.processInfo.environment["SFN_EVENTS_REPORT"] != nil {
            print("recorded events: \(matched.count) of \(all.count) cases match in full")
            for line in report { print("  " + line) }
        }
        #expect(
            matched.count >= Self.minimumFullMatches,
            "\(matched.count) cases match in full\n\(report.prefix(20).joined(separator: "\n"))")
        for name in Self.mustMatch {
            #expect(matched.contains(name), "\(name) no longer matches: \(report.first { $0.hasPrefix(name) } ?? "")")
        }
    }
}
