#!/usr/bin/env bash
# Writes scripts/link/startup.order, the section ordering file of the release link (Package.swift):
# every function that `sfn run hello.json --no-store` executes, as gold's `.text.NAME` sections, so
# that the linker lays them out together and a short run touches fewer pages of the binary. Only
# code compiled one section per function moves (the Swift runtime, standard library, Foundation,
# libstdc++); names that no longer exist are ignored by the linker, so a stale list costs nothing
# but the pages it no longer saves.
#
# usage: scripts/link/make-startup-order.sh [SFN_BINARY]   (default .build/release/sfn)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sfn=${1:-$root/.build/release/sfn}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/../shared/bench/gen.py" "$work" >/dev/null
valgrind --tool=callgrind --demangle=no --dump-instr=no --callgrind-out-file="$work/cg.out" \
  "$sfn" run "$root/../shared/bench/hello.json" --input "$work/hello.input.json" --no-store >/dev/null 2>&1
# callgrind names a function once, on its first fn= or cfn= line: "fn=(id) name".
grep -E '^c?fn=\([0-9]+\) ' "$work/cg.out" | sed -E 's/^c?fn=\([0-9]+\) //' \
  | grep -v -e '^0x' -e ' ' | sort -u | sed 's/^/.text./' >"$root/scripts/link/startup.order"
wc -l "$root/scripts/link/startup.order"
