#!/bin/sh
# Install the Debian packages vanthu needs to build and test, when missing,
# and those named as arguments (make fuzz adds clang).
# Quiet and quick when everything is there already.
set -e

pkgs="gcc make pkg-config git libgit2-dev zlib1g-dev libcjson-dev libgraphviz-dev graphviz
libutf8proc-dev libssl-dev libcmocka-dev libxml2-utils python3 chromium $*"

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "vanthu: installing missing packages:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "vanthu: not root; run: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
