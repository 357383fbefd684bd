import SFNJSON
import SFNYAML
import Testing

/// Template-shaped documents whose expected values come from a reference YAML reader (PyYAML 6,
/// `yaml.safe_load`, printed as JSON): SAM globals and policies, folded and literal scalars with
/// chomping and explicit indentation, multi-line quoted strings, merge keys, flow collections over
/// lines with comments, nested sequences, a block scalar at the end without a line break.
@Suite struct YAMLReferenceTests {
    static let cases: [(String, String)] = [
        (
            ##"""
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Description: >-
              sam-app

              Sample SAM Template for sam-app
            Globals:
              Function:
                Timeout: 3
                Environment:
                  Variables:
                    TABLE: "orders"   # comment
                    URL: http://example.com/a#b
            Resources:
              StockTradingStateMachine:
                Type: AWS::Serverless::StateMachine # More info
                Properties:
                  DefinitionUri: statemachine/stock_trader.asl.json
                  DefinitionSubstitutions:
                    StockCheckerFunctionArn: arn
                    DDBTable: t
                  Events:
                    HourlyTradingSchedule:
                      Type: Schedule # More info about Schedule Event Source
                      Properties:
                        Description: Schedule to run the stock trading state machine every hour
                        Enabled: False # This schedule is disabled by default to avoid incurring charges.
                        Schedule: "rate(1 hour)"
                  Policies: # Find out more about SAM policy templates
                    - LambdaInvokePolicy:
                        FunctionName: f
                    - DynamoDBWritePolicy:
                        TableName: t
              StockCheckerFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/stock_checker/
                  Handler: app.lambda_handler
                  Runtime: python3.9
                  Architectures:
                    - x86_64
                  Layers: []
                  Empty: {}
                  Multi: "first
                    second

                    third"
                  Single: 'a ''quoted'' word
                    continues'
                  Lit: |2
                      indented by explicit
                    base
                  Keep: >+
                    folded
                    text

                  After: 1
            Outputs:
              Out:
                Value: [ a, "b", 'c', {d: e, f: [g, h]} , 1.5, -2, null, true ]
                Nested:
                - - x
                  - y
                - - z
                -   k: v
                    k2: v2

            """##,
            ##"""
            {"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31", "Description": "sam-app\nSample SAM Template for sam-app", "Globals": {"Function": {"Timeout": 3, "Environment": {"Variables": {"TABLE": "orders", "URL": "http://example.com/a#b"}}}}, "Resources": {"StockTradingStateMachine": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "statemachine/stock_trader.asl.json", "DefinitionSubstitutions": {"StockCheckerFunctionArn": "arn", "DDBTable": "t"}, "Events": {"HourlyTradingSchedule": {"Type": "Schedule", "Properties": {"Description": "Schedule to run the stock trading state machine every hour", "Enabled": false, "Schedule": "rate(1 hour)"}}}, "Policies": [{"LambdaInvokePolicy": {"FunctionName": "f"}}, {"DynamoDBWritePolicy": {"TableName": "t"}}]}}, "StockCheckerFunction": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "functions/stock_checker/", "Handler": "app.lambda_handler", "Runtime": "python3.9", "Architectures": ["x86_64"], "Layers": [], "Empty": {}, "Multi": "first second\nthird", "Single": "a 'quoted' word continues", "Lit": "  indented by explicit\nbase\n", "Keep": "folded text\n\n", "After": 1}}}, "Outputs": {"Out": {"Value": ["a", "b", "c", {"d": "e", "f": ["g", "h"]}, 1.5, -2, null, true], "Nested": [["x", "y"], ["z"], {"k": "v", "k2": "v2"}]}}}
            """##
        ),
        (
            ##"""
            # leading comment

            ---
            defaults: &defaults
              adapter: postgres
              host: localhost
            development:
              database: dev
              <<: *defaults
            list:
            - &first one
            - two
            - *first
            "quoted key": 'x'
            url: "http://a.b/c?d=e"
            emptyval:
            tilde: ~
            folded_seq: >
              a
                b
              c
            text: plain text with # not a comment

            """##,
            ##"""
            {"defaults": {"adapter": "postgres", "host": "localhost"}, "development": {"adapter": "postgres", "host": "localhost", "database": "dev"}, "list": ["one", "two", "one"], "quoted key": "x", "url": "http://a.b/c?d=e", "emptyval": null, "tilde": null, "folded_seq": "a\n  b\nc\n", "text": "plain text with"}
            """##
        ),
        (
            ##"""
            StartAt: Hello
            States:
              Hello:
                Type: Task
                Resource: arn:aws:states:::lambda:invoke
                Parameters:
                  FunctionName: hello
                  Payload.$: $
                Retry:
                  - ErrorEquals:
                      - Lambda.ServiceException
                      - Lambda.AWSLambdaException
                    IntervalSeconds: 2
                    MaxAttempts: 6
                    BackoffRate: 2
                Next: Choice
              Choice:
                Type: Choice
                Choices:
                  - And:
                      - Variable: $.a
                        IsPresent: true
                      - Not:
                          Variable: $.b
                          StringEquals: "x: y"
                    Next: Done
                Default: Done
              Done: {Type: Succeed}

            """##,
            ##"""
            {"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "hello", "Payload.$": "$"}, "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException"], "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}], "Next": "Choice"}, "Choice": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringEquals": "x: y"}}], "Next": "Done"}], "Default": "Done"}, "Done": {"Type": "Succeed"}}}
            """##
        ),
        (
            ##"""
            top:
                # indented comment
              a: 1
            # column-0 comment inside mapping
              b:   two   
              c: a - b
              d: "-"
              f: -5
              "g:h": x
              i: arn:aws:states:us-east-1:123:stateMachine:x
              j: &seq [1, 2]
              k: *seq
              l: {
                m: 1,   # comment in flow
                n: [o,
                    p]
              }
            seq:
            - - a
              - b
            -
              - c
            - key: |
                block in seq
              other: x
            - !!str 123
            - 'single'
            last: |
              no final newline

            """##,
            ##"""
            {"top": {"a": 1, "b": "two", "c": "a - b", "d": "-", "f": -5, "g:h": "x", "i": "arn:aws:states:us-east-1:123:stateMachine:x", "j": [1, 2], "k": [1, 2], "l": {"m": 1, "n": ["o", "p"]}}, "seq": [["a", "b"], ["c"], {"key": "block in seq\n", "other": "x"}, "123", "single"], "last": "no final newline\n"}
            """##
        ),
        (
            ##"""
            x: |
              tail
            """##,
            ##"""
            {"x": "tail"}
            """##
        ),
        (
            ##"""
            Resources:
              Machine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionString: |-
                    {
                      "StartAt": "A",
                      "States": {"A": {"Type": "Pass", "End": true}}
                    }
                  Tags:
                    - Key: k
                      Value: v

                    - Key: k2
                      Value: >
                        long
                        value

            """##,
            ##"""
            {"Resources": {"Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}\n}", "Tags": [{"Key": "k", "Value": "v"}, {"Key": "k2", "Value": "long value\n"}]}}}}
            """##
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesTheReferenceReader(index: Int) throws {
        let (yaml, expected) = Self.cases[index]
        #expect(try YAMLReader.parse(yaml) == JSONParser.parse(expected))
    }
}
