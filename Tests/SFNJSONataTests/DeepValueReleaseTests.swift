import Testing

@testable import SFNJSONata

/// Engine values and syntax trees are freed with a work list: a chain a million levels deep would
/// overflow any thread's stack if each level's release recursed into the next.
struct DeepValueReleaseTests {
    static let depth = 1_000_000

    @Test("A million nested engine arrays and objects are freed")
    func nestedContainersFreed() {
        var value: Val = .null
        for i in 0..<Self.depth {
            if i.isMultiple(of: 2) {
                value = .array(Seq([value], sequence: false))
            } else {
                let o = Obj()
                o["n"] = value
                value = .object(o)
            }
        }
        #expect(value.isObject)
        value = .undefined
        #expect(value.isUndefined)
    }

    @Test("A shared inner container survives the release of the one that held it")
    func sharedContainerKept() {
        let inner = Seq([.number(1), .number(2)], sequence: false)
        var outer: Val? = .array(Seq([.array(inner)], sequence: false))
        #expect(outer?.isArray == true)
        outer = nil
        #expect(inner.items.count == 2)
    }

    @Test("A syntax tree a million nodes deep is freed")
    func deepTreeFreed() {
        var node = Node(.number, position: 0)
        for i in 0..<Self.depth {
            let parent = Node(.binary, "+", position: i)
            parent.lhs = node
            parent.rhs = Node(.number, position: i)
            node = parent
        }
        #expect(Compiler.treeDepth(node, limit: 10) == 11)
    }

    @Test("A result nested past 512 levels is refused with U1002; 512 levels are JSON")
    func resultDepthBounded() throws {
        let deep = try JSONataExpression(#"$reduce([1..600], function($a, $v) { [[$a]] }, [])"#)
        #expect(throws: JSONataError.self) { try deep.evaluate(input: nil) }
        do {
            _ = try deep.evaluate(input: nil)
        } catch {
            #expect(error.code == "U1002")
        }
        let fits = try JSONataExpression(#"$reduce([1..511], function($a, $v) { [[$a]] }, [])"#)
        guard case .value(let json) = try fits.evaluate(input: nil) else {
            Issue.record("no value")
            return
        }
        var levels = 0
        var current = json
        while case .array(let items) = current, let first = items.first {
            levels += 1
            current = first
        }
        #expect(levels == 511)
    }
}
