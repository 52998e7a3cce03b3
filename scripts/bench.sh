#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: ksrtp's benchmarks (tests/bench/bench-guest.sh) in the qemu
# TCG VM, on the stock Debian kernel (no KASAN or lockdep, so the numbers
# are not those of the debug kernel). Numbers only: nothing is asserted.
# The output is also kept in build/logs/bench.txt.
#
#   scripts/bench.sh [--kernel stock|debug]
#
# By default the VM runs under qemu -icount shift=0,align=off,sleep=off on
# one vCPU (tests/vm/run KSRTP_VM_ICOUNT=1): a guest nanosecond is one
# guest instruction, so the numbers are exact instruction counts that come
# out the same run after run (Documentation/testing.rst).
#
# Knobs (environment):
#   KSRTP_BENCH_ICOUNT=0     plain multi-threaded TCG instead (KSRTP_VM_SMP
#                            CPUs; times are then TCG time, not counts)
#   KSRTP_BENCH_ITERS=2000   packets per microbenchmark measurement
#   KSRTP_BENCH_PACKETS=10000  packets per end-to-end run
#   KSRTP_BENCH_ROUNDS       end-to-end rounds (1 with icount, else 3)
#   KSRTP_BENCH_FLOWS=100000 most flows installed in the flows rows
#   KSRTP_BENCH_ONLY=micro,e2e,flows,rekey,repeat  which parts
#   KSRTP_VM_TIMEOUT=5400    seconds for the whole VM run
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kind=stock
[ "${1:-}" = --kernel ] && kind=${2:?}
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
start=$(date +%s)
make -s -C "$top/userspace"
make -s -C "$top/tests/e2e"
mkdir -p "$top/build/logs"
vm_resolve_kernel "$kind"
# ksrtp_bench.ko, against the VM's kernel (the VM builds ksrtp.ko itself)
export KSRTP_BENCH_MODDIR=$top/build/bench-$kind
"$top/scripts/build-module.sh" "$VM_KDIR" "$KSRTP_BENCH_MODDIR" KSRTP_BENCH=m \
	>"$top/build/logs/build-bench-$kind.log" 2>&1 || {
	tail -n 30 "$top/build/logs/build-bench-$kind.log" >&2
	exit 1
}
export KSRTP_VM_ICOUNT=${KSRTP_BENCH_ICOUNT:-1}
export KSRTP_VM_TIMEOUT=${KSRTP_VM_TIMEOUT:-5400}
run() {
	local rc=0
	echo "make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
	KSRTP_VM_KMEMLEAK=0 "$top/tests/vm/run" --kernel "$kind" -- \
		"$top/tests/bench/bench-guest.sh" || rc=$?
	echo "wall time of make bench: $(($(date +%s) - start)) s"
	return $rc
}
run 2>&1 | tee "$top/build/logs/bench.txt"
