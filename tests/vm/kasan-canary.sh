#!/usr/bin/env bash
# Prove that the debug VM catches a KASAN report: build ksrtp_uaf_canary.ko
# (tests/kunit/uaf_canary.c, a deliberate use-after-free), load it in the VM
# and expect tests/vm/run to fail *because of* the KASAN report.
# Not part of the normal test run (it is supposed to crash the kernel's
# good mood); run it by hand or in CI as its own step:
#
#   tests/vm/kasan-canary.sh       -> PASS vm/kasan-canary-caught, exit 0
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/lib.sh"

vm_resolve_kernel debug
# Build in a directory of its own so the normal build dir is left alone.
moddir=$KSRTP_REPO/build/debug-canary
vm_build_module "$VM_KDIR" "$moddir" debug-canary KSRTP_KASAN_CANARY=m
[ -f "$moddir/ksrtp_uaf_canary.ko" ] || {
	echo "FAIL vm/kasan-canary-caught  # ksrtp_uaf_canary.ko was not built"
	exit 1
}

log=$KSRTP_LOGS/kasan-canary-$(date +%Y%m%d-%H%M%S)-$$.log
rc=0
"$here/run" --kernel debug --no-load --keep-log "$log" "$@" \
	-- insmod "$moddir/ksrtp_uaf_canary.ko" >&2 2>"$log.stderr" || rc=$?
cat "$log.stderr" >&2

# tests/vm/run must have failed with "kernel problem" (125) and listed a
# use-after-free KASAN report among the problems it found.
if [ $rc -eq 125 ] && grep -q 'BUG: KASAN: .*use-after-free' "$log.stderr"; then
	echo "PASS vm/kasan-canary-caught"
	rm -f "$log.stderr"
	exit 0
fi
echo "FAIL vm/kasan-canary-caught  # tests/vm/run exit $rc, expected 125 with a KASAN use-after-free report; log $log"
exit 1
