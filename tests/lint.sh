#!/usr/bin/env bash
# Kernel style and static checks on the module sources:
#   checkpatch --strict, sparse (C=2) and W=1 builds against the debug
#   kernel and both Debian stock header trees (6.1, 6.12), with zero
#   findings allowed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/lint
mkdir -p "$out"
rc=0

pass() { echo "PASS lint/$1"; }
fail() { echo "FAIL lint/$1"; rc=1; }

kdir=$("$top"/tests/vm/build-kernel.sh) || { fail debug-kernel; exit 1; }
checkpatch=$kdir/source/scripts/checkpatch.pl

mapfile -t files < <(cd "$top" && ls kmod/*.c kmod/*.h netlink/*.h \
	tests/kunit/*.c tests/kunit/*.h tests/bench/ksrtp_bench.c 2>/dev/null | grep -v 'vectors\.h$')
report=$out/checkpatch.txt
(cd "$top" && perl "$checkpatch" --strict --no-tree --terse --show-types \
	-f "${files[@]}") >"$report" 2>&1
if grep -qE ': (ERROR|WARNING|CHECK):' "$report"; then
	grep -E ': (ERROR|WARNING|CHECK):' "$report"
	fail "checkpatch-strict (${#files[@]} files)"
else
	pass "checkpatch-strict (${#files[@]} files)"
fi

# One build of the module sources per kernel tree; any compiler or sparse
# diagnostic in our files fails.
build() {
	local name=$1 tree=$2
	shift 2
	local log=$out/$name.log
	if [ ! -f "$tree/Makefile" ]; then
		fail "$name (no tree at $tree)"
		return
	fi
	rm -rf "$out/$name"
	if ! "$top"/scripts/build-module.sh "$tree" "$out/$name" "$@" >"$log" 2>&1; then
		tail -30 "$log"
		fail "$name (build failed)"
		return
	fi
	if grep -E '(warning|error|WARNING):' "$log" | grep -v '^make'; then
		fail "$name"
	else
		pass "$name"
	fi
}

# KSRTP_BENCH=m: make bench's microbenchmark module is checked too.
build sparse-debug-6.12 "$kdir" C=2 CHECK=sparse KSRTP_BENCH=m
build w1-debug-6.12 "$kdir" W=1 KSRTP_BENCH=m
h61=$(ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sort -V | tail -1)
h612=$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -1)
build w1-stock-6.1 "${h61:-/nonexistent}" W=1 KSRTP_BENCH=m
build w1-stock-6.12 "${h612:-/nonexistent}" W=1 KSRTP_BENCH=m
exit $rc
