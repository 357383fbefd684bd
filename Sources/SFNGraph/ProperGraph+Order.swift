extension ProperGraph {
    /// Crossing reduction: alternate downward and upward barycentre sweeps, keeping the order
    /// with the fewest crossings seen.
    mutating func order() {
        guard layers.count > 1 else { return }
        var best = layers
        var bestCrossings = crossings()
        guard bestCrossings > 0 else { return }
        for iteration in 0..<16 {
            let downward = iteration % 2 == 0
            let ranks = downward ? Array(1..<layers.count) : Array((0..<(layers.count - 1)).reversed())
            for r in ranks { sortByBarycentre(rank: r, neighbours: downward ? up : down) }
            let c = crossings()
            if c < bestCrossings {
                bestCrossings = c
                best = layers
                if c == 0 { break }
            }
        }
        layers = best
    }

    /// Sorts rank `r` by the mean position of each vertex's neighbours; a vertex without any
    /// keeps its own position as its key.
    private mutating func sortByBarycentre(rank r: Int, neighbours: [[Int]]) {
        var adjacentIndex: [Int: Double] = [:]
        for r2 in [r - 1, r + 1] where r2 >= 0 && r2 < layers.count {
            for (i, v) in layers[r2].enumerated() { adjacentIndex[v] = Double(i) }
        }
        let keyed = layers[r].enumerated().map { (i, v) -> (vertex: Int, key: Double, index: Int) in
            let ns = neighbours[v].compactMap { adjacentIndex[$0] }
            return (v, ns.isEmpty ? Double(i) : ns.reduce(0, +) / Double(ns.count), i)
        }
        layers[r] = keyed.sorted { a, b in a.key != b.key ? a.key < b.key : a.index < b.index }.map(\.vertex)
    }

    /// Edge crossings between every two consecutive ranks.
    func crossings() -> Int {
        var total = 0
        for r in 0..<max(layers.count - 1, 0) {
            var index: [Int: Int] = [:]
            for (i, v) in layers[r + 1].enumerated() { index[v] = i }
            var pairs: [(Int, Int)] = []
            for (i, v) in layers[r].enumerated() {
                for w in down[v] { if let j = index[w] { pairs.append((i, j)) } }
            }
            for a in 0..<pairs.count {
                for b in (a + 1)..<pairs.count
                where (pairs[a].0 - pairs[b].0) * (pairs[a].1 - pairs[b].1) < 0 {
                    total += 1
                }
            }
        }
        return total
    }
}
