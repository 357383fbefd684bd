import Foundation
import SFNJSON
import Testing

/// `sfn graph` through the built binary: formats, files, the overlay and its errors.
struct GraphCommandTests {
    static let definition = CLI.packageRoot.appendingPathComponent("definitions/order-fulfilment.asl.json").path
    static let history = CLI.packageRoot.appendingPathComponent("docs/graph/order-fulfilment.failed.history.json").path

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func svgOnStandardOutputByDefault() async throws {
        let r = try await CLI.run(["graph", Self.definition])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for name in ["CheckOrder", "Prepare", "ReserveStock", "PackItems", "Pack", "Ship", "OrderFailed"] {
            #expect(r.stdout.contains("<g class=\"state\" data-state=\"\(name)\""), "\(name)")
        }
        #expect(r.stdout.contains("data-kind=\"catch\" data-from=\"Ship\" data-to=\"NotifyFailure\""))
        #expect(r.stdout.contains("↻ 3×"))
        #expect(r.stdout.contains("ItemsPath $.order.items · MaxConcurrency 2"))
    }

    @Test func definitionFromStandardInputWithATitle() async throws {
        let text = #"{"StartAt": "Only", "States": {"Only": {"Type": "Wait", "Seconds": 90, "End": true}}}"#
        let r = try await CLI.run(["graph", "-", "--title", "From stdin"], stdin: Data(text.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("<title>From stdin</title>"))
        #expect(r.stdout.contains("Wait · 1m 30s"))
    }

    @Test func htmlWhenTheOutputEndsInHtml() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("order.html").path
        let r = try await CLI.run(["graph", Self.definition, "--output", out, "--history", Self.history])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("Execution FAILED · OutOfStock"))
        // No request of any kind: the only URL is the SVG namespace, which is a name, not a fetch.
        let urls = page.components(separatedBy: "http").dropFirst().map { String($0.prefix(25)) }
            .filter { !$0.hasPrefix("-equiv") }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") }, "\(urls)")
        #expect(!page.contains(" src=") && !page.contains("<link rel=\"stylesheet\""))
        // Nothing left behind but the page.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["order.html"])
    }

    @Test func dotAndMermaid() async throws {
        let dot = try await CLI.run(["graph", Self.definition, "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph StateMachine {"))
        #expect(dot.stdout.contains("label=\"catch States.ALL\", style=dashed"))
        #expect(dot.stdout.contains("subgraph cluster_"))
        let mermaid = try await CLI.run(["graph", Self.definition, "--format=mermaid"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart TD\n"))
        #expect(mermaid.stdout.contains("-.->|\"catch States.ALL\"|"))
        #expect(mermaid.stdout.contains("{{\"CheckOrder<br/>Choice\"}}"))
    }

    @Test func theOverlayColoursStates() async throws {
        let r = try await CLI.run(["graph", Self.definition, "--history", Self.history])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("data-state=\"PackItems\" data-type=\"Map\""))
        #expect(Self.tag(of: "PackItems", in: r.stdout).contains("data-status=\"failed\""))
        #expect(Self.tag(of: "Ship", in: r.stdout).contains("data-status=\"not-reached\""))
        #expect(Self.tag(of: "CheckOrder", in: r.stdout).contains("data-status=\"succeeded\""))
        #expect(r.stdout.contains("2 iterations, 1 failed"))
    }

    /// `--execution NAME` reads the events (and, without DEFINITION, the definition) that `sfn run`
    /// recorded in the store.
    @Test func theOverlayOfARecordedExecution() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("sfn.db").path
        let input = try CLI.temporaryFile(
            #"{"order": {"id": "o-1", "total": 5, "card": "ok", "items": [{"sku": "a", "qty": 0}]}}"#)
        let run = try await CLI.run(
            ["run", Self.definition, "--input", input, "--name", "packing-fails", "--store", store, "--no-wait"])
        #expect(run.status == 1, "\(run.stderr)")
        for args in [
            ["graph", Self.definition, "--execution", "packing", "--store", store],
            ["graph", "--execution", "packing-fails", "--store", store],
        ] {
            let r = try await CLI.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.tag(of: "PackItems", in: r.stdout).contains("data-status=\"failed\""), "\(args)")
            #expect(Self.tag(of: "CheckOrder", in: r.stdout).contains("data-status=\"succeeded\""), "\(args)")
            #expect(Self.tag(of: "Ship", in: r.stdout).contains("data-status=\"not-reached\""), "\(args)")
        }
        let unknown = try await CLI.run(["graph", "--execution", "nothing-like-it", "--store", store])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("nothing-like-it"))
        let both = try await CLI.run(["graph", "--execution", "packing", "--store", store, "--history", Self.history])
        #expect(both.status == 2)
        #expect(both.stderr.contains("not both"))
    }

    /// The opening tag of a state's group.
    static func tag(of state: String, in svg: String) -> String {
        guard let start = svg.range(of: "<g class=\"state\" data-state=\"\(state)\"") else { return "" }
        return String(svg[start.lowerBound...].prefix { $0 != ">" })
    }

    @Test func problemsExitTwoWithAReason() async throws {
        let missing = try await CLI.run(["graph", "/nonexistent/machine.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read '/nonexistent/machine.json': no such file"))
        let format = try await CLI.run(["graph", Self.definition, "--format", "png"])
        #expect(format.status == 2)
        #expect(format.stderr.contains("unknown format 'png' (svg, html, dot or mermaid)"))
        let none = try await CLI.run(["graph"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no definition file given"))
        let bad = try CLI.temporaryFile(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#)
        let invalid = try await CLI.run(["graph", bad])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("MISSING_TRANSITION_TARGET"))
        #expect(invalid.stderr.contains(":1:"))
        let history = try CLI.temporaryFile(#"{"executions": []}"#)
        let wrong = try await CLI.run(["graph", Self.definition, "--history", history])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("expected {\"events\": [...]}"))
        let store = try await CLI.run(["graph", Self.definition, "--execution", "x", "--store", "/nonexistent/s.db"])
        #expect(store.status == 2)
        #expect(store.stderr.contains("no execution store at '/nonexistent/s.db'"))
        let unwritable = try await CLI.run(["graph", Self.definition, "--output", "/nonexistent/dir/x.svg"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("cannot write '/nonexistent/dir/x.svg'"))
    }

    @Test func help() async throws {
        let r = try await CLI.run(["graph", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Usage: sfn graph DEFINITION"))
        let main = try await CLI.run(["--help"])
        #expect(main.stdout.contains("graph      Draw a definition"))
    }
}
