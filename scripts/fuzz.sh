#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ and runs each for SECONDS (make fuzz SECONDS=N).
#
#   scripts/fuzz.sh build                 compile the modules and every target
#   scripts/fuzz.sh run SECONDS [TARGET]  build, then run each target (or one) for SECONDS
#
# SwiftPM products do not link with libFuzzer on this toolchain, so the library modules are
# compiled here with swiftc, each to one object file and a .swiftmodule, instrumented with
# -sanitize=fuzzer,address, and every fuzz/<target>.swift is linked against them.
# The seed corpus comes from ../shared (conformance, jsonata-suite, validate-corpus) and
# definitions/ (scripts/fuzz-seeds.py); what a run adds stays in .build/fuzz/corpus/<target>.
# Leak detection is on for the jsonata target: a JSONata function bound in its own scope
# (`$f := function(){ $f() }`) is a reference cycle, which the evaluator breaks when each evaluation
# ends (Evaluator+Closures.swift), so a leak found there is a real one; fuzz/lsan.supp names the one leak that is Foundation's. A crash leaves its input in .build/fuzz/crashes/; copy it to Tests/SFNCLITests/Fuzz/<target>/
# so the replay test keeps it fixed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
OUT=${FUZZ_OUT:-$ROOT/.build/fuzz}
OPT=${FUZZ_OPT:--O}
SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-sanitize=fuzzer,address -parse-as-library "$OPT" -g -I "$OUT/modules")
TARGETS=(json definition jsonpath intrinsic jsonata mockconfig casefile)
# Modules in dependency order, and the modules each target links.
MODULES=(SFNJSON SFNJSONPath SFNJSONata SFNYAML SFNCore SFNConformance)
declare -A LINKS=(
    [json]="SFNJSON"
    [jsonpath]="SFNJSON SFNJSONPath"
    [intrinsic]="SFNJSON SFNJSONPath"
    [jsonata]="SFNJSON SFNJSONata"
    [definition]="SFNJSON SFNJSONPath SFNJSONata SFNYAML SFNCore"
    [mockconfig]="SFNJSON SFNJSONPath SFNJSONata SFNYAML SFNCore"
    [casefile]="SFNJSON SFNJSONPath SFNJSONata SFNYAML SFNCore SFNConformance"
)

build_module() {
    local name=$1 object="$OUT/modules/$1.o"
    local sources=()
    mapfile -t sources < <(find "$ROOT/Sources/$name" -name '*.swift' | sort)
    # Rebuild only when the sources differ from those the object was built from (a checksum, not
    # timestamps: a source saved while the compiler runs must not pass for compiled).
    local sum
    sum=$(cat "${sources[@]}" | sha1sum | cut -d' ' -f1)
    if [[ -f $object && $(cat "$object.sources" 2>/dev/null) == "$sum" ]]; then return; fi
    echo "fuzz: compiling $name (${#sources[@]} files)"
    "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -wmo -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
        -emit-object -o "$object" "${sources[@]}"
    echo "$sum" >"$object.sources"
}

build_target() {
    local target=$1 objects=()
    for m in ${LINKS[$target]}; do objects+=("$OUT/modules/$m.o"); done
    local binary="$OUT/bin/$target" newer
    newer=$(find "${objects[@]}" "$ROOT/fuzz/$target.swift" "$ROOT/fuzz/FuzzInput.swift" -newer "$binary" 2>/dev/null || true)
    if [[ -f $binary && -z $newer ]]; then return; fi
    echo "fuzz: linking $target"
    "$SWIFTC" "${FLAGS[@]}" -module-name "fuzz_$target" "$ROOT/fuzz/$target.swift" "$ROOT/fuzz/FuzzInput.swift" \
        "${objects[@]}" -lm -o "$OUT/bin/$target" 2> >(grep -v "Cannot export local symbol" >&2)
}

# Builds every target, or only TARGET and the modules it links.
build() {
    local only=${1:-}
    mkdir -p "$OUT/modules" "$OUT/bin"
    for m in "${MODULES[@]}"; do
        [[ -n $only && " ${LINKS[$only]} " != *" $m "* ]] && continue
        build_module "$m"
    done
    for t in "${TARGETS[@]}"; do
        [[ -n $only && $t != "$only" ]] && continue
        build_target "$t"
    done
}

run() {
    local seconds=$1 only=${2:-}
    mkdir -p "$OUT/crashes" "$OUT/logs"
    python3 "$ROOT/scripts/fuzz-seeds.py" "$SHARED" "$ROOT" "$OUT/seeds" >/dev/null
    local failed=0
    for t in "${TARGETS[@]}"; do
        [[ -n $only && $t != "$only" ]] && continue
        mkdir -p "$OUT/corpus/$t"
        local log="$OUT/logs/$t.log"
        local dirs=("$OUT/corpus/$t" "$OUT/seeds/$t")
        # Earlier crashers, kept as regression inputs, seed the run as well.
        [[ -d $ROOT/Tests/SFNCLITests/Fuzz/$t ]] && dirs+=("$ROOT/Tests/SFNCLITests/Fuzz/$t")
        local leaks=0
        [[ $t == jsonata ]] && leaks=1
        echo "fuzz: $t for ${seconds}s (log $log; leak detection $([[ $leaks == 1 ]] && echo on || echo off))"
        # The backtracer would hold the output open after a crash.
        if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$leaks LSAN_OPTIONS=suppressions="$ROOT/fuzz/lsan.supp" "$OUT/bin/$t" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=3072 \
            -max_len=65536 -detect_leaks=$leaks -print_final_stats=1 -artifact_prefix="$OUT/crashes/$t-" "${dirs[@]}" >"$log" 2>&1; then
            failed=1
            echo "fuzz: $t FOUND A PROBLEM:"
            grep -E "ERROR|SUMMARY|Test unit written|deadly signal|timeout" "$log" | head -5
        fi
        # The last status line gives executions, coverage (cov) and features (ft).
        grep -E "^#[0-9]+" "$log" | tail -1 | sed "s/^/fuzz: $t /"
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/fuzz: $t /"
    done
    return $failed
}

case ${1:-} in
    build) build ;;
    run)
        build "${3:-}"
        run "${2:?seconds}" "${3:-}"
        ;;
    *)
        echo "usage: scripts/fuzz.sh build | run SECONDS [TARGET]" >&2
        exit 2
        ;;
esac
