/// A point of the picture, in SVG user units (pixels at 100% zoom).
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle: `x`, `y` its top left corner.
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }

    /// True when the interiors meet (touching edges do not count).
    public func overlaps(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    func offset(by dx: Double, _ dy: Double) -> Rect { Rect(x: x + dx, y: y + dy, width: width, height: height) }

    /// True when the segment from `a` to `b` passes through the interior, shrunk by `inset` so
    /// that a segment ending on the border does not count.
    public func isCrossed(from a: Point, to b: Point, inset: Double = 0.5) -> Bool {
        let r = Rect(x: x + inset, y: y + inset, width: width - 2 * inset, height: height - 2 * inset)
        guard r.width > 0, r.height > 0 else { return false }
        // Liang-Barsky clipping: the segment meets the rectangle when a parameter range remains.
        var t0 = 0.0
        var t1 = 1.0
        let dx = b.x - a.x
        let dy = b.y - a.y
        for (p, q) in [(-dx, a.x - r.x), (dx, r.maxX - a.x), (-dy, a.y - r.y), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return false }
            }
        }
        return true
    }
}

extension Point {
    func offset(by dx: Double, _ dy: Double) -> Point { Point(x + dx, y + dy) }
}
