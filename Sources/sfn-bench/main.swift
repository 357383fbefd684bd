import SFNJSON
import SFNJSONPath
import SFNJSONata

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Micro-benchmarks of the engine's parts (`make bench-micro`, run by `make bench`), each printed
// beside its target (docs/performance.md says where each target comes from):
//
//   sfn-bench DIR [--quick]
//
// DIR holds ../shared/bench/gen.py's inputs (payload.input.json, jsonata.input.json). Every row is
// the best of several timed rounds, so a busy machine shows through as little as it can; --quick
// runs one short round of each (for the test that checks the rows are printed).

struct Bench {
    var quick = false

    /// This thread's CPU time: on a machine shared with other work, wall time mostly measures the
    /// others; the benchmarks are single-threaded, so CPU time is what each operation costs.
    static func clock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Seconds for one call of `body`, the best of the rounds; each round repeats `body` until
    /// it has run for about `roundSeconds`.
    func best(_ body: () -> Void) -> Double {
        let rounds = quick ? 1 : 5
        let roundSeconds = quick ? 0.01 : 0.2
        var bestTime = Double.infinity
        for _ in 0..<rounds {
            var n = 0
            let start = Bench.clock()
            var elapsed = 0.0
            repeat {
                body()
                n += 1
                elapsed = Bench.clock() - start
            } while elapsed < roundSeconds
            bestTime = min(bestTime, elapsed / Double(n))
        }
        return bestTime
    }

    enum Target {
        /// At least this many MB/s.
        case throughput(Double)
        /// At most this many nanoseconds an operation.
        case latency(Double)
    }

    func row(_ name: String, seconds: Double, bytes: Int? = nil, target: Target) {
        let figure: String
        let met: Bool
        let goal: String
        switch target {
        case .throughput(let mbs):
            let rate = Double(bytes ?? 0) / 1e6 / seconds
            figure = format(rate, "MB/s")
            met = rate >= mbs
            goal = ">= " + format(mbs, "MB/s")
        case .latency(let ns):
            let t = seconds * 1e9
            figure = format(t, "ns/op")
            met = t <= ns
            goal = "<= " + format(ns, "ns/op")
        }
        print(pad(name, 37) + pad(figure, 18) + pad(goal, 21) + (met ? "met" : "not met"))
    }

    func format(_ v: Double, _ unit: String) -> String {
        let digits = v >= 100 ? 0 : (v >= 10 ? 1 : 2)
        var whole = String(Int(v.rounded(.down)))
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        if digits > 0 {
            let frac = Int(((v - v.rounded(.down)) * pow(10, Double(digits))).rounded(.down))
            let text = String(frac)
            grouped += "." + String(repeating: "0", count: digits - text.count) + text
        }
        return grouped + " " + unit
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}

func readBytes(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n <= 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

func fail(_ message: String) -> Never {
    let text = Array("sfn-bench: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func runBenchmarks() {
    var args = Array(CommandLine.arguments.dropFirst())
    var bench = Bench()
    if let q = args.firstIndex(of: "--quick") {
        bench.quick = true
        args.remove(at: q)
    }
    guard args.count == 1 else {
        fail("usage: sfn-bench DIR [--quick] (DIR: the inputs ../shared/bench/gen.py writes)")
    }
    let dir = args[0]

    // Targets: the payload workload moves 27 MB through paths in at most 0.15 s (issue 18), parse and
    // print each within a third of it; a Pass transition in well under 200 ns, of which a path or an
    // intrinsic call is a part; the jsonata workload in 0.08 s, half of it for its evaluation.
    print("micro-benchmark                      measured          target               verdict")
    guard let payload = readBytes(dir + "/payload.input.json") else { fail("cannot read \(dir)/payload.input.json") }
    var document: JSONValue = .null
    let parseTime = bench.best {
        do { document = try JSONParser.parse(bytes: payload) } catch { fail("payload: \(error)") }
    }
    bench.row("JSON parse (payload)", seconds: parseTime, bytes: payload.count, target: .throughput(550))
    var printed: [UInt8] = []
    let printTime = bench.best {
        printed.removeAll(keepingCapacity: true)
        JSONPrinter.write(document, into: &printed, indent: nil)
    }
    bench.row("JSON print (payload)", seconds: printTime, bytes: printed.count, target: .throughput(550))
    document = .null

    let small = try! JSONParser.parse(
        #"{"order": {"id": 42, "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 5}], "note": "x"}, "n": 7}"#)
    let path = try! JSONPath("$.order.lines[1].qty")
    let pathTime = bench.best {
        for _ in 0..<1000 { _ = path.evaluate(small) }
    }
    bench.row("JSONPath $.order.lines[1].qty", seconds: pathTime / 1000, target: .latency(100))

    let environment = PathEnvironment(input: small, random: { 4 })
    for (label, text, goal) in [
        ("States.MathAdd($.n, 1)", "States.MathAdd($.n, 1)", 200.0),
        ("States.Format (2 arguments)", "States.Format('order {} has {} lines', $.order.id, $.order.note)", 500),
        ("States.ArrayLength", "States.ArrayLength($.order.lines)", 200),
    ] {
        let call = try! IntrinsicCall(text)
        let t = bench.best {
            for _ in 0..<1000 { _ = call.evaluate(in: environment) }
        }
        bench.row(label, seconds: t / 1000, target: .latency(goal))
    }

    let workload =
        "{'total': $sum($states.input.orders.(price * qty)), 'big': $count($states.input.orders[price > 50]), 'byRegion': $states.input.orders{region: $sum(price)}, 'top': $sort($states.input.orders, function($a, $b) { $a.price < $b.price or ($a.price = $b.price and $a.id > $b.id) })[0].id}"
    let awsOptions = JSONataOptions(awsFunctions: true)
    let compileTime = bench.best {
        for _ in 0..<100 { _ = try! JSONataExpression(workload, options: awsOptions) }
    }
    bench.row("JSONata parse (jsonata workload)", seconds: compileTime / 100, target: .latency(50_000))

    let smallExpr = try! JSONataExpression("order.lines[qty > 1].sku & '-' & $string(n)", options: awsOptions)
    let smallTime = bench.best {
        for _ in 0..<100 { _ = try! smallExpr.evaluate(input: small) }
    }
    bench.row("JSONata evaluate (small document)", seconds: smallTime / 100, target: .latency(5_000))

    guard let ordersBytes = readBytes(dir + "/jsonata.input.json") else {
        fail("cannot read \(dir)/jsonata.input.json")
    }
    let orders = try! JSONParser.parse(bytes: ordersBytes)
    let bindings: [String: JSONValue] = ["states": ["input": orders]]
    for (label, text, goal) in [
        ("JSONata $sum(orders.(price*qty))", "$sum($states.input.orders.(price * qty))", 8e6),
        ("JSONata $count(orders[price>50])", "$count($states.input.orders[price > 50])", 8e6),
        ("JSONata orders{region: $sum(price)}", "$states.input.orders{region: $sum(price)}", 8e6),
        (
            "JSONata $sort(orders, 2 keys)",
            "$sort($states.input.orders, function($a, $b) { $a.price < $b.price or ($a.price = $b.price and $a.id > $b.id) })[0].id",
            16e6
        ),
        ("JSONata workload Output (all four)", workload, 40e6),
    ] {
        let e = try! JSONataExpression(text, options: awsOptions)
        let t = bench.best { _ = try! e.evaluate(input: nil, bindings: bindings) }
        bench.row(label, seconds: t, target: .latency(goal))
    }
}

runBenchmarks()
