#!/usr/bin/env bash
# Self-test of tests/vm/run (not part of the normal run; ~3 min on the stock
# kernel): exit status propagation, repository write-back, host tools, crash
# and timeout detection.
#
#   tests/vm/selftest.sh [--kernel debug|stock]   (default: stock, faster)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/lib.sh"
kind=stock
[ "${1:-}" != --kernel ] || kind=${2:?}

status=0
check() { # check NAME WANT-RC [run args] -- CMD...
	local name=$1 want=$2 rc=0
	shift 2
	"$here/run" --kernel "$kind" --quiet "$@" >/dev/null 2>&1 || rc=$?
	if [ $rc -eq "$want" ]; then
		echo "PASS vm-selftest/$name"
	else
		echo "FAIL vm-selftest/$name  # exit $rc, expected $want"
		status=1
	fi
}

mark=$KSRTP_REPO/build/vm-selftest.$$
rm -f "$mark"
check exit-0 0 -- true
check exit-42 42 -- sh -c 'exit 42'
# shellcheck disable=SC2016 # expanded in the VM
check writeback-and-tools 0 -- sh -c '
	python3 -c "print(1)" >/dev/null &&
	ip link show lo | grep -q UP &&
	test -f "$KSRTP_MODDIR/ksrtp.ko" &&
	grep -q "^ksrtp " /proc/modules &&
	echo ok >'"$mark"
if [ "$(cat "$mark" 2>/dev/null)" = ok ]; then
	echo "PASS vm-selftest/writeback-file"
else
	echo "FAIL vm-selftest/writeback-file  # $mark not written"
	status=1
fi
rm -f "$mark"
if [ "$kind" = stock ]; then
	check panic-is-125 125 -- sh -c 'echo c >/proc/sysrq-trigger'
else
	echo "SKIP vm-selftest/panic-is-125  # no MAGIC_SYSRQ in the debug kernel"
fi
KSRTP_VM_TIMEOUT=60 check timeout-is-124 124 -- sleep 600
exit $status
