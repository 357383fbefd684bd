import Foundation
import Testing

/// The rest of issue 15, through the built binary: `--aws-limits` on the execution input, the
/// folder `shell:` commands run in, commands' stderr, "did you mean" for fields and functions,
/// integers beyond 2^53, and fields that validate but do not run yet.
@Suite struct CLIHabitsTests {
    /// A folder of this test's own holding `files` (name to text); returns its path.
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-habits-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    /// Runs `script` with bash in `directory`, the built sfn first on PATH.
    static func bash(_ script: String, in directory: String) async throws -> CLIRun {
        let binary = try #require(CLI.binary)
        let path = binary.deletingLastPathComponent().path
        return try await CLI.runProcess(
            URL(fileURLWithPath: "/bin/bash"),
            [
                "-c",
                "cd '\(directory)' && PATH='\(path)':$PATH; export SFN_STORE=\(CLI.environment["SFN_STORE"]!); \(script)",
            ],
            timeout: 60)
    }

    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    @Test func awsLimitsRefusesAnInputOver256KiB() async throws {
        let dir = try Self.folder(["pass.asl.json": Self.pass])
        let big = "{\"a\":\"" + String(repeating: "x", count: 262_144) + "\"}"
        let justUnder = "{\"a\":\"" + String(repeating: "x", count: 262_144 - 8) + "\"}"
        try Data(big.utf8).write(to: URL(fileURLWithPath: dir + "/big.json"))
        try Data(justUnder.utf8).write(to: URL(fileURLWithPath: dir + "/under.json"))
        let refused = try await CLI.run([
            "run", dir + "/pass.asl.json", "--no-store", "--aws-limits", "--input", dir + "/big.json",
        ])
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("big.json: the execution input is 262152 bytes as compact JSON"))
        #expect(refused.stderr.contains("at most 262144 (256 KiB)"))
        // 262,144 bytes exactly is accepted; without --aws-limits any size runs.
        let under = try await CLI.run([
            "run", dir + "/pass.asl.json", "--no-store", "--aws-limits", "--input", dir + "/under.json",
        ])
        #expect(under.status == 0 && under.stdout.utf8.count == 262_145)
        let unlimited = try await CLI.run(["run", dir + "/pass.asl.json", "--no-store", "--input", dir + "/big.json"])
        #expect(unlimited.status == 0 && unlimited.stdout.utf8.count == 262_153)
        // From standard input, and per line of --input-lines (that line fails, the others run).
        let stdin = try await CLI.run(
            ["run", dir + "/pass.asl.json", "--no-store", "--aws-limits"], stdin: Data(big.utf8))
        #expect(stdin.status == 2 && stdin.stderr.contains("<stdin>: the execution input is 262152 bytes"))
        try Data(("{\"n\":1}\n" + big + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/lines.jsonl"))
        let lines = try await CLI.run([
            "run", dir + "/pass.asl.json", "--no-store", "--aws-limits", "--input-lines", dir + "/lines.jsonl",
            "--jobs", "1",
        ])
        let results = lines.stdout.split(separator: "\n")
        #expect(results.count == 2)
        #expect(results.first?.contains("\"SUCCEEDED\"") == true)
        #expect(results.last?.contains("\"States.DataLimitExceeded\"") == true)
        #expect(results.last?.contains("line 2: the execution input is 262152 bytes") == true)
    }

    @Test func shellCommandsRunInTheDefinitionsFolder() async throws {
        let dir = try Self.folder([
            "flows/where.asl.json": #"""
            {"StartAt": "Where", "States": {"Where": {"Type": "Task", "Resource": "shell:./where.sh", "End": true}}}
            """#,
            "flows/where.sh": "#!/bin/sh\nprintf '\"%s\"' \"$(pwd -P)\"\n",
            "tools/other.sh": "#!/bin/sh\nprintf '\"other %s\"' \"$(pwd -P)\"\n",
            "resources.json": #"{"shell:./where.sh": {"command": "./other.sh", "workingDirectory": "tools"}}"#,
        ])
        chmod(dir + "/flows/where.sh", 0o755)
        chmod(dir + "/tools/other.sh", 0o755)
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        // From the parent folder, from another folder entirely, and by a relative path.
        let fromParent = try await Self.bash("sfn run --no-store flows/where.asl.json", in: dir)
        #expect(fromParent.status == 0)
        #expect(fromParent.stdout == "\"\(real)/flows\"\n")
        let fromElsewhere = try await Self.bash("sfn run --no-store '\(dir)/flows/where.asl.json'", in: "/")
        #expect(fromElsewhere.stdout == "\"\(real)/flows\"\n")
        // The resources map says otherwise: its entry runs where it says.
        let mapped = try await Self.bash("sfn run --no-store --resources resources.json flows/where.asl.json", in: dir)
        #expect(mapped.status == 0)
        #expect(mapped.stdout == "\"other \(real)/tools\"\n")
        // A definition from standard input has no folder: sfn's working directory.
        let piped = try await Self.bash("cp flows/where.sh . && sfn run --no-store - < flows/where.asl.json", in: dir)
        #expect(piped.stdout == "\"\(real)\"\n")
    }

    static let stderrFlow = #"""
        {"StartAt": "Prep", "States": {
          "Prep": {"Type": "Task", "Resource": "shell:echo step$((1+1)) >&2; echo '{\"n\": 1}'; printf 'tail%s' $((3*3)) >&2",
                   "Next": "Fail"},
          "Fail": {"Type": "Task", "Resource": "shell:echo fail$((2*2)) >&2; exit 3", "End": true}}}
        """#

    @Test func commandsStderrReachesSfnsStderrAndTheStore() async throws {
        let dir = try Self.folder(["flow.asl.json": Self.stderrFlow])
        let store = dir + "/sfn.db"
        let run = try await CLI.run(["run", dir + "/flow.asl.json", "--store", store, "--name", "e1"])
        #expect(run.status == 1)
        // Piped: the lines as the commands wrote them, before the failure report and its JSON line.
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(3)) == ["step2", "tail9", "fail4"])
        #expect(run.stderrLastLine.hasPrefix(#"{"error":"States.TaskFailed""#))
        // Without the store, and without any event observer, the lines still come.
        let bare = try await CLI.run(["run", dir + "/flow.asl.json", "--no-store"])
        #expect(bare.stderr.hasPrefix("step2\ntail9\nfail4\n"))

        // `sfn history` shows them after the event their task started with.
        let history = try await CLI.run(["history", "e1", "--store", store])
        #expect(history.status == 0)
        let rows = history.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        let types = rows.map { $0.count > 2 ? String($0[$0[0].first?.isNumber == true ? 2 : 0]) : "" }
        let firstStderr = try #require(types.firstIndex(of: "stderr"))
        #expect(types[firstStderr - 1] == "TaskStarted")
        #expect(history.stdout.contains("stderr            Prep   step2\n"))
        #expect(history.stdout.contains("stderr            Prep   tail9"))
        #expect(history.stdout.contains("stderr            Fail   fail4"))
        #expect(types.filter { $0 == "stderr" }.count == 3)
        // Never inside AWS-shaped JSON.
        let json = try await CLI.run(["history", "e1", "--store", store, "--json"])
        #expect(json.status == 0 && !json.stdout.contains("tail9") && !json.stdout.contains("\"stderr\""))
        let describe = try await CLI.run(["describe", "e1", "--store", store])
        #expect(!describe.stdout.contains("tail9"))
    }

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func onATerminalEachLineNamesItsState() async throws {
        let dir = try Self.folder(["flow.asl.json": Self.stderrFlow])
        let binary = try #require(CLI.binary).path
        // script(1) gives sfn a terminal; NO_COLOR keeps the prefix plain.
        let run = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/script"),
            ["-qec", "NO_COLOR=1 '\(binary)' run --no-store '\(dir)/flow.asl.json' </dev/null", "/dev/null"],
            timeout: 60)
        let text = run.stdout.replacingOccurrences(of: "\r", with: "")
        #expect(text.contains("\u{1B}[K[Prep] step2\n"))
        #expect(text.contains("\u{1B}[K[Prep] tail9\n"))
        #expect(text.contains("\u{1B}[K[Fail] fail4\n"))
    }

    @Test func validateSuggestsMisspeltFieldsAndFunctionsWithTheCaretOnThem() async throws {
        let definition = """
            {
              "StartAt": "A",
              "States": {
                "A": {"Type": "Pass", "ResultPth": "$.x", "Parameters": {"v.$": "States.Formatt('{}', $.a)"}, "Next": "B"},
                "B": {"Type": "Task", "Resouce": "arn:aws:states:::lambda:invoke", "Next": "C",
                      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempt": 2}]},
                "C": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $sumx([1,2]) %}", "Next": "D"},
                "D": {"Type": "Pass", "Result": 1, "End": true, "Comennt": "x"}
              },
              "TimeoutSecond": 5
            }
            """
        let file = try CLI.temporaryFile(definition, name: "typos.asl.json")
        let run = try await CLI.run(["validate", file])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        /// The caret line under the diagnostic whose text contains `text`, and the column it names.
        func diagnostic(_ text: String) -> (column: Int, caret: Int)? {
            guard let i = lines.firstIndex(where: { $0.contains(text) }), i + 2 < lines.count,
                let caret = lines[i + 2].firstIndex(of: "^")
            else { return nil }
            let column = lines[i].split(separator: ":")[2]
            return (Int(column) ?? 0, lines[i + 2].distance(from: lines[i + 2].startIndex, to: caret) - 4 + 1)
        }
        let source = definition.split(separator: "\n").map(String.init)
        func columnOf(_ needle: String, line: Int) -> Int {
            let text = source[line - 1]
            return text.distance(from: text.startIndex, to: text.range(of: needle)!.lowerBound) + 1
        }
        let field = try #require(diagnostic("Field 'ResultPth' is not supported; did you mean 'ResultPath'?"))
        #expect(field.column == columnOf("\"ResultPth\"", line: 4) && field.caret == field.column)
        let intrinsic = try #require(
            diagnostic("calls the unknown intrinsic function 'States.Formatt'; did you mean 'States.Format'?"))
        #expect(intrinsic.column == columnOf("States.Formatt", line: 4) && intrinsic.caret == intrinsic.column)
        let jsonata = try #require(diagnostic("JSONata has no function '$sumx'"))
        #expect(run.stderr.contains("did you mean '$sum'? [UNDEFINED_VARIABLE]"))
        #expect(jsonata.column == columnOf("$sumx", line: 7) && jsonata.caret == jsonata.column)
        #expect(run.stderr.contains("Field 'Resouce' is not supported; did you mean 'Resource'?"))
        #expect(
            run.stderr.contains("The field 'MaxAttempt' is not supported in a Retrier; did you mean 'MaxAttempts'?"))
        #expect(run.stderr.contains("Field 'Comennt' is not supported; did you mean 'Comment'?"))
        #expect(
            run.stderr.contains(
                "Field 'TimeoutSecond' is not supported (in the state machine); did you mean 'TimeoutSeconds'?"))
        // One typo, one error: no "must have the field 'Resource'" beside the suggestion.
        #expect(!run.stderr.contains("must have the field 'Resource'"))
        #expect(run.stderr.contains("invalid: 6 errors, 1 warning"))
        // The JSON format keeps AWS's own list and words.
        let json = try await CLI.run(["validate", file, "--format", "json"])
        #expect(
            json.status == 1 && json.stdout.contains("must have the field 'Resource'")
                && !json.stdout.contains("did you mean"))
    }

    @Test func integersBeyondTwoToThe53KeepEveryDigitThroughPaths() async throws {
        let dir = try Self.folder([
            "ids.asl.json": #"""
            {"StartAt": "P", "States": {
              "P": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"id.$": "$.id", "all.$": "$",
                    "text.$": "States.Format('{}', $.id)"}, "ResultPath": "$.r", "OutputPath": "$", "Next": "C"},
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.r.id", "NumericGreaterThan": 1e21, "Next": "Big"}],
                    "Default": "Small"},
              "Big": {"Type": "Pass", "Result": {"lit": -99999999999999999999999}, "ResultPath": "$.flag", "End": true},
              "Small": {"Type": "Fail", "Error": "Small"}}}
            """#,
            "ids.json": #"{"in": {"id": 12345678901234567890123, "near": 9007199254740993}}"#,
        ])
        let run = try await CLI.run([
            "run", dir + "/ids.asl.json", "--store", dir + "/sfn.db", "--name", "ids", "--input", dir + "/ids.json",
            "--history", dir + "/history.json",
        ])
        #expect(run.status == 0)
        let id = "12345678901234567890123"
        let near = "9007199254740993"
        #expect(
            run.stdout
                == #"{"in":{"id":\#(id),"near":\#(near)},"r":{"id":\#(id),"all":{"id":\#(id),"near":\#(near)},"#
                + #""text":"\#(id)"},"flag":{"lit":-99999999999999999999999}}"# + "\n")
        // In the history file and the store's history (AWS-shaped: payloads as JSON text).
        let file = try String(contentsOfFile: dir + "/history.json", encoding: .utf8)
        #expect(file.contains(#"\"id\":"# + id) && !file.contains("e+22"))
        let stored = try await CLI.run(["history", "ids", "--store", dir + "/sfn.db", "--json"])
        #expect(stored.stdout.contains(#"\"id\":"# + id) && !stored.stdout.contains("e+22"))
    }

    /// Fields that validate are carried out or refused, never ignored: the Map's Label names its
    /// Map Run, an Athena manifest is refused, Credentials are said not to apply.
    @Test func fieldsThatValidateAreCarriedOutOrRefused() async throws {
        let s3 = CLI.packageRoot.appendingPathComponent("definitions/distributed-map/s3").path
        let dir = try Self.folder([
            "label.asl.json": #"""
            {"StartAt": "Rows", "States": {"Rows": {"Type": "Map", "Label": "NightlyRows",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"},
                             "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Key": "csvDataset/ratings.csv"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#,
            "athena.asl.json": #"""
            {"StartAt": "Rows", "States": {"Rows": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                             "ReaderConfig": {"InputType": "MANIFEST", "ManifestType": "ATHENA_DATA"},
                             "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Key": "inventory/manifest.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#,
            "credentials.asl.json": #"""
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "shell:echo 7",
              "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/Other"}, "End": true}}}
            """#,
        ])
        let label = try await CLI.run([
            "run", dir + "/label.asl.json", "--no-store", "--s3-root", s3, "--name", "lab", "--history",
            dir + "/h.json",
        ])
        #expect(label.status == 0)
        let history = try String(contentsOfFile: dir + "/h.json", encoding: .utf8)
        #expect(history.contains("/NightlyRows:lab-"))
        #expect(!history.contains("/Rows:lab-"))

        let athena = try await CLI.run(["run", dir + "/athena.asl.json", "--no-store", "--s3-root", s3])
        #expect(athena.status == 1)
        #expect(athena.stderrLastLine.contains(#""error":"States.ItemReaderFailed""#))
        #expect(athena.stderrLastLine.contains("ManifestType ATHENA_DATA is not read locally yet"))

        let credentials = try await CLI.run(["run", dir + "/credentials.asl.json", "--no-store"])
        #expect(credentials.status == 0 && credentials.stdout == "7\n")
        #expect(
            credentials.stderr.contains(
                "sfn run: warning: state 'Call': 'Credentials' is not applied locally (no role is assumed"))
        // sfn validate says nothing of it: the definition is valid for AWS.
        let valid = try await CLI.run(["validate", dir + "/credentials.asl.json"])
        #expect(valid.status == 0 && !valid.stderr.contains("Credentials"))
    }
}
