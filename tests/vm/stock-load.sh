#!/usr/bin/env bash
# Check ksrtp against Debian's stock kernels:
#   - build against the stock 6.1 headers          PASS build/stock-6.1
#   - build-only against the 6.12 backport headers  PASS build/stock-6.12
#   - boot the stock 6.1 kernel in the VM, load ksrtp.ko, check the load
#     message in dmesg, unload it cleanly           PASS stock-6.1/load-unload
# Exit status: 0 if every line is PASS.
#
#   tests/vm/stock-load.sh [run options...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/lib.sh"

status=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+  # $2}"; status=1; }

# Stock 6.1: the headers must match the image we boot (stock-kernel.sh checks).
if vm_resolve_kernel stock; then
	name=stock-${VM_KVER%%.0-*}
	if vm_build_module "$VM_KDIR" "$VM_MODDIR" "$name"; then
		pass "build/$name"
		built=1
	else
		fail "build/$name" "see $KSRTP_LOGS/build-$name.log"
		built=0
	fi
else
	name=stock-6.1
	fail "build/$name" "cannot prepare the stock kernel (tests/vm/stock-kernel.sh)"
	built=0
fi

# Build-only checks against other installed Debian kernel headers (6.12).
for kdir in /usr/src/linux-headers-6.12*-amd64; do
	[ -f "$kdir/Makefile" ] || { fail "build/stock-6.12" "no /usr/src/linux-headers-6.12*-amd64"; continue; }
	if vm_build_module "$kdir" "$KSRTP_REPO/build/stock-6.12" stock-6.12; then
		pass "build/stock-6.12"
	else
		fail "build/stock-6.12" "see $KSRTP_LOGS/build-stock-6.12.log"
	fi
done

if [ $built = 1 ]; then
	log=$KSRTP_LOGS/stock-load-$(date +%Y%m%d-%H%M%S)-$$.log
	# Load, look for the module's load message, unload: tests/vm/run fails
	# on an insmod/rmmod failure or anything bad on the console.
	# shellcheck disable=SC2016 # expanded in the VM
	guest='set -e
for m in $(modinfo -F depends "$KSRTP_MODDIR/ksrtp.ko" | tr , " "); do modprobe "$m"; done
insmod "$KSRTP_MODDIR/ksrtp.ko"
grep -q "^ksrtp " /proc/modules || { echo "ksrtp not in /proc/modules"; exit 10; }
dmesg | grep -E "ksrtp.*(loaded|version)" || { echo "no ksrtp load message in dmesg"; exit 11; }
rmmod ksrtp
[ ! -d /sys/module/ksrtp ] || { echo "ksrtp still loaded after rmmod"; exit 12; }
echo "ksrtp loaded and unloaded on $(uname -r)"'
	rc=0
	"$here/run" --kernel stock --no-load --keep-log "$log" "$@" -- bash -c "$guest" >&2 || rc=$?
	case $rc in
	0) pass "$name/load-unload" ;;
	124) fail "$name/load-unload" "VM timed out, log $log" ;;
	125) fail "$name/load-unload" "kernel problem, log $log" ;;
	126) fail "$name/load-unload" "VM could not be started" ;;
	*) fail "$name/load-unload" "guest check failed (status $rc), log $log" ;;
	esac
else
	fail "$name/load-unload" "not built"
fi
exit $status
