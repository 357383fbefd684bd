import SFNCore
import SFNJSON
import Testing

/// More of ValidateRuleTests' cases: one invalid definition per rule, with the diagnostic's code,
/// pointer and line:column.
let moreRuleCases: [ValidateRuleCase] = [
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
        "JSONata syntax error", "INVALID_JSONATA_EXPRESSION", "/States/A/Output", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "Output": "{% 1 + %}",
              "End": true
            }
        """),
    ruleCase(
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
    ruleCase(
        "JSONata reading $$", "UNSUPPORTED_JSONATA_EXPRESSION", "/States/A/Output", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "Output": "{% $$.a %}",
              "End": true
            }
        """),
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
        "JSONPath-only field in a JSONata state", schema, "/States/A/InputPath", 7, 7,
        """
            "A": {
              "Type": "Pass",
              "QueryLanguage": "JSONata",
              "InputPath": "$.x",
              "End": true
            }
        """),
    ruleCase(
        "JSONata-only field in a JSONPath state", schema, "/States/A/Arguments", 7, 7,
        """
            "A": {
              "Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:1:function:f",
              "Arguments": {},
              "End": true
            }
        """),
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
        "Map without ItemProcessor", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Map",
              "End": true
            }
        """),
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
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
    ruleCase(
        "Wait without a duration", schema, "/States/A", 4, 5,
        """
            "A": {
              "Type": "Wait",
              "End": true
            }
        """),
    ruleCase(
        "Wait with Seconds and SecondsPath", schema, "/States/A/SecondsPath", 7, 7,
        """
            "A": {
              "Type": "Wait",
              "Seconds": 1,
              "SecondsPath": "$.s",
              "End": true
            }
        """),
    ruleCase(
        "Timestamp not ISO-8601", schema, "/States/A/Timestamp", 6, 7,
        """
            "A": {
              "Type": "Wait",
              "Timestamp": "tomorrow",
              "End": true
            }
        """),
    ruleCase(
        "Fail with Error and ErrorPath", schema, "/States/A/ErrorPath", 7, 7,
        """
            "A": {
              "Type": "Fail",
              "Error": "E",
              "ErrorPath": "$.e"
            }
        """),
    ruleCase(
        "Assign that is not an object", schema, "/States/A/Assign", 6, 7,
        """
            "A": {
              "Type": "Pass",
              "Assign": "x",
              "End": true
            }
        """),
    ruleCase(
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

@Test(arguments: moreRuleCases)
func moreValidationRulesAreReported(_ rule: ValidateRuleCase) {
    expectReported(rule)
}

/// The rule's diagnostic is there, at its line:column, with its severity; only warnings leave the
/// definition valid.
func expectReported(_ rule: ValidateRuleCase) {
    let report = DefinitionValidator.validate(text: rule.text)
    let match = report.diagnostics.first { $0.code == rule.code && $0.pointer == rule.pointer }
    #expect(
        match != nil, "no \(rule.code) at \(rule.pointer); got \(report.diagnostics.map { "\($0.code) \($0.pointer)" })"
    )
    #expect(match?.location == SFNJSON.SourceLocation(line: rule.line, column: rule.column))
    #expect(match?.severity == rule.severity)
    #expect(report.isValid == (rule.severity == .warning))
}
