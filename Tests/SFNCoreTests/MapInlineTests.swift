import SFNCore
import SFNJSON
import Testing

/// INLINE Map iterations nobody observes run on a worker route of their own (Executor+MapInline,
/// Executor+MapSelection). Each test runs the same machine unobserved and with its history kept
/// (the general route) and, where it matters, one item at a time: the routes must agree on
/// output, error and event count.
struct MapInlineTests {
    static let items: JSONValue = .array((0..<1000).map { i in ["id": .int(i), "a": .int(i), "b": .int(2 * i)] })

    /// Runs `definition` unobserved, observed and (with MaxConcurrency 1 put in) in order.
    func threeWays(_ definition: String, input: JSONValue) async throws -> [ExecutionResult] {
        let unobserved = try await execute(definition, input: input)
        let observed = try await execute(definition, input: input, options: testOptions(recordHistory: true))
        let ordered = try await execute(
            definition.replacingOccurrences(of: #""Type":"Map","#, with: #""Type":"Map","MaxConcurrency":1,"#),
            input: input)
        return [unobserved, observed, ordered]
    }

    @Test func selectorAndProcessorGiveEveryItemInOrder() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"i.$":"$.index","sum.$":"States.MathAdd($.value.a, $.value.b)","tag.$":"States.Format('item-{}', $.value.id)"},"End":true}}},"ResultSelector":{"count.$":"States.ArrayLength($)","last.$":"$[-1:]"},"End":true}}}"#
        let runs = try await threeWays(def, input: ["items": Self.items])
        for r in runs {
            #expect(r.output == ["count": 1000, "last": [["i": 999, "sum": 2997, "tag": "item-999"]]])
        }
        #expect(runs[0].eventCount == runs[1].eventCount)
        #expect(runs[0].eventCount == 3 + 4 * 1000 + 3)
    }

    @Test func selectorReadingMoreOfTheContextSeesAllOfIt() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"a.$":"$$.Map.Item.Value.a","state.$":"$$.State.Name","exec.$":"$$.Execution.Name","n.$":"States.Format('{}/{}', $$.Map.Item.Index, $.tag)"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let runs = try await threeWays(def, input: ["items": Self.items, "tag": "t"])
        guard case .array(let out)? = runs[0].output else {
            Issue.record("no array output: \(String(describing: runs[0].output))")
            return
        }
        #expect(out.count == 1000)
        #expect(out[7] == ["a": 7, "state": "M", "exec": "exec-1", "n": "7/t"])
        #expect(runs[1].output == runs[0].output && runs[2].output == runs[0].output)
    }

    @Test func jsonataSelectorSeesTheMapItem() async throws {
        let def =
            #"{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.items %}","ItemSelector":{"i":"{% $states.context.Map.Item.Index %}","b":"{% $states.context.Map.Item.Value.b %}","s":"{% $states.context.State.Name %}"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input.i + $states.input.b %}","End":true}}},"End":true}}}"#
        let runs = try await threeWays(def, input: ["items": Self.items])
        #expect(runs[0].output == .array((0..<1000).map { .int(3 * $0) }))
        #expect(runs[1].output == runs[0].output && runs[2].output == runs[0].output)
    }

    @Test func theFirstFailingItemIsTheMapsError() async throws {
        // Items 300 and 700 fail; whichever worker meets one first, item 300's error is reported.
        let failing =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Or":[{"Variable":"$.id","NumericEquals":300},{"Variable":"$.id","NumericEquals":700}],"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Bad","CausePath":"States.Format('item {}', $.id)"},"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let runs = try await threeWays(failing, input: Self.items)
        for r in runs {
            #expect(r.status == .failed)
            #expect(r.error == "Bad" && r.cause == "item 300")
        }
    }

    @Test func aSelectorFailureWinsOverAnEarlierIterationFailure() async throws {
        // Item 0 fails in its iteration; item 500 has no `a` for the selector. The selector runs
        // on every item before any iteration, so its failure is the Map's.
        var items = (0..<1000).map { i -> JSONValue in ["id": .int(i), "a": .int(i)] }
        items[500] = ["id": 500]
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":{"a.$":"$$.Map.Item.Value.a"},"ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":0,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Bad"},"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let unobserved = try await execute(def, input: .array(items))
        let observed = try await execute(def, input: .array(items), options: testOptions(recordHistory: true))
        #expect(unobserved.error == "States.Runtime")
        #expect(unobserved.cause?.contains("'$$.Map.Item.Value.a'") == true)
        #expect(unobserved.error == observed.error && unobserved.cause == observed.cause)
        #expect(unobserved.eventCount == observed.eventCount)
    }

    @Test func assignmentsStayInsideEachIteration() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"seen":0},"Next":"M"},"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"before.$":"$seen","id.$":"$.id"},"Assign":{"seen.$":"$.id"},"End":true}}},"Next":"Q"},"Q":{"Type":"Pass","Parameters":{"seen.$":"$seen","n.$":"States.ArrayLength($)","distinct.$":"States.ArrayLength(States.ArrayUnique($[*].before))"},"End":true}}}"#
        let runs = try await threeWays(def, input: Self.items)
        for r in runs { #expect(r.output == ["seen": 0, "n": 1000, "distinct": 1]) }
    }
}
