#!/usr/bin/env python3
"""Prints ../shared/bench/run.sh's table beside issue 18's targets, met or not met per row.

usage: scripts/bench-summary.py RUN_OUTPUT_FILE   (or the table on standard input)

Reads the rows run.sh prints (workload, seconds, peakMiB, work, rate / verdict) and judges each
workload that has a target. Rows that compare with a baseline (hello100-nostore with bare-true,
hello100 with hello100-nostore, shell with bare-sh, parallel and loop-store with loop) are judged
from the same run. The start-up and store targets are as ../shared/notes/decisions.md settles them:
issue 18's 3x bare-true is the engine's start-up (hello100-nostore), and the store may add 3 ms to a
run (issue 10); loop-store needs half the loop's rate or 1,500,000 t/s, whichever is lower. Exits 0;
the verdicts are for reading (the workloads' own failures are run.sh's exit status).
"""
import re
import sys


def number(text):
    """The first number in text (commas allowed), or None."""
    m = re.search(r"-?[\d,]*\.?\d+", text)
    return float(m.group(0).replace(",", "")) if m else None


def parse(lines):
    rows = {}
    for line in lines:
        parts = line.split(None, 3)
        if len(parts) < 4 or parts[0] == "workload":
            continue
        name, secs, peak, rest = parts
        try:
            seconds = float(secs)
        except ValueError:
            continue
        rows[name] = {
            "seconds": seconds,
            "peak": None if peak == "-" else float(peak),
            "rest": rest.strip(),
            # the rate column: "2,298,853 transitions/s" (the work column is 22 characters wide)
            "rate": number(rest[22:]) if len(rest) > 22 and "/s" in rest[22:] else None,
            "work": number(rest[:22]),
        }
    return rows


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def judge(rows):
    """(workload, measured, target, met) for each workload run.sh printed that has a target."""
    out = []
    get = rows.get
    if get("hello100-nostore") and get("bare-true"):
        h, t = rows["hello100-nostore"]["seconds"], rows["bare-true"]["seconds"]
        out.append(("hello100-nostore", f"{h * 1000:.1f} ms = {h / t:.1f}x bare-true ({t * 1000:.1f} ms)",
                    "<= 3x bare-true", h <= 3 * t))
    if get("hello100") and get("hello100-nostore"):
        h, n = rows["hello100"]["seconds"], rows["hello100-nostore"]["seconds"]
        out.append(("hello100", f"{h * 1000:.1f} ms = nostore {(h - n) * 1000:+.1f} ms",
                    "<= nostore + 3 ms (store on)", h - n <= 0.003))
    loop_rate = get("loop", {}).get("rate")
    if loop_rate:
        out.append(("loop", f"{fmt(loop_rate)} t/s", ">= 6,000,000 t/s", loop_rate >= 6_000_000))
    if get("parallel") and rows["parallel"]["rate"] and loop_rate:
        r = rows["parallel"]["rate"]
        out.append(("parallel", f"{fmt(r)} t/s = {r / loop_rate:.2f}x loop", ">= 1.8x loop", r >= 1.8 * loop_rate))
    if get("map") and rows["map"]["rate"]:
        r = rows["map"]["rate"]
        out.append(("map", f"{fmt(r)} items/s", ">= 1,500,000 items/s", r >= 1_500_000))
    if get("payload"):
        p = rows["payload"]
        size_mb = p["work"] or 0
        peak_mb = (p["peak"] or 0) * 1.048576
        ok = p["seconds"] <= 0.15 and peak_mb <= 2.5 * size_mb
        out.append(("payload", f"{p['seconds']:.2f} s, peak {peak_mb / size_mb:.1f}x input" if size_mb else
                    f"{p['seconds']:.2f} s", "<= 0.15 s, peak <= 2.5x input", ok))
    if get("shell") and get("bare-sh"):
        s, b = rows["shell"]["seconds"], rows["bare-sh"]["seconds"]
        out.append(("shell", f"{s:.2f} s = {s / b:.2f}x bare-sh ({b:.2f} s)", "<= 0.4x bare-sh", s <= 0.4 * b))
    if get("jsonata"):
        s = rows["jsonata"]["seconds"]
        out.append(("jsonata", f"{s:.2f} s", "<= 0.08 s", s <= 0.08))
    if get("loop-hist") and rows["loop-hist"]["rate"]:
        r = rows["loop-hist"]["rate"]
        out.append(("loop-hist", f"{fmt(r)} t/s", ">= 1,000,000 t/s", r >= 1_000_000))
    if get("loop-store") and rows["loop-store"]["rate"] and loop_rate:
        r = rows["loop-store"]["rate"]
        need = min(0.5 * loop_rate, 1_500_000)
        out.append(("loop-store", f"{fmt(r)} t/s = {r / loop_rate:.2f}x loop", ">= 0.5x loop or 1.5M t/s",
                    r >= need))
    return out


def main():
    lines = open(sys.argv[1]).read().splitlines() if len(sys.argv) > 1 else sys.stdin.read().splitlines()
    verdicts = judge(parse(lines))
    print(f"{'workload':<17} {'measured':<44} {'target (issue 18)':<30} verdict")
    for name, measured, target, ok in verdicts:
        print(f"{name:<17} {measured:<44} {target:<30} {'met' if ok else 'NOT MET'}")
    met = sum(1 for v in verdicts if v[3])
    print(f"{met} of {len(verdicts)} targets met")


if __name__ == "__main__":
    main()
