import Foundation
import Testing

/// Replays every input the fuzz targets (fuzz/, scripts/fuzz.sh) found a problem with, kept under
/// Tests/SFNCLITests/Fuzz/<target>/, through the built binary as a user would meet it: each must
/// end with 0, 1 or 2, never a signal or a hang.
@Suite
struct FuzzReplayTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/SFNCLITests/Fuzz")

    /// (target, file) for every kept input.
    static let inputs: [(String, URL)] = {
        let fm = FileManager.default
        let targets = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target in
            let dir = folder.appendingPathComponent(target)
            let files = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            return files.sorted().map { (target, dir.appendingPathComponent($0)) }
        }
    }()

    /// The command that feeds `file` to the part of sfn the target fuzzes.
    static func command(target: String, file: URL) throws -> [String] {
        let data = try Data(contentsOf: file)
        // A command-line argument ends at a NUL byte, as the fuzzer's C string would not.
        func text(_ d: Data) -> String { String(decoding: d.prefix { $0 != 0 }, as: UTF8.self) }
        switch target {
        case "json": return ["eval", "$states.input", "--input", file.path]
        case "definition": return ["validate", file.path]
        case "jsonpath", "intrinsic":
            return ["eval", "--jsonpath", text(data), "--input", #"{"a": [1, 2], "s": "x,y"}"#]
        case "jsonata": return ["eval", text(data.dropFirst())]
        case "mockconfig":
            let definition = try CLI.temporaryFile(
                #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#
            )
            return ["run", definition, "--no-store", "--mock-config", file.path]
        case "casefile": return ["test", file.path]
        default: throw ReplayError.unknownTarget(target)
        }
    }

    enum ReplayError: Error { case unknownTarget(String) }

    @Test("Every kept fuzz input ends with an exit status")
    func replay() async throws {
        #expect(!Self.inputs.isEmpty, "no inputs under \(Self.folder.path)")
        for (target, file) in Self.inputs {
            let r = try await CLI.run(try Self.command(target: target, file: file), timeout: 60)
            let what = "\(target)/\(file.lastPathComponent)"
            #expect(!r.timedOut, "\(what): did not finish within 60 s")
            #expect(!r.signaled && [0, 1, 2].contains(r.status), "\(what): exit \(r.status): \(r.stderr.suffix(300))")
        }
    }
}
