import Foundation
import SFNCore
import SFNJSON
import Testing

/// Runs the validator over the shared ground truth: the validate corpus (verdicts from public ASL
/// linters, minus the cases each source marks doubtful) and every definition AWS accepted in the
/// conformance recordings. Skipped, with a message, when ../shared is not next to the package.
@Test(.enabled(if: SharedData.isPresent, "../shared is absent: validate-corpus not run"))
func validateCorpusVerdicts() throws {
    let corpus = SharedData.root.appendingPathComponent("validate-corpus")
    let sources = (try FileManager.default.contentsOfDirectory(atPath: corpus.path)).sorted()
        .map { corpus.appendingPathComponent($0) }
        .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("valid").path) }
    #expect(!sources.isEmpty)
    var checked = 0
    for source in sources {
        let doubtful = SharedData.doubtful(source)
        for verdict in ["valid", "invalid"] {
            for file in SharedData.files(in: source.appendingPathComponent(verdict)) {
                if doubtful.contains("\(verdict)/\(file.lastPathComponent)") { continue }
                let text = try #require(SharedData.text(file))
                let report = DefinitionValidator.validate(text: text)
                let name = "\(source.lastPathComponent)/\(verdict)/\(file.lastPathComponent)"
                if verdict == "valid" {
                    #expect(report.isValid, "\(name) was rejected: \(report.errors.map(\.message))")
                } else {
                    #expect(!report.isValid, "\(name) was accepted")
                    // Every error must say where it is.
                    for d in report.errors { #expect(d.location != nil, "\(name): \(d.message) has no line:column") }
                }
                checked += 1
            }
        }
    }
    #expect(checked > 150)
}

@Test(.enabled(if: SharedData.isPresent, "../shared is absent: conformance definitions not run"))
func conformanceDefinitionsAreAccepted() throws {
    let aws = SharedData.root.appendingPathComponent("conformance/aws")
    let areas = (try FileManager.default.contentsOfDirectory(atPath: aws.path)).sorted()
    var checked = 0
    for area in areas {
        for file in SharedData.files(in: aws.appendingPathComponent(area)) {
            let text = try #require(SharedData.text(file))
            guard case .object(let recording) = try JSONParser.parse(text), let definition = recording["definition"]
            else {
                Issue.record("\(area)/\(file.lastPathComponent) has no definition")
                continue
            }
            let report = DefinitionValidator.validate(definition: definition, locations: nil)
            #expect(
                report.isValid,
                "\(area)/\(file.lastPathComponent) was rejected: \(report.errors.map { "\($0.pointer): \($0.message)" })"
            )
            checked += 1
        }
    }
    #expect(checked > 900)
}

/// The example invalid definitions shipped with the package are each rejected, with a location
/// for every error.
@Test func exampleInvalidDefinitionsAreRejected() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("definitions/invalid")
    let files = SharedData.files(in: dir)
    #expect(files.count >= 8)
    for file in files {
        let report = DefinitionValidator.validate(text: try #require(SharedData.text(file)))
        #expect(!report.isValid, "\(file.lastPathComponent) was accepted")
        #expect(report.errors.allSatisfy { $0.location != nil })
        // Each example shows several mistakes at once, except those showing a single rule.
        if !["not-json.asl.json", "no-terminal-state.asl.json"].contains(file.lastPathComponent) {
            #expect(report.errors.count >= 3, "\(file.lastPathComponent): \(report.errors.count) errors")
        }
    }
}
