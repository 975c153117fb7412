# Sourced by every tests/cli/*.sh: a private HOME and store under a
# temporary folder (removed on exit), the vanthu binary, and checks.
#
#   VANTHU_BUILD   build folder (default: build)
#   VANTHU_WRAP    command to run vanthu under (tests/run.sh sets valgrind)

root=${VANTHU_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${VANTHU_BUILD:-$root/build}
case $build in
/*) ;;
*) build=$root/$build ;;
esac
bin=$build/vanthu
corpus=$(cd "$root/.." && pwd)/shared/corpus
samples=$root/tests/corpus/samples

[ -x "$bin" ] || { echo "no '$bin'; run 'make' first" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vanthu-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
store=$tmp/store
# No identity, no configuration, no plugins but the built ones: the
# tests see what a new user sees.
HOME=$tmp/home
mkdir -p "$HOME"
VANTHU_STORE=$store
export HOME VANTHU_STORE
unset XDG_DATA_HOME VANTHU_PLUGIN_PATH VANTHU_AUTHOR GIT_DIR GIT_AUTHOR_NAME \
	GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL 2>/dev/null || true

fail() {
	echo "FAIL: $*" >&2
	[ -s "$tmp/out" ] && { echo "--- stdout:" >&2; head -n 40 "$tmp/out" >&2; }
	[ -s "$tmp/err" ] && { echo "--- stderr:" >&2; head -n 40 "$tmp/err" >&2; }
	exit 1
}

note() {
	echo "$*"
}

# vt ARGS...: run vanthu (under $VANTHU_WRAP when set).
vt() {
	# shellcheck disable=SC2086
	${VANTHU_WRAP:-} "$bin" "$@"
}

# run STATUS ARGS...: run vanthu, stdout in $tmp/out, stderr in $tmp/err,
# and insist on the exit status.
run() {
	want=$1
	shift
	st=0
	vt "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" = "$want" ] || fail "'vanthu $*' exited $st, expected $want"
}

# run_in STATUS FILE ARGS...: the same with FILE on standard input.
run_in() {
	want=$1
	in=$2
	shift 2
	st=0
	vt "$@" <"$in" >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" = "$want" ] || fail "'vanthu $* < $in' exited $st, expected $want"
}

# The failure message of the last run: exactly one line "vanthu: ...".
one_line_error() {
	n=$(wc -l <"$tmp/err")
	[ "$n" = 1 ] || fail "expected one line on stderr, got $n"
	grep -q '^vanthu: ' "$tmp/err" || fail "stderr does not start with 'vanthu: '"
}

out_has() {
	grep -qF -- "$1" "$tmp/out" || fail "stdout lacks '$1'"
}

err_has() {
	grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"
}

head_of() {
	git --git-dir="$store" rev-parse -q --verify HEAD 2>/dev/null || true
}

have_corpus() {
	ls "$corpus"/*.txt >/dev/null 2>&1
}

have_samples() {
	ls "$samples"/*.txt >/dev/null 2>&1
}

# A short valid document, written by the test itself (no corpus needed).
make_dispatch() {
	cat >"$1" <<'DOC'
ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH TÂY NINH                              Độc lập - Tự do - Hạnh phúc

Số: 1/UBND-VX                    Tây Ninh, ngày 10 tháng 3 năm 2024
V/v triển khai thực hiện Thông báo số 20/TB-VPCP

Kính gửi: Sở Ngoại vụ

Thực hiện Thông báo số 20/TB-VPCP ngày 01/3/2024 của Văn phòng Chính phủ,
Ủy ban nhân dân tỉnh giao Sở Ngoại vụ chủ trì, báo cáo trước ngày 30/3/2024.

Nơi nhận:
- Như trên;
- Lưu: VT.
                                           KT. CHỦ TỊCH
                                           PHÓ CHỦ TỊCH


                                           Nguyễn Văn A
DOC
}
