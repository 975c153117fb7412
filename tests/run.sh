#!/bin/sh
# The test runner `make test` calls: every cmocka unit binary
# ($VANTHU_BUILD/tests/test_*), then every tests/cli/*.sh and
# tests/corpus/*.sh script (one test each: status 0 passes).  The last line
# is "N passed, M failed"; the status is non-zero when anything failed.
#
#   VANTHU_BUILD=build      where the binaries are (build/san under SANITIZE)
#   VALGRIND=1              also run the CLI tests through valgrind
#   TEST_TIMEOUT=300        seconds before a test counts as hung
set -u

cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
build=${VANTHU_BUILD:-build}
case $build in
/*) ;;
*) build=$root/$build ;;
esac
VANTHU_BUILD=$build
VANTHU_ROOT=$root
export VANTHU_BUILD VANTHU_ROOT
# Under SANITIZE: LeakSanitizer's table of used suppressions (Graphviz's own
# leaks, see graphs/render.c) would add lines to the one-line errors the
# CLI tests check.
LSAN_OPTIONS="print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

if [ ! -x "$build/vanthu" ]; then
	echo "tests/run.sh: no '$build/vanthu' (run 'make tests-build' first)" >&2
	exit 2
fi

logdir=$(mktemp -d "${TMPDIR:-/tmp}/vanthu-tests.XXXXXX") || exit 2
trap 'rm -rf "$logdir"' EXIT INT TERM

timeout_s=${TEST_TIMEOUT:-300}
# Sanitizers and valgrind make the heavy tests (safety.sh) some 3x slower.
[ -n "${SANITIZE:-}" ] && [ -z "${TEST_TIMEOUT:-}" ] && timeout_s=900
if command -v timeout >/dev/null 2>&1; then
	limit="timeout $timeout_s"
else
	limit=
fi

passed=0
failed=0
failures=

# run NAME COMMAND...: one test, its output kept and shown on failure.
run() {
	name=$1
	shift
	log=$logdir/$(echo "$name" | tr '/ ' '__').log
	# shellcheck disable=SC2086
	if $limit "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		st=$?
		failed=$((failed + 1))
		failures="$failures $name"
		[ "$st" = 124 ] && echo "(timed out after ${timeout_s}s)" >>"$log"
		echo "FAIL $name (status $st)"
		sed 's/^/    /' "$log" | tail -n 40
	fi
}

for t in "$build"/tests/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done

for t in tests/cli/*.sh tests/corpus/*.sh; do
	[ -f "$t" ] || continue
	run "${t#tests/}" sh "$t"
done

# The CLI tests once more with every vanthu run under valgrind (the
# scripts call vanthu through $VANTHU_WRAP).  Not under a sanitizer.
if [ "${VALGRIND:-0}" = 1 ] && [ -z "${SANITIZE:-}" ]; then
	if command -v valgrind >/dev/null 2>&1; then
		VANTHU_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --suppressions=$root/tests/cli/lib/valgrind.supp"
		export VANTHU_WRAP
		for t in tests/cli/*.sh; do
			[ -f "$t" ] || continue
			run "valgrind/${t#tests/}" sh "$t"
		done
		unset VANTHU_WRAP
	else
		echo "VALGRIND=1 but valgrind is not installed; skipped"
	fi
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && exit 0
exit 1
