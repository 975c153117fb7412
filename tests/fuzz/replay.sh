#!/bin/sh
# Replay every harness over its seed corpus and over every crash input
# ever found (tests/fuzz/corpus/<h>/, tests/fuzz/crashes/<h>/), with the
# binaries make tests-build makes: $VANTHU_BUILD/tests/fuzz-replay-<h>.
# Runs under $VANTHU_WRAP (valgrind) when set.  Status 0 when all pass.
set -eu

cd "$(dirname "$0")/../.."
build=${VANTHU_BUILD:-build}
VANTHU_BUILD=$build
export VANTHU_BUILD

failed=
for src in tests/fuzz/fuzz_*.c; do
	h=${src#tests/fuzz/fuzz_}
	h=${h%.c}
	bin=$build/tests/fuzz-replay-$h
	if [ ! -x "$bin" ]; then
		echo "FAIL: no '$bin' (make tests-build)" >&2
		failed="$failed $h"
		continue
	fi
	st=0
	# shellcheck disable=SC2086
	${VANTHU_WRAP:-} "$bin" "tests/fuzz/corpus/$h" "tests/fuzz/crashes/$h" || st=$?
	if [ "$st" != 0 ]; then
		echo "FAIL: replay of $h exited $st (REPLAY_VERBOSE=1 names each input)" >&2
		failed="$failed $h"
	fi
done
[ -z "$failed" ] || { echo "FAIL: replay failed for:$failed" >&2; exit 1; }
echo ok
