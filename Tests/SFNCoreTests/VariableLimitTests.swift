import SFNCore
import SFNJSON
import Testing

/// A string whose JSON text (with its quotes) is exactly `bytes` long.
private func text(bytes: Int) -> JSONValue { .string(String(repeating: "x", count: bytes - 2)) }

/// Pass states S0...S(n-1) in a row; state i assigns `assign(i)` (the members of an Assign object).
/// With `then`, the last one goes on to state "T" with that body.
private func chain(_ n: Int, jsonata: Bool = false, then: String? = nil, assign: (Int) -> String) -> String {
    var states: [String] = []
    for i in 0..<n {
        let next = i < n - 1 ? #""Next":"S\#(i + 1)""# : then == nil ? #""End":true"# : #""Next":"T""#
        states.append(#""S\#(i)":{"Type":"Pass","Assign":{\#(assign(i))},\#(next)}"#)
    }
    let language = jsonata ? #""QueryLanguage":"JSONata","# : ""
    if let then { states.append(#""T":"# + then) }
    return "{" + language + #""StartAt":"S0","States":{"# + states.joined(separator: ",") + "}}"
}

private func prefix(_ state: String, _ event: Int) -> String {
    "An error occurred while executing the state '\(state)' (entered at the event id #\(event)). "
}

struct VariableLimitTests {
    @Test(arguments: [(262_144, true), (262_145, false)])
    func oneVariable(bytes: Int, fits: Bool) async throws {
        let def = chain(1) { _ in #""x.$":"$.s""# }
        let r = try await execute(def, input: ["s": text(bytes: bytes)])
        if fits {
            #expect(r.status == .succeeded)
        } else {
            #expect(r.error == "States.DataLimitExceeded")
            #expect(
                r.cause == prefix("S0", 2)
                    + "The value assigned to the variable 'x' exceeds the maximum size of 262144 bytes (256 KiB) for a variable."
            )
        }
    }

    @Test func oneVariableInJSONata() async throws {
        let def = chain(1, jsonata: true) { _ in #""small":1,"x":"{% $states.input.s %}""# }
        let r = try await execute(def, input: ["s": text(bytes: 262_145)])
        #expect(r.error == "States.DataLimitExceeded")
        #expect(
            r.cause == prefix("S0", 2)
                + "The value assigned to the variable 'x' exceeds the maximum size of 262144 bytes (256 KiB) for a variable."
        )
    }

    @Test func sizesAreCompactJSON() async throws {
        // Each quote prints escaped, in 2 bytes: 131,071 of them and the enclosing quotes make
        // 262,144 bytes, the most a variable may have.
        let quotes = JSONValue.string(String(repeating: "\"", count: 131_071))  // 262,144 bytes
        let r = try await execute(chain(1) { _ in #""q.$":"$.q""# }, input: ["q": quotes])
        #expect(r.status == .succeeded)
        let over = JSONValue.string(String(repeating: "\"", count: 131_072))
        let s = try await execute(chain(1) { _ in #""q.$":"$.q""# }, input: ["q": over])
        #expect(s.error == "States.DataLimitExceeded")
    }

    @Test(arguments: [(131_072, true), (131_073, false)])
    func oneAssign(bytes: Int, fits: Bool) async throws {
        let def = chain(1) { _ in #""a.$":"$.s","b.$":"$.s""# }
        let r = try await execute(def, input: ["s": text(bytes: bytes)])
        if fits {
            #expect(r.status == .succeeded)
        } else {
            #expect(r.error == "States.DataLimitExceeded")
            #expect(
                r.cause == prefix("S0", 2)
                    + "The variables assigned by the state exceed the maximum size of 262144 bytes (256 KiB) for one Assign."
            )
        }
    }

    @Test func allVariablesOfAnExecution() async throws {
        // 41 variables of 250,000 bytes make 10,250,000 bytes, under 10 MiB (10,485,760); a 42nd is too many.
        let input: JSONValue = ["s": text(bytes: 250_000)]
        let fits = try await execute(chain(41) { i in #""v\#(i).$":"$.s""# }, input: input)
        #expect(fits.status == .succeeded)
        let r = try await execute(chain(42) { i in #""v\#(i).$":"$.s""# }, input: input)
        #expect(r.error == "States.DataLimitExceeded")
        // S41 is entered at event 2 + 2 * 41.
        #expect(
            r.cause == prefix("S41", 84)
                + "The workflow variables of the execution would exceed the maximum total size of 10485760 bytes (10 MiB)."
        )
    }

    @Test func reassigningReplacesTheSize() async throws {
        // 60 assignments of 250,000 bytes, but to 2 names: 500,000 bytes at any time.
        let r = try await execute(chain(60) { i in #""v\#(i % 2).$":"$.s""# }, input: ["s": text(bytes: 250_000)])
        #expect(r.status == .succeeded)
    }

    @Test func smallValuesAreNotMeasuredByTheirBound() async throws {
        // 80 strings of 40,000 bytes are bounded by 6 bytes a character (19 MiB together) but make
        // 3.2 MB: the execution total is measured exactly before anything is refused.
        let r = try await execute(chain(80) { i in #""v\#(i).$":"$.s""# }, input: ["s": text(bytes: 40_000)])
        #expect(r.status == .succeeded)
    }

    @Test func branchVariablesCountTheOuterOnes() async throws {
        // 41 outer variables of 250,000 bytes, then a Parallel branch assigning one more.
        let branch =
            #"{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"inner.$":"$.s"},"End":true}}}],"End":true}"#
        let def = chain(41, then: branch) { i in #""v\#(i).$":"$.s""# }
        let r = try await execute(def, input: ["s": text(bytes: 250_000)])
        #expect(r.error == "States.DataLimitExceeded")
        #expect(
            r.cause?.hasSuffix(
                "The workflow variables of the execution would exceed the maximum total size of 10485760 bytes (10 MiB)."
            ) == true)
    }

    @Test func iterationVariablesLeaveNoSizeBehind() async throws {
        // 40 outer variables (10,000,000 bytes); in-order Map iterations each assign one of
        // 250,000 inside; afterwards a 41st outer one still fits (10,250,000 bytes).
        let map =
            #"{"Type":"Map","MaxConcurrency":1,"ItemsPath":"$.xs","ItemSelector":{"s.$":"$.s"},"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Assign":{"inner.$":"$.s"},"End":true}}},"ResultPath":null,"Next":"U"},"U":{"Type":"Pass","Assign":{"last.$":"$.s"},"End":true}"#
        let def = chain(40, then: map) { i in #""v\#(i).$":"$.s""# }
        let r = try await execute(def, input: ["s": text(bytes: 250_000), "xs": [1, 2, 3]])
        #expect(r.status == .succeeded)
    }

    @Test func trackedSizesFollowReassignments() async throws {
        // 20 variables of 250,000 bytes assigned three times over (past 4 MiB every size is
        // tracked), then new ones: 41 distinct fit, the 42nd does not.
        let name: (Int) -> String = { i in i < 60 ? "v\(i % 20)" : "v\(i - 40)" }
        let input: JSONValue = ["s": text(bytes: 250_000)]
        let fits = try await execute(chain(81) { i in #""\#(name(i)).$":"$.s""# }, input: input)
        #expect(fits.status == .succeeded)
        let r = try await execute(chain(82) { i in #""\#(name(i)).$":"$.s""# }, input: input)
        #expect(
            r.cause == prefix("S81", 164)
                + "The workflow variables of the execution would exceed the maximum total size of 10485760 bytes (10 MiB)."
        )
    }
}
