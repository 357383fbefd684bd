/// The layered graph the layout works on: the caller's nodes plus one dummy per rank an edge
/// crosses, so that every edge of this graph joins two consecutive ranks.
struct ProperGraph {
    struct Vertex {
        var width: Double
        var height: Double
        var rank: Int
        /// The caller's node, or nil for a dummy.
        var node: Int?
        var rightMargin = 0.0
        var x = 0.0
    }

    /// One caller edge as the ranks see it: `chain` runs from the upper end to the lower one;
    /// `reversed` when the caller's edge points up (a loop back).
    struct Chain {
        var chain: [Int]
        var reversed: Bool
        var labelled: Bool
        var weight: Double
    }

    let layout: LayeredLayout
    var vertices: [Vertex] = []
    var chains: [Chain?] = []
    /// `layers[r]` lists the vertices of rank r from left to right.
    var layers: [[Int]] = []
    var up: [[Int]] = []
    var down: [[Int]] = []
    /// The weight of the edge each pair of consecutive chain vertices belongs to.
    var segmentWeight: [Int: Double] = [:]

    static func pair(_ a: Int, _ b: Int) -> Int { min(a, b) << 32 | max(a, b) }

    init(layout: LayeredLayout) {
        self.layout = layout
        let levels = Self.levels(layout)
        for (i, node) in layout.nodes.enumerated() {
            vertices.append(
                Vertex(
                    width: node.width, height: node.bandHeight, rank: 2 * levels.level[i], node: i,
                    rightMargin: node.rightMargin))
        }
        for (e, edge) in layout.edges.enumerated() {
            guard edge.from != edge.to else {
                chains.append(nil)
                continue
            }
            let reversed = levels.reversed.contains(e)
            let (upper, lower) = reversed ? (edge.to, edge.from) : (edge.from, edge.to)
            var chain = [upper]
            var rank = vertices[upper].rank + 1
            while rank < vertices[lower].rank {
                let label = chain.count == 1 ? edge.label : nil
                let width = label.map { $0.width + 14 } ?? LayeredLayout.dummyWidth
                vertices.append(Vertex(width: width, height: label?.height ?? 0, rank: rank, node: nil))
                chain.append(vertices.count - 1)
                rank += 1
            }
            chain.append(lower)
            // A loop back is never the main path: it bends round whatever lies in its way.
            let weight = reversed ? min(edge.weight, 0.15) : edge.weight
            chains.append(Chain(chain: chain, reversed: reversed, labelled: edge.label != nil, weight: weight))
            for (a, b) in zip(chain, chain.dropFirst()) { segmentWeight[Self.pair(a, b)] = weight }
        }
        let rankCount = (vertices.map(\.rank).max() ?? 0) + 1
        layers = Array(repeating: [], count: rankCount)
        up = Array(repeating: [], count: vertices.count)
        down = Array(repeating: [], count: vertices.count)
        for chain in chains.compactMap({ $0 }) {
            for (a, b) in zip(chain.chain, chain.chain.dropFirst()) {
                down[a].append(b)
                up[b].append(a)
            }
        }
        // First order: depth-first discovery, which keeps a node's successors together.
        for v in levels.discovery + Array(layout.nodes.count..<vertices.count) {
            layers[vertices[v].rank].append(v)
        }
    }

    /// Each node's level (rank / 2) and the edges that had to be turned round to break cycles.
    static func levels(_ layout: LayeredLayout) -> (level: [Int], reversed: Set<Int>, discovery: [Int]) {
        let n = layout.nodes.count
        var outgoing = Array(repeating: [Int](), count: n)
        for (e, edge) in layout.edges.enumerated() where edge.from != edge.to { outgoing[edge.from].append(e) }
        // Depth-first search: an edge to a node still on the stack closes a cycle.
        var state = Array(repeating: 0, count: n)  // 0 new, 1 on the stack, 2 done
        var reversed = Set<Int>()
        var discovery: [Int] = []
        for root in layout.roots + Array(0..<n) where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            discovery.append(root)
            while let top = stack.last {
                if top.next < outgoing[top.node].count {
                    stack[stack.count - 1].next += 1
                    let e = outgoing[top.node][top.next]
                    let target = layout.edges[e].to
                    if state[target] == 1 {
                        reversed.insert(e)
                    } else if state[target] == 0 {
                        state[target] = 1
                        discovery.append(target)
                        stack.append((target, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        // Longest path from the sources over the acyclic edges, in topological order.
        var preds = Array(repeating: [Int](), count: n)
        var indegree = Array(repeating: 0, count: n)
        for (e, edge) in layout.edges.enumerated() where edge.from != edge.to {
            let (a, b) = reversed.contains(e) ? (edge.to, edge.from) : (edge.from, edge.to)
            preds[b].append(a)
            indegree[b] += 1
        }
        var succs = Array(repeating: [Int](), count: n)
        for b in 0..<n { for a in preds[b] { succs[a].append(b) } }
        var level = Array(repeating: 0, count: n)
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var head = 0
        while head < queue.count {
            let a = queue[head]
            head += 1
            for b in succs[a] {
                level[b] = max(level[b], level[a] + 1)
                indegree[b] -= 1
                if indegree[b] == 0 { queue.append(b) }
            }
        }
        if let last = layout.last {
            let deepest = (0..<n).filter { $0 != last }.map { level[$0] }.max() ?? 0
            level[last] = deepest + 1
        }
        return (level, reversed, discovery)
    }
}
