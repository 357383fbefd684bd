import SFNCore
import SFNJSON
import Testing

/// A DISTRIBUTED Map over `$.xs` whose child execution hands its input back, with `fields`
/// added to the Map state.
private func batchingMap(
    _ fields: String, processor: String = #""StartAt":"P","States":{"P":{"Type":"Pass","End":true}}"#,
    jsonata: Bool = false
) -> String {
    let items = jsonata ? #""Items":"{% $states.input.xs %}""# : #""ItemsPath":"$.xs""#
    let language = jsonata ? #""QueryLanguage":"JSONata","# : ""
    return "{" + language + #""StartAt":"M","States":{"M":{"Type":"Map","# + items + ","
        + #""ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"# + processor + "},"
        + fields + #","End":true}}}"#
}

private let prefix = "An error occurred while executing the state 'M' (entered at the event id #2). "

struct MapItemBatcherTests {
    @Test(
        arguments: [
            (2, [["Items": [1, 2]], ["Items": [3, 4]], ["Items": [5]]]),
            (3, [["Items": [1, 2, 3]], ["Items": [4, 5]]]),
            (5, [["Items": [1, 2, 3, 4, 5]]]),
            (9, [["Items": [1, 2, 3, 4, 5]]]),
            // 0 sets no limit on the count.
            (0, [["Items": [1, 2, 3, 4, 5]]]),
        ] as [(Int, JSONValue)])
    func maxItemsPerBatch(limit: Int, expected: JSONValue) async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxItemsPerBatch":\#(limit)}"#)
        let r = try await execute(def, input: ["xs": [1, 2, 3, 4, 5]])
        #expect(r.status == .succeeded)
        #expect(r.output == expected)
    }

    @Test func noItemsMeansNoBatches() async throws {
        let r = try await execute(batchingMap(#""ItemBatcher":{"MaxItemsPerBatch":2}"#), input: ["xs": []])
        #expect(r.output == [])
    }

    @Test func batchInputIsAPayloadTemplate() async throws {
        let def = batchingMap(
            #""ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag.$":"$.tag","fixed":1,"run.$":"$$.Execution.Name"}}"#
        )
        let r = try await execute(def, input: ["xs": ["a", "b", "c"], "tag": "t"])
        let batchInput: JSONValue = ["tag": "t", "fixed": 1, "run": "exec-1"]
        #expect(
            r.output == [
                ["BatchInput": batchInput, "Items": ["a", "b"]], ["BatchInput": batchInput, "Items": ["c"]],
            ])
    }

    @Test func itemSelectorRunsOnEachItemBeforeBatching() async throws {
        let def = batchingMap(
            #""ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value"},"ItemBatcher":{"MaxItemsPerBatch":2}"#
        )
        let r = try await execute(def, input: ["xs": ["a", "b", "c"]])
        #expect(r.output == [["Items": [["i": 0, "v": "a"], ["i": 1, "v": "b"]]], ["Items": [["i": 2, "v": "c"]]]])
    }

    @Test func maxItemsPerBatchPath() async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxItemsPerBatchPath":"$.n"}"#)
        let r = try await execute(def, input: ["xs": [1, 2, 3], "n": 2])
        #expect(r.output == [["Items": [1, 2]], ["Items": [3]]])
        // Numbers in strings count, as for the Map's other counts.
        let s = try await execute(def, input: ["xs": [1, 2, 3], "n": "1"])
        #expect(s.output == [["Items": [1]], ["Items": [2]], ["Items": [3]]])
    }

    @Test(arguments: [
        (
            "MaxItemsPerBatchPath", "\"many\"" as String,
            "The MaxItemsPerBatchPath field refers to value \"many\" which is not a valid integer: $.n"
        ),
        (
            "MaxItemsPerBatchPath", "2.5",
            "The MaxItemsPerBatchPath field refers to value \"2.5\" which is not a valid integer: $.n"
        ),
        ("MaxItemsPerBatchPath", "-1", "MaxItemsPerBatch cannot be negative."),
        (
            "MaxInputBytesPerBatchPath", "\"big\"",
            "The MaxInputBytesPerBatchPath field refers to value \"big\" which is not a valid integer: $.n"
        ),
        ("MaxInputBytesPerBatchPath", "-5", "MaxInputBytesPerBatch must be between 0 and 262144."),
        ("MaxInputBytesPerBatchPath", "262145", "MaxInputBytesPerBatch must be between 0 and 262144."),
    ])
    func badLimitsFailTheExecution(field: String, value: String, cause: String) async throws {
        let def = batchingMap(#""ItemBatcher":{"\#(field)":"$.n"}"#)
        let input = try JSONParser.parse(#"{"xs":[1],"n":\#(value)}"#)
        let r = try await execute(def, input: input)
        #expect(r.status == .failed)
        #expect(r.error == "States.Runtime")
        #expect(r.cause == prefix + cause)
    }

    /// Strings "aaaa" print in 6 bytes, `{"Items":[]}` in 12: one item makes 18 bytes, two 25,
    /// three 32.
    @Test(
        arguments: [
            (32, [["Items": ["aaaa", "aaaa", "aaaa"]]]),
            (31, [["Items": ["aaaa", "aaaa"]], ["Items": ["aaaa"]]]),
            (25, [["Items": ["aaaa", "aaaa"]], ["Items": ["aaaa"]]]),
            (24, [["Items": ["aaaa"]], ["Items": ["aaaa"]], ["Items": ["aaaa"]]]),
            (18, [["Items": ["aaaa"]], ["Items": ["aaaa"]], ["Items": ["aaaa"]]]),
        ] as [(Int, JSONValue)])
    func maxInputBytesPerBatch(limit: Int, expected: JSONValue) async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxInputBytesPerBatch":\#(limit)}"#)
        let r = try await execute(def, input: ["xs": ["aaaa", "aaaa", "aaaa"]])
        #expect(r.output == expected)
    }

    /// `{"BatchInput":{"k":"v"},"Items":[]}` is 35 bytes; `"\"é"` prints in 6 (the escaped quote
    /// takes 2, é takes 2): two items make 48 bytes.
    @Test(
        arguments: [
            (
                48,
                [["BatchInput": ["k": "v"], "Items": ["\"é", "\"é"]], ["BatchInput": ["k": "v"], "Items": ["\"é"]]]
            ),
            (
                47,
                [
                    ["BatchInput": ["k": "v"], "Items": ["\"é"]], ["BatchInput": ["k": "v"], "Items": ["\"é"]],
                    ["BatchInput": ["k": "v"], "Items": ["\"é"]],
                ]
            ),
        ] as [(Int, JSONValue)])
    func byteLimitCountsBatchInputAndEscapes(limit: Int, expected: JSONValue) async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxInputBytesPerBatch":\#(limit),"BatchInput":{"k":"v"}}"#)
        let r = try await execute(def, input: ["xs": ["\"é", "\"é", "\"é"]])
        #expect(r.output == expected)
    }

    @Test func bothLimitsApply() async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxItemsPerBatch":2,"MaxInputBytesPerBatch":100}"#)
        let r = try await execute(def, input: ["xs": [1, 2, 3]])
        #expect(r.output == [["Items": [1, 2]], ["Items": [3]]])
    }

    @Test func itemTooLargeForAnyBatch() async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxInputBytesPerBatch":17}"#)
        let r = try await execute(def, input: ["xs": ["a", "aaaa"]])
        #expect(r.error == "States.DataLimitExceeded")
        #expect(
            r.cause == prefix
                + "The item at index 1 does not fit in a batch of at most 17 bytes (MaxInputBytesPerBatch).")
    }

    @Test func awsQuotaCapsBatchesWithoutAByteLimit() async throws {
        // Two strings of 200,000 bytes cannot share a batch of at most 256 KiB.
        let big = JSONValue.string(String(repeating: "x", count: 200_000))
        let def = batchingMap(
            #""ItemBatcher":{"MaxItemsPerBatch":10}"#,
            processor:
                #""StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength($.Items)"},"End":true}}"#
        )
        let r = try await execute(def, input: ["xs": [big, big, 1]])
        #expect(r.output == [["n": 1], ["n": 2]])
    }

    @Test func jsonataLimitsAndBatchInput() async throws {
        let def = batchingMap(
            #""ItemBatcher":{"MaxItemsPerBatch":"{% $states.input.n %}","BatchInput":{"w":"{% $states.input.w %}","c":3}}"#,
            jsonata: true)
        let r = try await execute(def, input: ["xs": [1, 2, 3], "n": 2, "w": "x"])
        #expect(
            r.output == [
                ["BatchInput": ["w": "x", "c": 3], "Items": [1, 2]], ["BatchInput": ["w": "x", "c": 3], "Items": [3]],
            ])
    }

    @Test func jsonataBadLimit() async throws {
        let def = batchingMap(#""ItemBatcher":{"MaxItemsPerBatch":"{% $states.input.n %}"}"#, jsonata: true)
        let r = try await execute(def, input: ["xs": [1], "n": "lots"])
        #expect(r.error == "States.QueryEvaluationError")
        #expect(r.cause == prefix + "The MaxItemsPerBatch field must be a valid integer but was: \"lots\"")
    }

    /// The child fails when its first item is 1.
    private let failOnOne =
        #""StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.Items[0]","NumericEquals":1,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Bad","Cause":"one"},"P":{"Type":"Pass","End":true}}"#

    @Test func toleratedFailuresCountBatches() async throws {
        // One failed batch of three is 33%: tolerated by a count of 1 or a percentage of 34.
        for tolerance in [#""ToleratedFailureCount":1"#, #""ToleratedFailurePercentage":34"#] {
            let def = batchingMap(#""ItemBatcher":{"MaxItemsPerBatch":2},"# + tolerance, processor: failOnOne)
            let r = try await execute(def, input: ["xs": [1, 2, 3, 4, 5, 6]])
            #expect(r.output == [["Error": "Bad", "Cause": "one"], ["Items": [3, 4]], ["Items": [5, 6]]])
        }
    }

    @Test func toleranceExceededByBatches() async throws {
        // Six items but three batches: one failure is 33%, more than 30%.
        let def = batchingMap(
            #""ItemBatcher":{"MaxItemsPerBatch":2},"ToleratedFailurePercentage":30"#, processor: failOnOne)
        let r = try await execute(def, input: ["xs": [1, 2, 3, 4, 5, 6]])
        #expect(r.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func batchesRunSideBySide() async throws {
        let def = batchingMap(
            #""MaxConcurrency":4,"ItemBatcher":{"MaxItemsPerBatch":3}"#,
            processor:
                #""StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.Items[0], $.Items[1])"},"End":true}}"#
        )
        let r = try await execute(def, input: ["xs": [1, 2, 3, 10, 20, 30, 100, 200]])
        #expect(r.output == [["sum": 3], ["sum": 30], ["sum": 300]])
    }
}
