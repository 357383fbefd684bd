extension ProperGraph {
    /// Rank bands, ports and each edge's polyline. A polyline leaves its upper node straight
    /// down, runs through the middle of each rank it crosses in its dummy's own column (beside
    /// its label, when it has one), and enters the lower node straight down: within a rank only
    /// its own column is used, and between ranks there are no boxes to cross.
    func route() -> LayeredLayout.Result {
        var tops: [Double] = []
        var heights: [Double] = []
        var y = 0.0
        for layer in layers {
            let h = layer.map { vertices[$0].height }.max() ?? 0
            tops.append(y)
            heights.append(h)
            y += h + LayeredLayout.rankGap
        }
        let nodeCount = layout.nodes.count
        var origins: [Point] = []
        for v in 0..<nodeCount {
            let vertex = vertices[v]
            origins.append(Point(vertex.x - vertex.width / 2, tops[vertex.rank]))
        }
        // The x where each chain's line runs through each dummy.
        func lineX(_ chain: Chain, _ k: Int) -> Double {
            let d = chain.chain[k]
            if k == 1 && chain.labelled { return vertices[d].x - vertices[d].width / 2 + 5 }
            return vertices[d].x
        }
        // Ports: the chains at each node's bottom and top, sorted by where they go next.
        var bottomPort: [Int: Double] = [:]
        var topPort: [Int: Double] = [:]
        var atBottom = Array(repeating: [(chain: Int, toward: Double)](), count: nodeCount)
        var atTop = Array(repeating: [(chain: Int, toward: Double)](), count: nodeCount)
        for (c, chain) in chains.enumerated() {
            guard let chain else { continue }
            atBottom[chain.chain[0]].append((c, lineX(chain, 1)))
            atTop[chain.chain[chain.chain.count - 1]].append((c, lineX(chain, chain.chain.count - 2)))
        }
        for v in 0..<nodeCount {
            let left = origins[v].x
            for (list, span, isBottom) in [
                (atBottom[v], layout.nodes[v].bottom, true), (atTop[v], layout.nodes[v].top, false),
            ] {
                let sorted = list.sorted { $0.toward != $1.toward ? $0.toward < $1.toward : $0.chain < $1.chain }
                // Each port as near as the span allows to where its line goes next, so that a
                // line continuing straight down stays straight; ports at least `portGap` apart.
                let low = left + span.lowerBound
                let high = left + span.upperBound
                let gap = min(LayeredLayout.portGap, (high - low) / Double(max(sorted.count, 1)))
                var xs = sorted.map { min(max($0.toward, low), high) }
                for i in xs.indices.dropFirst() { xs[i] = max(xs[i], xs[i - 1] + gap) }
                if let last = xs.indices.last, xs[last] > high {
                    xs[last] = high
                    for i in xs.indices.dropLast().reversed() { xs[i] = min(xs[i], xs[i + 1] - gap) }
                }
                for (item, x) in zip(sorted, xs) {
                    if isBottom { bottomPort[item.chain] = x } else { topPort[item.chain] = x }
                }
            }
        }
        var routes: [[Point]] = []
        var labels: [Point?] = []
        for (c, chain) in chains.enumerated() {
            guard let chain, let startX = bottomPort[c], let endX = topPort[c] else {
                routes.append([])
                labels.append(nil)
                continue
            }
            let upper = chain.chain[0]
            let lower = chain.chain[chain.chain.count - 1]
            let upperRank = vertices[upper].rank
            var points = [
                Point(startX, tops[upperRank] + layout.nodes[upper].height),
                Point(startX, tops[upperRank] + heights[upperRank] + LayeredLayout.stub),
            ]
            var label: Point?
            for k in 1..<(chain.chain.count - 1) {
                let d = chain.chain[k]
                let r = vertices[d].rank
                let x = lineX(chain, k)
                points.append(Point(x, tops[r]))
                if heights[r] > 0 { points.append(Point(x, tops[r] + heights[r])) }
                if k == 1 && chain.labelled { label = Point(x + 7, tops[r]) }
            }
            let lowerTop = tops[vertices[lower].rank]
            points.append(Point(endX, lowerTop - LayeredLayout.stub))
            points.append(Point(endX, lowerTop))
            routes.append(chain.reversed ? points.reversed() : points)
            labels.append(label)
        }
        let width = vertices.map { $0.x + $0.width / 2 + $0.rightMargin }.max() ?? 0
        let height = (tops.last ?? 0) + (heights.last ?? 0)
        return LayeredLayout.Result(origins: origins, routes: routes, labels: labels, width: width, height: height)
    }
}
