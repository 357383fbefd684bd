import SFNCore
import SFNJSON
import Testing

/// One invalid definition per validation rule: each must produce a diagnostic with the expected
/// code, JSON pointer and line:column (among possibly others the same mistake causes).
struct ValidateRuleCase: CustomTestStringConvertible, Sendable {
    let rule: String
    let states: String
    let code: DiagnosticCode
    let pointer: String
    let line: Int
    let column: Int
    var severity: Diagnostic.Severity = .error

    var testDescription: String { rule }

    /// The states fragment sits in a fixed frame, so its first line is line 4 of the file.
    var text: String {
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n" + states + "\n  }\n}\n"
    }
}

func ruleCase(
    _ rule: String, _ code: DiagnosticCode, _ pointer: String, _ line: Int, _ column: Int,
    severity: Diagnostic.Severity = .error, _ states: String
) -> ValidateRuleCase {
    ValidateRuleCase(
        rule: rule, states: states, code: code, pointer: pointer, line: line, column: column, severity: severity)
}

let schema: DiagnosticCode = "SCHEMA_VALIDATION_FAILED"

let ruleCases: [ValidateRuleCase] = [
    ruleCase(
        "unknown field", schema, "/States/A/Foo", 6, 7,
        """
            "A": {
              "Type": "Succeed",
              "Foo": 1
            }
        """),
    ruleCase(
        "field not for this state type", schema, "/States/A/ResultPath", 6, 7,
        """
            "A": {
              "Type": "Succeed",
              "ResultPath": "$.x"
            }
        """),
    ruleCase(
        "unknown Type", schema, "/States/A/Type", 5, 7,
        """
            "A": {
              "Type": "Nope"
            }
        """),
    ruleCase(
        "missing Type", schema, "/States/A", 4, 5,
        """
            "A": {
              "End": true
            }
        """),
    ruleCase(
        "Task without Resource", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Task",
              "End": true
            }
        """),
    ruleCase(
        "Resource not a URI", "INVALID_RESOURCE", "/States/A/Resource", 6, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "${lambdaArn}",
              "End": true
            }
        """),
    ruleCase(
        "shell: resource without a command", "INVALID_RESOURCE", "/States/A/Resource", 6, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "shell:  ",
              "End": true
            }
        """),
    ruleCase(
        "BackoffRate below 1", schema, "/States/A/Retry/0/BackoffRate", 8, 41,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}
              ],
              "End": true
            }
        """),
    ruleCase(
        "MaxAttempts negative", schema, "/States/A/Retry/0/MaxAttempts", 8, 32,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["X"], "MaxAttempts": -1}
              ],
              "End": true
            }
        """),
    ruleCase(
        "IntervalSeconds zero", schema, "/States/A/Retry/0/IntervalSeconds", 8, 32,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["X"], "IntervalSeconds": 0}
              ],
              "End": true
            }
        """),
    ruleCase(
        "TimeoutSeconds not an integer", schema, "/States/A/TimeoutSeconds", 7, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "TimeoutSeconds": 2.5,
              "End": true
            }
        """),
    ruleCase(
        "HeartbeatSeconds not below TimeoutSeconds", schema, "/States/A/HeartbeatSeconds", 8, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "TimeoutSeconds": 10,
              "HeartbeatSeconds": 10,
              "End": true
            }
        """),
    ruleCase(
        "StartAt names no state", "MISSING_TRANSITION_TARGET", "/StartAt", 2, 3,
        """
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "Next names no state", "MISSING_TRANSITION_TARGET", "/States/A/Next", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "Next": "Nowhere"
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "Default names no state", "MISSING_TRANSITION_TARGET", "/States/A/Default", 9, 7,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"Variable": "$.x", "IsPresent": true, "Next": "B"}
              ],
              "Default": "Nowhere"
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "Catch Next names no state", "MISSING_TRANSITION_TARGET", "/States/A/Catch/0/Next", 8, 41,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Catch": [
                {"ErrorEquals": ["States.ALL"], "Next": "Nowhere"}
              ],
              "End": true
            }
        """),
    ruleCase(
        "unreachable state", "MISSING_TRANSITION_TARGET", "/States/B", 7, 5,
        """
            "A": {
              "Type": "Succeed"
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "Next and End together", schema, "/States/A/End", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "Next": "B",
              "End": true
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "neither Next nor End", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Pass"
            }
        """),
    ruleCase(
        "no terminal state", "MISSING_END_STATE", "/States", 3, 3,
        """
            "A": {
              "Type": "Pass",
              "Next": "A"
            }
        """),
    ruleCase(
        "Choice rule with two comparisons", schema, "/States/A/Choices/0", 7, 9,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"Variable": "$.x", "IsPresent": true, "IsNull": false, "Next": "B"}
              ]
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "Choice rule without comparison", schema, "/States/A/Choices/0", 7, 9,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"Variable": "$.x", "Next": "B"}
              ]
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "nested Choice rule with Next", schema, "/States/A/Choices/0/Not/Next", 7, 53,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"Not": {"Variable": "$.x", "IsNull": true, "Next": "B"}, "Next": "B"}
              ]
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "And that is not an array", schema, "/States/A/Choices/0/And", 7, 10,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"And": {"Variable": "$.x", "IsNull": true}, "Next": "B"}
              ]
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "comparison operand of the wrong type", schema, "/States/A/Choices/0/NumericEquals", 7, 29,
        """
            "A": {
              "Type": "Choice",
              "Choices": [
                {"Variable": "$.x", "NumericEquals": "3", "Next": "B"}
              ]
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    ruleCase(
        "States.ALL not alone", schema, "/States/A/Retry/0/ErrorEquals/1", 8, 31,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["X", "States.ALL"]}
              ],
              "End": true
            }
        """),
    ruleCase(
        "States.ALL not last", schema, "/States/A/Retry/0/ErrorEquals/0", 8, 26,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["States.ALL"]},
                {"ErrorEquals": ["X"]}
              ],
              "End": true
            }
        """),
    ruleCase(
        // AWS deploys a custom name in the reserved namespace (issue 14): a warning, not a refusal.
        "unknown States. error name", "RESERVED_ERROR_NAME", "/States/A/Retry/0/ErrorEquals/0", 8, 26,
        severity: .warning,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Retry": [
                {"ErrorEquals": ["States.Nope"]}
              ],
              "End": true
            }
        """),
    ruleCase(
        "empty ErrorEquals", schema, "/States/A/Catch/0/ErrorEquals", 8, 10,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Catch": [
                {"ErrorEquals": [], "Next": "A"}
              ],
              "End": true
            }
        """),
    ruleCase(
        "InputPath not a JSONPath", schema, "/States/A/InputPath", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "InputPath": "a.b",
              "End": true
            }
        """),
    ruleCase(
        "ResultPath not a reference path", schema, "/States/A/ResultPath", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "ResultPath": "$.a[*]",
              "End": true
            }
        """),
]

@Test(arguments: ruleCases)
func validationRuleIsReported(_ rule: ValidateRuleCase) {
    expectReported(rule)
}

/// sfn's own `shell:` resources hold a command line, spaces and quotes included; AWS never sees them.
@Test(arguments: ["shell:cat", "shell:tr a-z A-Z", "shell:jq -c '{total: (.a + .b)}'"])
func shellResourcesWithCommandLinesAreAccepted(_ resource: String) {
    let text =
        #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"# + JSONPrinter.compact(.string(resource))
        + #","End":true}}}"#
    let report = DefinitionValidator.validate(text: text)
    #expect(report.isValid, "\(report.diagnostics.map(\.message))")
}
