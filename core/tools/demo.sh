#!/bin/sh
# `make demo`: a fresh store in build/demo-store, the sample documents
# ingested, the lineage of a resolution they implement, and its picture.
set -eu

cd "$(dirname "$0")/../.."
build=${VANTHU_BUILD:-build}
bin=$build/vanthu
store=$build/demo-store
svg=$build/demo-lineage.svg
root=59-NQ/TW

[ -x "$bin" ] || { echo "demo: no '$bin'; run 'make' first" >&2; exit 1; }
if ! ls tests/corpus/samples/*.txt >/dev/null 2>&1; then
	echo "demo: no sample documents in tests/corpus/samples/" >&2
	exit 1
fi

# Whatever identity the machine has or lacks, the demo commits as itself.
VANTHU_AUTHOR=${VANTHU_AUTHOR:-"vanthu demo <demo@localhost>"}
export VANTHU_AUTHOR

rm -rf "$store" "$svg"
echo "\$ vanthu --store $store init"
"$bin" --store "$store" init
echo
echo "\$ vanthu --store $store ingest tests/corpus/samples"
"$bin" --store "$store" ingest tests/corpus/samples
echo
echo "\$ vanthu --store $store lineage $root --down"
"$bin" --store "$store" lineage "$root" --down
echo
echo "\$ vanthu --store $store render $root --down -o $svg"
"$bin" --store "$store" render "$root" --down -o "$svg"
echo
echo "The store is in $store (a git repository: git --git-dir=$store log --stat)."
echo "The lineage of $root is drawn in $svg."
echo "Try: $bin --store $store show $root"
