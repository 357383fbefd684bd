/// The common case of `$sort` comparators: every key is a number and the comparator only
/// compares keys (and number literals) joined by `and`/`or`. Keys are stored as plain doubles and
/// whole rows move during the merge, so the sort runs over compact, sequentially read memory.
enum NumericSort {
    typealias Row = UnsafePointer<Double>
    typealias BoolFn = (Row, Row) -> Bool
    typealias NumFn = (Row, Row) -> Double

    static func sort(_ items: [Val], _ table: [Val], _ k: Int, _ comparator: FastSort.Slotted) -> [Val]? {
        guard k > 0, let swap = boolFn(comparator) else { return nil }
        var keys: [Double] = []
        keys.reserveCapacity(table.count)
        for v in table {
            guard case .number(let d) = v else { return nil }
            keys.append(d)
        }
        let n = items.count
        var index = Array(0..<n)
        var keyBuf = keys
        var indexBuf = index
        keys.withUnsafeMutableBufferPointer { kp in
            keyBuf.withUnsafeMutableBufferPointer { kb in
                index.withUnsafeMutableBufferPointer { ip in
                    indexBuf.withUnsafeMutableBufferPointer { ib in
                        guard let kp = kp.baseAddress, let kb = kb.baseAddress,
                            let ip = ip.baseAddress, let ib = ib.baseAddress
                        else { return }
                        mergeSort(kp, kb, ip, ib, 0, n, k, swap)
                    }
                }
            }
        }
        return index.map { items[$0] }
    }

    /// Same split and merge order as jsonata-js's merge sort; `swap(a, b)` true puts b first.
    static func mergeSort(
        _ keys: UnsafeMutablePointer<Double>, _ kbuf: UnsafeMutablePointer<Double>,
        _ idx: UnsafeMutablePointer<Int>, _ ibuf: UnsafeMutablePointer<Int>,
        _ lo: Int, _ hi: Int, _ k: Int, _ swap: BoolFn
    ) {
        let n = hi - lo
        if n <= 1 { return }
        let mid = lo + n / 2
        mergeSort(keys, kbuf, idx, ibuf, lo, mid, k, swap)
        mergeSort(keys, kbuf, idx, ibuf, mid, hi, k, swap)
        var i = lo
        var j = mid
        var o = lo
        @inline(__always) func move(_ from: Int) {
            ibuf[o] = idx[from]
            (kbuf + o * k).update(from: keys + from * k, count: k)
            o += 1
        }
        while i < mid && j < hi {
            if swap(keys + i * k, keys + j * k) { move(j); j += 1 } else { move(i); i += 1 }
        }
        while i < mid { move(i); i += 1 }
        while j < hi { move(j); j += 1 }
        (idx + lo).update(from: ibuf + lo, count: n)
        (keys + lo * k).update(from: kbuf + lo * k, count: n * k)
    }

    static func boolFn(_ s: FastSort.Slotted) -> BoolFn? {
        switch s {
        case .and(let l, let r):
            guard let lf = boolFn(l), let rf = boolFn(r) else { return nil }
            return { a, b in lf(a, b) && rf(a, b) }
        case .or(let l, let r):
            guard let lf = boolFn(l), let rf = boolFn(r) else { return nil }
            return { a, b in lf(a, b) || rf(a, b) }
        case .compare(let op, .slot(0, let i), .slot(1, let j)):
            // $a.x op $b.y, the usual shape: read both rows directly.
            switch op {
            case .lt: return { a, b in a[i] < b[j] }
            case .le: return { a, b in a[i] <= b[j] }
            case .gt: return { a, b in a[i] > b[j] }
            case .ge: return { a, b in a[i] >= b[j] }
            case .eq: return { a, b in a[i] == b[j] }
            case .ne: return { a, b in a[i] != b[j] }
            default: return nil
            }
        case .compare(let op, let l, let r):
            guard let lf = numFn(l), let rf = numFn(r) else { return nil }
            switch op {
            case .lt: return { a, b in lf(a, b) < rf(a, b) }
            case .le: return { a, b in lf(a, b) <= rf(a, b) }
            case .gt: return { a, b in lf(a, b) > rf(a, b) }
            case .ge: return { a, b in lf(a, b) >= rf(a, b) }
            case .eq: return { a, b in lf(a, b) == rf(a, b) }
            case .ne: return { a, b in lf(a, b) != rf(a, b) }
            default: return nil
            }
        default:
            return nil
        }
    }

    static func numFn(_ s: FastSort.Slotted) -> NumFn? {
        switch s {
        case .slot(let p, let i):
            if p == 0 { return { a, _ in a[i] } }
            if p == 1 { return { _, b in b[i] } }
            return nil
        case .literal(.number(let d)):
            return { _, _ in d }
        default:
            return nil
        }
    }
}
