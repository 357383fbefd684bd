import SFNCore
import SFNJSON
import Testing

/// Branches and iterations that run side by side keep AWS's results: order, failures, variables.
struct ConcurrencyTests {
    @Test func concurrentMapKeepsItemOrder() async throws {
        // A Wait makes the processor "blocking", so iterations are spread over workers.
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":8,"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","Next":"P"},"P":{"Type":"Pass","Parameters":{"v.$":"$.v"},"End":true}}},"End":true}}}"#
        let items: [JSONValue] = (0..<50).map { ["s": .int(50 - $0), "v": .int($0)] }
        let r = try await execute(def, input: .array(items), options: testOptions(recordHistory: true))
        #expect(r.output == .array((0..<50).map { ["v": .int($0)] }))
        #expect(r.history?.filter { $0.type == .mapIterationSucceeded }.count == 50)
        // Event ids stay unique and dense although iterations interleave.
        #expect(r.history?.map(\.id) == Array(1...(r.history?.count ?? 0)))
    }

    @Test func concurrentMapFailureStopsTheMap() async throws {
        let def =
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":4,"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":7,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Seven"},"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        let r = try await execute(def, input: .array((0..<20).map { .int($0) }))
        #expect(r.status == .failed)
        #expect(r.error == "Seven")
    }

    @Test func parallelBranchesSeeOuterVariablesOnly() async throws {
        let def =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"P"},"P":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"x":2},"Next":"B2"},"B2":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}},{"StartAt":"C1","States":{"C1":{"Type":"Wait","Seconds":1,"Next":"C2"},"C2":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}],"Next":"Q"},"Q":{"Type":"Pass","Parameters":{"outer.$":"$x","branches.$":"$"},"End":true}}}"#
        let r = try await execute(def)
        #expect(r.output == ["outer": 1, "branches": [["x": 2], ["x": 1]]])
    }

    @Test func failingBranchFailsTheParallel() async throws {
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}},{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Left","Cause":"right"}}}],"End":true}}}"#
        let r = try await execute(def, options: testOptions(recordHistory: true))
        #expect(r.error == "Left" && r.cause == "right")
        #expect(r.history?.contains { $0.type == .parallelStateFailed } == true)
    }

    @Test func skippedWaitsInBranchesAdvanceTheClockByTheLongest() async throws {
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":30,"End":true}}},{"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":10,"End":true}}}],"ResultPath":null,"Next":"T"},"T":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}"#
        let r = try await execute(def)
        #expect(r.output == ["t": "2023-11-14T22:13:50.000Z"])
    }

    @Test func eventIdsAfterSiblingsDoNotDependOnKeepingTheHistory() async throws {
        // Branches longer than one reserved id block (32), then a state whose cause quotes its
        // entered event id: counting without a history must land on the recorded numbering.
        func chain(_ n: Int) -> String {
            let states = (0..<n).map { i in
                let next = i + 1 < n ? "\"Next\":\"S\(i + 1)\"" : "\"End\":true"
                return "\"S\(i)\":{\"Type\":\"Pass\",\(next)}"
            }
            return "{\"StartAt\":\"S0\",\"States\":{" + states.joined(separator: ",") + "}}"
        }
        let branches = [chain(45), chain(7), chain(33)].joined(separator: ",")
        let def =
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":["# + branches
            + #"],"Next":"M"},"M":{"Type":"Map","ItemsPath":"$[0]","MaxConcurrency":2,"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"X"},"X":{"Type":"Pass","End":true}}},"Next":"Bad"},"#
            + #""Bad":{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}}}"#
        let counted = try await execute(def, input: [1, 2, 3], options: testOptions(recordHistory: false))
        let recorded = try await execute(def, input: [1, 2, 3], options: testOptions(recordHistory: true))
        #expect(counted.status == .failed)
        #expect(counted.cause == recorded.cause)
        let entered = recorded.history?.first { $0.type == .passStateEntered && $0.stateName == "Bad" }?.id
        #expect(entered != nil && counted.cause?.contains("(entered at the event id #\(entered ?? 0))") == true)
        #expect(counted.eventCount == recorded.history?.count)
    }
}
