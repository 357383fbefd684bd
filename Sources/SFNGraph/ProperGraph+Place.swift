extension ProperGraph {
    /// x coordinates (each vertex's centre): every rank is packed in its order, then sweeps
    /// pull each vertex towards the weighted mean of its neighbours in the rank before it; the
    /// closest positions that keep the order and the gaps come from isotonic regression (pool
    /// adjacent violators). Dummy-to-dummy edges weigh most, so long edges run straight.
    mutating func place() {
        for layer in layers {
            var x = 0.0
            for (i, v) in layer.enumerated() {
                if i > 0 { x += separation(layer[i - 1], v) }
                vertices[v].x = x
            }
        }
        for iteration in 0..<12 {
            let ranks: [Int]
            let neighbours: [[Int]]
            switch iteration % 3 {
            case 0: (ranks, neighbours) = (Array(layers.indices), up)
            case 1: (ranks, neighbours) = (Array(layers.indices.reversed()), down)
            default: (ranks, neighbours) = (Array(layers.indices), zip(up, down).map { $0 + $1 })
            }
            for r in ranks { align(rank: r, neighbours: neighbours) }
        }
        straighten()
        let left = vertices.map { $0.x - $0.width / 2 }.min() ?? 0
        for v in vertices.indices { vertices[v].x -= left }
    }

    /// Puts the dummies of each long edge on one vertical line, the median of their positions,
    /// wherever their neighbours in each rank leave room for it.
    private mutating func straighten() {
        var slot: [Int: (rank: Int, index: Int)] = [:]
        for (r, layer) in layers.enumerated() { for (i, v) in layer.enumerated() { slot[v] = (r, i) } }
        for chain in chains.compactMap({ $0 }) where chain.chain.count > 3 {
            let dummies = chain.chain.dropFirst().dropLast().filter { !(chain.labelled && $0 == chain.chain[1]) }
            guard dummies.count > 1 else { continue }
            let xs = dummies.map { vertices[$0].x }.sorted()
            let median = xs[xs.count / 2]
            func fits(_ d: Int, at target: Double) -> Bool {
                guard let (r, i) = slot[d] else { return false }
                let layer = layers[r]
                if i > 0 && target - vertices[layer[i - 1]].x < separation(layer[i - 1], d) { return false }
                if i + 1 < layer.count && vertices[layer[i + 1]].x - target < separation(d, layer[i + 1]) {
                    return false
                }
                return true
            }
            // The line nearest the median that every dummy can take; else each one that can.
            if let target = xs.sorted(by: { abs($0 - median) < abs($1 - median) }).first(where: { t in
                dummies.allSatisfy { fits($0, at: t) }
            }) {
                for d in dummies { vertices[d].x = target }
            } else {
                for d in dummies where fits(d, at: median) { vertices[d].x = median }
            }
        }
    }

    func separation(_ a: Int, _ b: Int) -> Double {
        let bothReal = vertices[a].node != nil && vertices[b].node != nil
        let gap = bothReal ? LayeredLayout.nodeGap : LayeredLayout.dummyGap
        return vertices[a].width / 2 + vertices[a].rightMargin + vertices[b].width / 2 + gap
    }

    private func weight(_ a: Int, _ b: Int) -> Double {
        let edge = segmentWeight[Self.pair(a, b)] ?? 1
        switch (vertices[a].node == nil, vertices[b].node == nil) {
        case (true, true): return 8 * edge
        case (false, false): return edge
        default: return 2 * edge * edge
        }
    }

    private mutating func align(rank r: Int, neighbours: [[Int]]) {
        let layer = layers[r]
        guard !layer.isEmpty else { return }
        var offsets = [0.0]
        for i in 1..<layer.count { offsets.append(offsets[i - 1] + separation(layer[i - 1], layer[i])) }
        var targets: [Double] = []
        var weights: [Double] = []
        for v in layer {
            var sum = 0.0
            var total = 0.0
            for w in neighbours[v] {
                let k = weight(v, w)
                sum += k * vertices[w].x
                total += k
            }
            if total == 0 {
                targets.append(vertices[v].x)
                weights.append(0.05)
            } else {
                targets.append(sum / total)
                weights.append(total)
            }
        }
        // Minimise sum w_i (y_i - t_i)^2 with y non-decreasing, where y_i = x_i - offset_i.
        var blocks: [(mean: Double, weight: Double, count: Int)] = []
        for i in layer.indices {
            blocks.append((targets[i] - offsets[i], weights[i], 1))
            while blocks.count > 1 && blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let b = blocks.removeLast()
                let a = blocks.removeLast()
                let w = a.weight + b.weight
                blocks.append(((a.mean * a.weight + b.mean * b.weight) / w, w, a.count + b.count))
            }
        }
        var i = 0
        for block in blocks {
            for _ in 0..<block.count {
                vertices[layer[i]].x = block.mean + offsets[i]
                i += 1
            }
        }
    }
}
