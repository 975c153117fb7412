#!/bin/sh
# init creates a bare git store once; a second init is a no-op that says so.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 init
out_has "initialised empty store in '$store'"
[ "$(git --git-dir="$store" rev-parse --is-bare-repository)" = true ] ||
	fail "the store is not a bare git repository"
[ -z "$(head_of)" ] || fail "a new store already has a commit"

run 0 init
out_has "store '$store' already exists"

# --store wins over $VANTHU_STORE; parent folders are created.
run 0 --store "$tmp/a/b/c" init
out_has "initialised empty store in '$tmp/a/b/c'"
git --git-dir="$tmp/a/b/c" rev-parse --git-dir >/dev/null || fail "--store ignored"

# Without --store or $VANTHU_STORE: $XDG_DATA_HOME, then ~/.local/share.
(
	unset VANTHU_STORE
	XDG_DATA_HOME=$tmp/xdg vt init >"$tmp/out" 2>"$tmp/err"
) || fail "init under XDG_DATA_HOME failed"
out_has "$tmp/xdg/vanthu/store"
(
	unset VANTHU_STORE
	vt init >"$tmp/out" 2>"$tmp/err"
) || fail "init under HOME failed"
out_has "$HOME/.local/share/vanthu/store"

# Commands that need a store say how to get one.
run 1 --store "$tmp/none" ingest "$tmp"
one_line_error
err_has "no store at '$tmp/none' (run 'vanthu init')"
run 1 --store "$tmp/none" lineage 59-NQ/TW
one_line_error
err_has "no store at"
echo ok
