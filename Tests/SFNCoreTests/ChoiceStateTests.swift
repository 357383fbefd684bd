import SFNCore
import SFNJSON
import Testing

struct ChoiceStateTests {
    /// A machine whose output says which branch a single rule took.
    func machine(rule: String) -> String {
        #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"# + rule
            + #","Next":"Yes"}],"Default":"No"},"Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}"#
    }

    @Test(arguments: [
        (#""Variable":"$.v","StringEquals":"a""#, JSONValue.string("a"), "yes"),
        (#""Variable":"$.v","StringEquals":"a""#, JSONValue.int(1), "no"),
        (#""Variable":"$.v","StringLessThan":"b""#, JSONValue.string("a"), "yes"),
        (#""Variable":"$.v","StringGreaterThanEquals":"b""#, JSONValue.string("a"), "no"),
        (#""Variable":"$.v","NumericEquals":1"#, JSONValue.double(1.0), "yes"),
        (#""Variable":"$.v","NumericLessThan":1.5"#, JSONValue.int(1), "yes"),
        (#""Variable":"$.v","NumericGreaterThan":1"#, JSONValue.string("2"), "no"),
        (#""Variable":"$.v","BooleanEquals":false"#, JSONValue.bool(false), "yes"),
        (
            #""Variable":"$.v","TimestampLessThan":"2020-01-01T00:00:00Z""#, JSONValue.string("2019-12-31T23:59:59Z"),
            "yes"
        ),
        (
            #""Variable":"$.v","TimestampEquals":"2020-01-01T00:00:00Z""#,
            JSONValue.string("2020-01-01T01:00:00+01:00"), "yes"
        ),
        (#""Variable":"$.v","StringMatches":"log-*.txt""#, JSONValue.string("log-1.txt"), "yes"),
        (#""Variable":"$.v","IsNull":true"#, JSONValue.null, "yes"),
        (#""Variable":"$.v","IsNumeric":true"#, JSONValue.string("1"), "no"),
        (#""Variable":"$.v","IsString":true"#, JSONValue.string("1"), "yes"),
        (#""Variable":"$.v","IsBoolean":false"#, JSONValue.int(0), "yes"),
        (#""Variable":"$.v","IsTimestamp":true"#, JSONValue.string("2020-01-01T00:00:00Z"), "yes"),
        (#""Variable":"$.missing","IsPresent":false"#, JSONValue.null, "yes"),
        (#""Variable":"$.v","IsPresent":true"#, JSONValue.null, "yes"),
        (
            #""And":[{"Variable":"$.v","IsNumeric":true},{"Variable":"$.v","NumericGreaterThan":0}]"#, JSONValue.int(3),
            "yes"
        ),
        (
            #""Or":[{"Variable":"$.v","IsString":true},{"Variable":"$.v","NumericGreaterThan":5}]"#, JSONValue.int(3),
            "no"
        ),
        (#""Not":{"Variable":"$.v","IsNull":true}"#, JSONValue.int(3), "yes"),
    ])
    func operators(rule: String, value: JSONValue, branch: String) async throws {
        let r = try await execute(machine(rule: rule), input: ["v": value])
        #expect(r.output == .string(branch))
    }

    @Test func pathOperandsCompareTwoInputs() async throws {
        let r = try await execute(
            machine(rule: #""Variable":"$.a","NumericLessThanPath":"$.b""#), input: ["a": 1, "b": 2])
        #expect(r.output == "yes")
    }

    @Test func noMatchWithoutDefaultFails() async throws {
        let def =
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true,"Next":"E"}]},"E":{"Type":"Succeed"}}}"#
        let r = try await execute(def, input: ["v": 1])
        #expect(r.status == .failed)
        #expect(r.error == "States.NoChoiceMatched")
    }
}
