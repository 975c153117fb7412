#!/bin/sh
# The fuzz corpus and every crash input ever found, replayed through the
# harnesses built without libFuzzer (see tests/fuzz/replay.sh).
set -eu
exec sh "$(dirname "$0")/../fuzz/replay.sh"
