import SFNCore
import SFNJSON
import Testing

/// An unobserved INLINE Map whose ItemSelector passes on the item and its index, and whose
/// processor is one Pass with Parameters, evaluates each output from the item itself
/// (Executor+MapFusion). Each test runs the machine that way, with its history kept (the general
/// route) and one item at a time: output, error, cause and event count must agree.
struct MapFusionTests {
    static let items: JSONValue = .array(
        (0..<1000).map { i in ["id": .int(i), "a": .int(i), "o": ["k": .int(i % 7)], "arr": [.int(i), 2, 3]] })

    func threeWays(_ definition: String, input: JSONValue, options: ExecutionOptions = testOptions()) async throws
        -> [ExecutionResult]
    {
        var observedOptions = options
        observedOptions.recordHistory = true
        let unobserved = try await execute(definition, input: input, options: options)
        let observed = try await execute(definition, input: input, options: observedOptions)
        let ordered = try await execute(
            definition.replacingOccurrences(of: #""Type":"Map","#, with: #""Type":"Map","MaxConcurrency":1,"#),
            input: input, options: options)
        return [unobserved, observed, ordered]
    }

    static func machine(_ parameters: String) -> String {
        #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":"#
            + parameters + #","End":true}}},"End":true}}}"#
    }

    /// A cause with its entered event's id taken out: beside unobserved siblings ids come in
    /// blocks, so that id is the one part that differs between routes.
    static func withoutEventId(_ cause: String?) -> String? {
        cause?.replacing(/event id #\d+/, with: "event id #N")
    }

    @Test func pathsIntoTheItemGiveWhatTheSelectedObjectGives() async throws {
        let def = Self.machine(
            #"{"i.$":"$.index","k":"lit","n.$":"$.value.o.k","first.$":"$.value.arr[0]","all.$":"$.value.arr[*]","slice.$":"$.value.arr[1:]","whole.$":"$.value","f.$":"States.Format('{}:{}', $.value.id, $.value.o.k)","nested":{"x.$":"$.value.id","l":[1,{"y.$":"States.MathAdd($.value.a, 1)"}]}}"#
        )
        let runs = try await threeWays(def, input: ["items": Self.items])
        guard case .array(let out)? = runs[0].output else {
            Issue.record("no array output: \(String(describing: runs[0].output))")
            return
        }
        #expect(out.count == 1000)
        #expect(
            out[9]
                == [
                    "i": 9, "k": "lit", "n": 2, "first": 9, "all": [9, 2, 3], "slice": [2, 3],
                    "whole": ["id": 9, "a": 9, "o": ["k": 2], "arr": [9, 2, 3]], "f": "9:2",
                    "nested": ["x": 9, "l": [1, ["y": 10]]],
                ])
        #expect(runs[1].output == runs[0].output && runs[2].output == runs[0].output)
        #expect(runs[0].eventCount == runs[1].eventCount)
        #expect(runs[0].eventCount == 3 + 4 * 1000 + 3)
    }

    @Test func anItemThatFailsGivesTheGeneralRoutesError() async throws {
        // Item 500 has no `a`: its Parameters fail, and the error names the selected object.
        guard case .array(var items) = Self.items else { return }
        items[500] = ["id": 500]
        let def = Self.machine(#"{"i.$":"$.index","sum.$":"States.MathAdd($.value.a, 1)"}"#)
        let runs = try await threeWays(def, input: ["items": .array(items)])
        #expect(runs[0].status == .failed)
        #expect(runs[0].error == "States.Runtime")
        #expect(runs[0].cause?.contains(#"'{"index":500,"value":{"id":500}}'"#) == true)
        let stripped = runs.map { Self.withoutEventId($0.cause) }
        // (How many iterations the other workers finish before they stop depends on timing, on
        // either route, so event counts are not compared.)
        for (r, cause) in zip(runs, stripped).dropFirst() { #expect(r.error == runs[0].error && cause == stripped[0]) }
    }

    @Test func theFirstFailingItemIsTheMapsError() async throws {
        guard case .array(var items) = Self.items else { return }
        items[300] = ["id": 300, "a": "x"]
        items[700] = ["id": 700, "a": "y"]
        let def = Self.machine(
            #"{"sum.$":"States.MathAdd($.value.a, $.index)"}"#.replacingOccurrences(
                of: "$.index", with: "1"))
        let runs = try await threeWays(def, input: ["items": .array(items)])
        for r in runs {
            #expect(r.error == "States.IntrinsicFailure")
            #expect(Self.withoutEventId(r.cause) == Self.withoutEventId(runs[0].cause))
            #expect(r.cause?.contains(#"but was string "x""#) == true)
        }
    }

    @Test(arguments: [
        // The index inside a call, a filter (whose `$` is the selected object), the whole input,
        // a member the selector does not make: not fused, and still right.
        #"{"f.$":"States.Format('{}', $.index)"}"#,
        #"{"big.$":"$.value.arr[?(@ > 2)]"}"#,
        #"{"all.$":"$"}"#,
        #"{"i.$":"$.index.x"}"#,
        #"{"i.$":"$['value'].id"}"#,
    ])
    func otherShapesKeepTheGeneralRoute(parameters: String) async throws {
        let runs = try await threeWays(Self.machine(parameters), input: ["items": Self.items])
        #expect(runs[0].status == runs[1].status)
        #expect(runs[0].output == runs[1].output && runs[2].output == runs[0].output)
        #expect(runs[0].error == runs[1].error)
        #expect(Self.withoutEventId(runs[0].cause) == Self.withoutEventId(runs[1].cause))
        // A failed Map's count depends on how far the other workers got.
        if runs[0].status == .succeeded { #expect(runs[0].eventCount == runs[1].eventCount) }
    }

    @Test func theHistoryQuotaStopsTheMapAsTheRunLoopDoes() async throws {
        var options = testOptions()
        options.maxHistoryEvents = 1000
        let def = Self.machine(#"{"i.$":"$.index"}"#)
        let fused = try await execute(def, input: ["items": Self.items], options: options)
        options.recordHistory = true
        let observed = try await execute(def, input: ["items": Self.items], options: options)
        #expect(fused.status == .failed && observed.status == .failed)
        #expect(fused.error == observed.error && fused.cause == observed.cause)
    }

    @Test(arguments: [
        #"{"f.$":"States.Format('v={}', $.value.o)"}"#, #"{"f.$":"States.Format('{}', $.value.arr)"}"#,
        #"{"f.$":"States.Format('\\{{}\\}', $.value.o.k)"}"#,
        #"{"f.$":"States.Format('{}:{}', $.value.a, $.value.id)"}"#,
        #"{"f.$":"States.Format('{}', $.value.missing)"}"#, #"{"all.$":"$.value.arr[?(@ > 500)]"}"#,
        #"{"x.$":"States.ArrayGetItem($.value.arr, 0)","y.$":"States.JsonToString($.value.o)"}"#,
    ])
    func intrinsicsOfEveryKindGiveTheGeneralRoutesOutput(parameters: String) async throws {
        let runs = try await threeWays(Self.machine(parameters), input: ["items": Self.items])
        #expect(runs[0].status == runs[1].status && runs[0].status == runs[2].status)
        #expect(runs[0].output == runs[1].output && runs[2].output == runs[0].output)
        #expect(runs[0].error == runs[1].error && runs[0].error == runs[2].error)
        #expect(Self.withoutEventId(runs[0].cause) == Self.withoutEventId(runs[1].cause))
    }

    /// The workers measure the outputs for `--max-payload` as they make them; the Map's results
    /// pass or fail the limit exactly as when they are measured all at once.
    @Test(arguments: [20_000, 40_000, 200_000])
    func theResultsAreMeasuredAgainstThePayloadLimit(cap: Int) async throws {
        var options = testOptions()
        options.maxPayloadBytes = cap
        let def = Self.machine(#"{"i.$":"$.index","t.$":"States.Format('item number {}', $.value.id)"}"#)
        let runs = try await threeWays(def, input: ["items": Self.items], options: options)
        // 1,000 results of 27 to 31 bytes: 31,781 bytes of compact JSON (a bound of about 116,000).
        for r in runs {
            #expect(r.status == (cap < 31_781 ? .failed : .succeeded))
            #expect(r.error == runs[0].error && r.cause == runs[0].cause)
            #expect(r.output == runs[0].output)
        }
    }
}
