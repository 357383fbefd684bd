import SFNCore
import SFNJSON

/// `sfn validate --aws [--resources FILE] [--s3-root DIR]`: besides AWS's verdict, every part of
/// the definition that runs only on this machine (SFNCore's `LocalOnlyReport`), as diagnostics at
/// their state's field: a warning when something on AWS stands in for it (the definition's own
/// ARN, or the resources map's `awsArn`), an error when nothing does (exit 1, as for an invalid
/// definition).
extension ValidateCommand {
    static let awsFlags: Set<String> = ["--aws"]
    static let awsValues: Set<String> = ["--resources", "--s3-root"]

    static let awsHelp = """
          --aws                  Also list what runs only on this machine (shell: resources,
                                 resources-map entries, local S3 data) and what stands in for
                                 it on AWS: an error when nothing does
          --resources FILE       With --aws: the resources map that runs use, with its awsArn fields
          --s3-root DIR          With --aws: the folder standing in for S3 (default .sfn/s3)
        """

    /// What `--aws` needs for every file: the Task dispatcher (the resources map) and the S3 root.
    struct AWSCheck {
        var tasks = TaskDispatcher()
        var s3Root = ".sfn/s3"

        /// The check the arguments ask for: nil without `--aws`; a failure for options without it
        /// or an unusable map (exit 2).
        static func from(_ args: Arguments) -> Result<AWSCheck?, CLIFailure> {
            guard args.has("--aws") else {
                if let option = awsValues.first(where: { args.values[$0] != nil }) {
                    return .failure(CLIFailure("\(option) needs --aws"))
                }
                return .success(nil)
            }
            var check = AWSCheck()
            if let root = args.values["--s3-root"] { check.s3Root = root }
            if let file = args.values["--resources"] {
                do { check.tasks.resources = try ResourceMap(contentsOfFile: file) } catch {
                    return .failure(CLIFailure("\(file): \(error.cause ?? error.error.rawValue)"))
                }
            }
            return .success(check)
        }

        func findings(_ definition: JSONValue?, _ locations: SourceLocations?) -> [LocalOnlyFinding] {
            guard let definition else { return [] }
            return LocalOnlyReport(definition: definition, locations: locations, tasks: tasks, s3Root: s3Root).findings
        }
    }

    /// A file's JSON report with the findings' own members (state, kind, resource, local,
    /// awsResource, awsArn) on their diagnostics, which follow AWS's in the same order.
    static func awsJSON(_ report: JSONValue, findings: [LocalOnlyFinding]) -> JSONValue {
        guard case .object(var object) = report, case .array(var diagnostics)? = object["diagnostics"],
            diagnostics.count >= findings.count
        else { return report }
        let first = diagnostics.count - findings.count
        for (i, finding) in findings.enumerated() {
            guard case .object(var d) = diagnostics[first + i] else { continue }
            for (key, value) in LocalOnlyText.jsonMembers(finding) { d[key] = value }
            diagnostics[first + i] = .object(d)
        }
        object["diagnostics"] = .array(diagnostics)
        return .object(object)
    }
}
