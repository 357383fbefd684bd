import SFNJSON
import Testing

@testable import SFNCore

/// The policy evaluation and the actions each kind of Task needs.
@Suite struct IAMPolicyTests {
    static func policy(_ text: String) throws -> IAMPolicy { try IAMPolicy(parsing: text, source: "test") }

    @Test func wildcardMatching() {
        #expect(IAMPolicy.matches(pattern: "*", ""))
        #expect(IAMPolicy.matches(pattern: "arn:aws:lambda:*:*:function:F", "arn:aws:lambda:us-east-1:1:function:F"))
        #expect(IAMPolicy.matches(pattern: "a?c", "abc"))
        #expect(!IAMPolicy.matches(pattern: "a?c", "abbc"))
        #expect(IAMPolicy.matches(pattern: "*:function:*", "arn:aws:lambda:r:a:function:x:prod"))
        #expect(!IAMPolicy.matches(pattern: "arn:*:s3", "arn:aws:s3:::b"))
    }

    @Test func denyBeatsAllowAndSilenceDenies() throws {
        let p = try Self.policy(
            """
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                           {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::keep/*"}]}
            """)
        #expect(p.decide(action: "s3:GetObject", resource: "arn:aws:s3:::keep/a") == .allowed)
        #expect(p.decide(action: "s3:DeleteObject", resource: "arn:aws:s3:::keep/a") == .explicitlyDenied)
        #expect(p.decide(action: "s3:DeleteObject", resource: "arn:aws:s3:::other/a") == .allowed)
        #expect(p.decide(action: "sqs:SendMessage", resource: "*") == .implicitlyDenied)
    }

    @Test func notActionAndNotResource() throws {
        let p = try Self.policy(
            #"{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret*"}}"#)
        #expect(p.decide(action: "s3:GetObject", resource: "arn:aws:s3:::public/x") == .allowed)
        #expect(p.decide(action: "s3:GetObject", resource: "arn:aws:s3:::secret/x") == .implicitlyDenied)
        #expect(p.decide(action: "iam:PassRole", resource: "*") == .implicitlyDenied)
    }

    @Test func unknownResourceIsAllowedWhenSomeResourceIs() throws {
        let p = try Self.policy(
            #"{"Statement": {"Effect": "Allow", "Action": "lambda:*", "Resource": "*:function:A"}}"#)
        #expect(p.decide(action: "lambda:InvokeFunction", resource: nil) == .allowed)
        #expect(p.decide(action: "sns:Publish", resource: nil) == .implicitlyDenied)
    }

    @Test(arguments: [
        (#"[]"#, "must be a JSON object"),
        (#"{"Version": "2012-10-17"}"#, "has no Statement"),
        (#"{"Statement": {"Effect": "Allow", "Resource": "*"}}"#, "exactly one of Action and NotAction"),
        (#"{"Statement": {"Effect": "Allow", "Action": "*"}}"#, "exactly one of Resource and NotResource"),
        (#"{"Statement": {"Effect": "Allow", "Action": 3, "Resource": "*"}}"#, "Statement[0].Action must be"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Extra": 1}]}"#, "unknown field 'Extra'"),
    ])
    func badDocumentsSayWhatIsWrong(text: String, message: String) {
        #expect {
            _ = try Self.policy(text)
        } throws: { error in
            ((error as? StatesError)?.cause ?? "").contains(message)
        }
    }

    @Test func actionsEachResourceNeeds() throws {
        func required(_ resource: String, _ parameters: String = "{}") throws -> [RequiredPermission] {
            TaskPermissions.required(resource: resource, parameters: try JSONParser.parse(parameters))
        }
        #expect(
            try required("arn:aws:states:::lambda:invoke", #"{"FunctionName": "F:prod"}"#) == [
                RequiredPermission("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:F:prod")
            ])
        #expect(
            try required("arn:aws:states:::aws-sdk:s3:getObject", #"{"Bucket": "b", "Key": "k/1"}"#) == [
                RequiredPermission("s3:GetObject", "arn:aws:s3:::b/k/1")
            ])
        #expect(
            try required(
                "arn:aws:states:::sqs:sendMessage", #"{"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/42/q"}"#)
                == [RequiredPermission("sqs:SendMessage", "arn:aws:sqs:eu-west-1:42:q")])
        let sync = try required(
            "arn:aws:states:::states:startExecution.sync:2",
            #"{"StateMachineArn": "arn:aws:states:r:a:stateMachine:M"}"#)
        #expect(sync.map(\.action) == ["states:StartExecution", "states:DescribeExecution", "states:StopExecution"])
        #expect(sync[1].resource == "arn:aws:states:r:a:execution:M:*")
        #expect(try required("arn:aws:states:::http:invoke").map(\.action) == ["states:InvokeHTTPEndpoint"])
        #expect(try required("arn:aws:states:us-east-1:123456789012:activity:A").isEmpty)
        #expect(try required("shell:echo 1") == [RequiredPermission("shell:Execute", "shell:echo 1")])
        #expect(try required("my:own:handler").isEmpty)
        #expect(try required("arn:aws:states:::aws-sdk:sfn:startExecution").map(\.action) == ["states:StartExecution"])
    }
}
