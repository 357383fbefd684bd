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

private func c(
    _ rule: String, _ code: DiagnosticCode, _ pointer: String, _ line: Int, _ column: Int,
    severity: Diagnostic.Severity = .error, _ states: String
) -> ValidateRuleCase {
    ValidateRuleCase(
        rule: rule, states: states, code: code, pointer: pointer, line: line, column: column, severity: severity)
}

let schema: DiagnosticCode = "SCHEMA_VALIDATION_FAILED"

let ruleCases: [ValidateRuleCase] = [
    c(
        "unknown field", schema, "/States/A/Foo", 6, 7,
        """
            "A": {
              "Type": "Succeed",
              "Foo": 1
            }
        """),
    c(
        "field not for this state type", schema, "/States/A/ResultPath", 6, 7,
        """
            "A": {
              "Type": "Succeed",
              "ResultPath": "$.x"
            }
        """),
    c(
        "unknown Type", schema, "/States/A/Type", 5, 7,
        """
            "A": {
              "Type": "Nope"
            }
        """),
    c(
        "missing Type", schema, "/States/A", 4, 5,
        """
            "A": {
              "End": true
            }
        """),
    c(
        "Task without Resource", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Task",
              "End": true
            }
        """),
    c(
        "Resource not a URI", "INVALID_RESOURCE", "/States/A/Resource", 6, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "${lambdaArn}",
              "End": true
            }
        """),
    c(
        "shell: resource without a command", "INVALID_RESOURCE", "/States/A/Resource", 6, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "shell:  ",
              "End": true
            }
        """),
    c(
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
    c(
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
    c(
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
    c(
        "TimeoutSeconds not an integer", schema, "/States/A/TimeoutSeconds", 7, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "TimeoutSeconds": 2.5,
              "End": true
            }
        """),
    c(
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
    c(
        "StartAt names no state", "MISSING_TRANSITION_TARGET", "/StartAt", 2, 3,
        """
            "B": {
              "Type": "Succeed"
            }
        """),
    c(
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
    c(
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
    c(
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
    c(
        "unreachable state", "MISSING_TRANSITION_TARGET", "/States/B", 7, 5,
        """
            "A": {
              "Type": "Succeed"
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    c(
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
    c(
        "neither Next nor End", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Pass"
            }
        """),
    c(
        "no terminal state", "MISSING_END_STATE", "/States", 3, 3,
        """
            "A": {
              "Type": "Pass",
              "Next": "A"
            }
        """),
    c(
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
    c(
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
    c(
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
    c(
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
    c(
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
    c(
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
    c(
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
    c(
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
    c(
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
    c(
        "InputPath not a JSONPath", schema, "/States/A/InputPath", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "InputPath": "a.b",
              "End": true
            }
        """),
    c(
        "ResultPath not a reference path", schema, "/States/A/ResultPath", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "ResultPath": "$.a[*]",
              "End": true
            }
        """),
    c(
        "payload template value not a path", schema, "/States/A/Parameters/x.$", 7, 9,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x.$": "x"
              },
              "End": true
            }
        """),
    c(
        "payload template with key and key.$", schema, "/States/A/Parameters/x.$", 8, 9,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x": 1,
                "x.$": "$.x"
              },
              "End": true
            }
        """),
    c(
        "unknown intrinsic function", schema, "/States/A/Parameters/x.$", 7, 9,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x.$": "States.Nope($.a)"
              },
              "End": true
            }
        """),
    c(
        "intrinsic function arity", schema, "/States/A/Parameters/x.$", 7, 9,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x.$": "States.ArrayRange(1, 2)"
              },
              "End": true
            }
        """),
    c(
        "JSONata syntax error", "INVALID_JSONATA_EXPRESSION", "/States/A/Output", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "Output": "{% 1 + %}",
              "End": true
            }
        """),
    c(
        "JSONata path from a bare top-level name", "UNSUPPORTED_JSONATA_EXPRESSION", "/States/A/Output/v", 8, 9,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "Output": {
                "v": "{% phone.number %}"
              },
              "End": true
            }
        """),
    c(
        "JSONata reading $$", "UNSUPPORTED_JSONATA_EXPRESSION", "/States/A/Output", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "Output": "{% $$.a %}",
              "End": true
            }
        """),
    c(
        "QueryLanguage on an item processor", schema, "/States/A/ItemProcessor/QueryLanguage", 7, 9,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "QueryLanguage": "JSONata",
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "End": true
            }
        """),
    c(
        "processor states inherit the top-level language, not the Map's", schema,
        "/States/A/ItemProcessor/States/B/Output", 10, 33,
        """
            "A": {
              "Type": "Map",
              "QueryLanguage": "JSONata",
              "ItemProcessor": {
                "StartAt": "B",
                "States": {
                  "B": {"Type": "Pass", "Output": 1, "End": true}
                }
              },
              "End": true
            }
        """),
    c(
        "Map count path reading the context object", schema, "/States/A/MaxConcurrencyPath", 10, 7,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "MaxConcurrencyPath": "$$.Execution.Input.n",
              "End": true
            }
        """),
    c(
        "JSONPath-only field in a JSONata state", schema, "/States/A/InputPath", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "InputPath": "$.x",
              "End": true
            }
        """),
    c(
        "JSONata-only field in a JSONPath state", schema, "/States/A/Arguments", 7, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Arguments": {},
              "End": true
            }
        """),
    c(
        "$states.result outside Output/Assign of a result state", schema, "/States/A/Output", 7, 7,
        """
            "A": {
              "Type": "Wait",
              "QueryLanguage": "JSONata",
              "Output": "{% $states.result %}",
              "Seconds": 1,
              "End": true
            }
        """),
    c(
        "$states.errorOutput outside a Catcher", schema, "/States/A/Output", 8, 7,
        """
            "A": {
              "Type": "Task",
              "QueryLanguage": "JSONata",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Output": "{% $states.errorOutput %}",
              "End": true
            }
        """),
    c(
        "variable never assigned", "UNDEFINED_VARIABLE", "/States/A/Parameters/x.$", 7, 9, severity: .warning,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x.$": "$never.assigned"
              },
              "End": true
            }
        """),
    c(
        "Parallel branch checked as a machine", "MISSING_TRANSITION_TARGET", "/States/A/Branches/0/States/B/Next", 12,
        15,
        """
            "A": {
              "Type": "Parallel",
              "Branches": [
                {
                  "StartAt": "B",
                  "States": {
                    "B": {
                      "Type": "Pass",
                      "Next": "A"
                    }
                  }
                }
              ],
              "End": true
            }
        """),
    c(
        "Map without ItemProcessor", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Map",
              "End": true
            }
        """),
    c(
        "Map processor checked as a machine", "MISSING_END_STATE", "/States/A/ItemProcessor/States", 8, 9,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "B",
                "States": {
                  "B": {"Type": "Pass", "Next": "B"}
                }
              },
              "End": true
            }
        """),
    c(
        "DISTRIBUTED without ExecutionType", schema, "/States/A/ItemProcessor/ProcessorConfig", 7, 9,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED"},
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "End": true
            }
        """),
    c(
        "ItemReader in INLINE mode", schema, "/States/A/ItemReader", 11, 7,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"},
              "End": true
            }
        """),
    c(
        "ItemBatcher with a field and its Path", schema, "/States/A/ItemBatcher/MaxItemsPerBatchPath", 11, 46,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "ItemBatcher": {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n"},
              "End": true
            }
        """),
    c(
        "Label with a reserved character", "INVALID_LABEL_NAME", "/States/A/Label", 11, 7,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "Label": "a/b",
              "End": true
            }
        """),
    c(
        "ToleratedFailurePercentage above 100", schema, "/States/A/ToleratedFailurePercentage", 10, 7,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "ToleratedFailurePercentage": 150,
              "End": true
            }
        """),
    c(
        "duplicate state name across levels", "DUPLICATE_STATE_NAME", "/States/B", 12, 5,
        """
            "A": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "B",
                "States": {"B": {"Type": "Succeed"}}
              },
              "Next": "B"
            },
            "B": {
              "Type": "Succeed"
            }
        """),
    c(
        "state name too long", "INVALID_STATE_NAME", "/States/" + String(repeating: "n", count: 81), 8, 5,
        """
            "A": {
              "Type": "Pass",
              "Next": "\(String(repeating: "n", count: 81))"
            },
            "\(String(repeating: "n", count: 81))": {
              "Type": "Succeed"
            }
        """),
    c(
        "Wait without a duration", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Wait",
              "End": true
            }
        """),
    c(
        "Wait with Seconds and SecondsPath", schema, "/States/A/SecondsPath", 7, 7,
        """
            "A": {
              "Type": "Wait",
              "Seconds": 1,
              "SecondsPath": "$.s",
              "End": true
            }
        """),
    c(
        "Timestamp not ISO-8601", schema, "/States/A/Timestamp", 6, 7,
        """
            "A": {
              "Type": "Wait",
              "Timestamp": "tomorrow",
              "End": true
            }
        """),
    c(
        "Fail with Error and ErrorPath", schema, "/States/A/ErrorPath", 7, 7,
        """
            "A": {
              "Type": "Fail",
              "Error": "E",
              "ErrorPath": "$.e"
            }
        """),
    c(
        "Assign that is not an object", schema, "/States/A/Assign", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "Assign": "x",
              "End": true
            }
        """),
    c(
        "Parameters fed to NO_DOLLAR warning", "NO_DOLLAR", "/States/A/Parameters/x", 7, 9, severity: .warning,
        """
            "A": {
              "Type": "Pass",
              "Parameters": {
                "x": "$.looks.like.a.path"
              },
              "End": true
            }
        """),
]

@Test(arguments: ruleCases)
func validationRuleIsReported(_ rule: ValidateRuleCase) {
    let report = DefinitionValidator.validate(text: rule.text)
    let match = report.diagnostics.first { $0.code == rule.code && $0.pointer == rule.pointer }
    #expect(
        match != nil, "no \(rule.code) at \(rule.pointer); got \(report.diagnostics.map { "\($0.code) \($0.pointer)" })"
    )
    #expect(match?.location == SourceLocation(line: rule.line, column: rule.column))
    #expect(match?.severity == rule.severity)
    #expect(report.isValid == (rule.severity == .warning))
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
