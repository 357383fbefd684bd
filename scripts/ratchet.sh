#!/bin/sh
# The corpus checks as `make` targets: exit 0 when the ratchet holds, 1 when it slipped, and list
# the known misses that remain either way.
#   scripts/ratchet.sh conformance SFN SHARED      every area passes at least what
#                                                  Tests/SFNCLITests/conformance-ratchet.json records
#   scripts/ratchet.sh validate-corpus SFN SHARED  every verdict of ../shared/validate-corpus that no
#                                                  source marks doubtful is sfn validate's verdict
set -u
what=$1 sfn=$2 shared=$3
here=$(dirname "$0")
case $what in
conformance)
	ratchet=$here/../Tests/SFNCLITests/conformance-ratchet.json
	slipped=0 misses=$(mktemp)
	trap 'rm -f "$misses"' EXIT
	for area in $(sed -n 's/^ *"\([a-z_]*\)": *[0-9]*,\{0,1\}$/\1/p' "$ratchet"); do
		want=$(sed -n "s/^ *\"$area\": *\([0-9]*\),\{0,1\}\$/\1/p" "$ratchet")
		out=$("$sfn" test "$shared/conformance/aws/$area" 2>&1)
		passed=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p' | tail -n 1)
		printf '%s\n' "$out" | grep '^FAIL ' >>"$misses"
		if [ "${passed:-0}" -lt "$want" ]; then
			echo "ratchet slipped: $area passes ${passed:-0}, the ratchet wants $want"
			slipped=1
		fi
	done
	echo "known misses that remain: $(grep -c . "$misses")"
	sed 's/^/  /' "$misses"
	[ $slipped = 0 ] && echo "conformance: the ratchet holds"
	exit $slipped
	;;
validate-corpus)
	wrong=0 doubtful=0 checked=0
	for source in "$shared"/validate-corpus/*/; do
		name=$(basename "$source")
		for verdict in valid invalid; do
			want=0
			[ $verdict = invalid ] && want=1
			for file in "$source$verdict"/*.json; do
				if grep -q "\"$verdict/$(basename "$file")\"" "$source/doubtful.json" 2>/dev/null; then
					echo "  doubtful, not counted: $name/$verdict/$(basename "$file")"
					doubtful=$((doubtful + 1))
					continue
				fi
				"$sfn" validate "$file" >/dev/null 2>&1
				got=$?
				checked=$((checked + 1))
				if [ $got != $want ]; then
					echo "miss: $name/$verdict/$(basename "$file"): sfn validate exited $got, the corpus says $verdict"
					wrong=$((wrong + 1))
				fi
			done
		done
	done
	echo "validate-corpus: $checked verdicts checked, $wrong missed, $doubtful doubtful ones left out (listed above)"
	[ $wrong = 0 ]
	;;
*)
	echo "usage: scripts/ratchet.sh conformance|validate-corpus SFN SHARED" >&2
	exit 2
	;;
esac
