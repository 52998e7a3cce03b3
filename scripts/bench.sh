#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: ksrtp's benchmarks (tests/bench/bench-guest.sh) in the qemu
# TCG VM, on the stock Debian kernel (no KASAN or lockdep, so the numbers
# are not those of the debug kernel). Numbers only: nothing is asserted.
# The output is also kept in build/logs/bench.txt.
#
#   scripts/bench.sh [--kernel stock|debug]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kind=stock
[ "${1:-}" = --kernel ] && kind=${2:?}
make -s -C "$top/userspace"
make -s -C "$top/tests/e2e"
mkdir -p "$top/build/logs"
KSRTP_VM_KMEMLEAK=0 "$top/tests/vm/run" --kernel "$kind" -- \
	"$top/tests/bench/bench-guest.sh" | tee "$top/build/logs/bench.txt"
