import SFNJSON
import Testing

@testable import SFNCore

/// The library side of the road to AWS: the resources map's `awsArn` (validated at load, looked
/// up like the entry it belongs to), `LocalOnlyReport` with a host's Swift handlers, and
/// `AWSExport`'s replacement and placeholder names.
@Suite struct LocalOnlyReportTests {
    @Test func awsArnIsReadAndLookedUpLikeItsEntry() throws {
        let map = try ResourceMap(
            parsing: """
                {
                  "shell:./resize.sh": { "awsArn": "arn:aws:lambda:eu-west-1:111122223333:function:Resize" },
                  "Price": { "command": "python3 price.py", "awsArn": "arn:aws:lambda:eu-west-1:111122223333:function:Price" },
                  "Price:beta": { "command": "python3 beta.py" },
                  "arn:aws:states:::sns:publish": { "command": "cat", "awsArn": "arn:aws:sns:eu-west-1:111122223333:t" },
                  "report": { "image": "alpine", "awsArn": "arn:aws:ecs:eu-west-1:111122223333:task-definition/report:2" }
                }
                """)
        #expect(map.awsArn(forResource: "shell:./resize.sh") == "arn:aws:lambda:eu-west-1:111122223333:function:Resize")
        #expect(map.awsArn(forFunction: "Price") == "arn:aws:lambda:eu-west-1:111122223333:function:Price")
        #expect(
            map.awsArn(forResource: "arn:aws:lambda:us-east-1:123456789012:function:Price:live")
                == "arn:aws:lambda:eu-west-1:111122223333:function:Price", "an unqualified key serves every alias")
        #expect(map.awsArn(forResource: "arn:aws:states:::sns:publish.waitForTaskToken") != nil)
        #expect(map.awsArn(forKey: "report") == "arn:aws:ecs:eu-west-1:111122223333:task-definition/report:2")
        // An entry with awsArn alone serves nothing here: the shell: command still runs itself.
        #expect(map.command(forResource: "shell:./resize.sh") == nil)
        #expect(map.command(forFunction: "Price")?.line == "python3 price.py")
    }

    @Test(arguments: [
        (#"{"A": {"awsArn": 7}}"#, "Resource 'A': awsArn must be a string."),
        (#"{"A": {"awsArn": "Price"}}"#, "Resource 'A': awsArn must be an ARN"),
        (#"{"A": {"awsArn": "arn:aws:lambda"}}"#, "Resource 'A': awsArn must be an ARN"),
        (#"{"A": {"awsArn": "arn:aws:s3:::"}}"#, "Resource 'A': awsArn must be an ARN"),
        (#"{"A": {"awsArn": "arn:aws:lambda:x:1:function:a b"}}"#, "Resource 'A': awsArn must be an ARN"),
        (#"{"A": {"image": "x", "awsArn": "arn:aws:ecs:r:1:task-definition/a", "cpu": 1}}"#, "awsArn)."),
    ])
    func badAWSArnIsRefusedAtLoad(text: String, message: String) {
        do {
            _ = try ResourceMap(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.cause?.contains(message) == true, "\(error.cause ?? "")")
        }
    }

    @Test func swiftHandlersAreReportedWithTheFunctionTheyStandFor() throws {
        var tasks = TaskDispatcher()
        tasks.register(resource: "arn:aws:lambda:us-east-1:123456789012:function:Quote") { _ in .null }
        tasks.register(resource: "acme:audit") { _ in .null }
        tasks.resources = try ResourceMap(
            parsing: #"{"acme:audit": {"awsArn": "arn:aws:lambda:us-east-1:123456789012:function:Audit"}}"#)
        let definition = try JSONParser.parse(
            """
            {"StartAt": "Q", "States": {
              "Q": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "Quote", "Payload.$": "$"}, "Next": "A"},
              "A": {"Type": "Task", "Resource": "acme:audit", "Next": "N"},
              "N": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}
            """)
        let report = LocalOnlyReport(definition: definition, tasks: tasks, s3Root: "/s3")
        #expect(report.findings.map(\.kind) == [.swiftHandler, .swiftHandler], "nothing here serves the SQS Task")
        let quote = report.findings[0]
        #expect(quote.pointer == "/States/Q/Parameters/FunctionName")
        #expect(quote.awsResource == "Quote" && quote.awsKind == .lambdaFunction && quote.runsOnAWS)
        #expect(quote.replacement == nil, "nothing to replace without an awsArn")
        let audit = report.findings[1]
        #expect(audit.awsResource == nil && audit.awsArn != nil && audit.runsOnAWS)
        #expect(report.blocking.isEmpty)

        let export = try AWSExport(definition: definition, report: report, name: "audited")
        #expect(
            export.definition["States"]?["A"]?["Resource"] == "arn:aws:lambda:us-east-1:123456789012:function:Audit")
        #expect(export.definition["States"]?["Q"] == definition["States"]?["Q"])
        #expect(export.templateDefinition["States"]?["A"]?["Resource"] == "${AuditArn}")
        #expect(export.logicalId == "Audited")
    }

    @Test func exportRefusesWhatNothingOnAWSRuns() throws {
        let definition = try JSONParser.parse(
            #"{"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "shell:./a.sh", "End": true}}}"#)
        let report = LocalOnlyReport(definition: definition, tasks: TaskDispatcher(), s3Root: "/s3")
        #expect(report.findings.map(\.kind) == [.shellCommand])
        do {
            _ = try AWSExport(definition: definition, report: report, name: "x")
            Issue.record("exported a shell: resource")
        } catch {
            #expect(error.findings.map(\.state) == ["S"])
            #expect(error.findings.map(\.resource) == ["shell:./a.sh"])
        }
    }

    @Test func placeholderNamesAreWordsOfTheResource() {
        let none = JSONObject()
        #expect(
            AWSExport.placeholderName(for: "arn:aws:lambda:r:1:function:price-order:live", bucket: false, none, "")
                == "PriceOrderLiveArn")
        #expect(
            AWSExport.placeholderName(for: "arn:aws:ecs:r:1:task-definition/report:7", bucket: false, none, "")
                == "ReportArn")
        #expect(AWSExport.placeholderName(for: "reports-prod", bucket: true, none, "") == "ReportsProdBucket")
        // Unique: a taken name gets a number, and the definition's own ${...} text is avoided.
        let taken: JSONObject = ["ReportArn": "arn:aws:ecs:r:1:task-definition/report:8"]
        #expect(
            AWSExport.placeholderName(for: "arn:aws:ecs:r:1:task-definition/report:7", bucket: false, taken, "")
                == "ReportArn2")
        #expect(
            AWSExport.placeholderName(for: "arn:aws:ecs:r:1:task-definition/report:8", bucket: false, taken, "")
                == "ReportArn", "the same value keeps its name")
        #expect(
            AWSExport.placeholderName(for: "arn:aws:sqs:r:1:q", bucket: false, none, "{\"a\":\"${QArn}\"}") == "QArn2")
        #expect(AWSExport.logicalId("3-orders") == "StateMachine3Orders")
    }
}
