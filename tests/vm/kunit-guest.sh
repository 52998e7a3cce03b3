#!/usr/bin/env bash
# Runs inside the test VM (see tests/vm/kunit.sh): load ksrtp_kunit.ko (its
# KUnit suites run at load time), save the KTAP results into OUTDIR, unload.
#
#   kunit-guest.sh OUTDIR
# OUTDIR/<suite>.ktap  debugfs results of each suite the module registered
# OUTDIR/dmesg.txt     the kernel log from just before the load onwards
# OUTDIR/suites        the suites, one per line
set -uo pipefail

out=${1:?usage: kunit-guest.sh OUTDIR}
ko=${KSRTP_MODDIR:?}/ksrtp_kunit.ko
dbg=/sys/kernel/debug/kunit
mkdir -p "$out"

if [ ! -f "$ko" ]; then
	echo "kunit-guest: $ko missing (kernel without CONFIG_KUNIT?)" >&2
	exit 2
fi

list_suites() { find "$dbg" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | LC_ALL=C sort; }
before=$(list_suites)
echo "KSRTP-KUNIT-START" >/dev/kmsg
# The suites run inside insmod, which waits for them uninterruptibly; the
# rekey storm alone takes minutes under TCG and KASAN. Let the hung task
# detector allow that (it still reports a task stuck for 15 minutes).
if [ -w /proc/sys/kernel/hung_task_timeout_secs ]; then
	echo 900 >/proc/sys/kernel/hung_task_timeout_secs
fi
# KSRTP_KUNIT_FILTER: a KUnit attribute filter, e.g. 'speed>slow' to skip
# the slow (rekey) cases.
if [ -n "${KSRTP_KUNIT_FILTER:-}" ]; then
	# printf, not echo: a trailing newline would become part of the value
	printf %s "$KSRTP_KUNIT_FILTER" >/sys/module/kunit/parameters/filter
fi
# KSRTP_KUNIT_GLOB: run only the matching cases, e.g.
# 'ksrtp_rekey.ksrtp_rekey_storm_test'.
if [ -n "${KSRTP_KUNIT_GLOB:-}" ]; then
	printf %s "$KSRTP_KUNIT_GLOB" >/sys/module/kunit/parameters/filter_glob
fi
rc=0
# KSRTP_SOAK=1: ten times the packets of the fuzzing suite (ksrtp_fuzz).
if [ "${KSRTP_SOAK:-0}" = 1 ]; then
	insmod "$ko" fuzz_scale=10 || rc=$?
else
	insmod "$ko" || rc=$?
fi
echo "KSRTP-KUNIT-END" >/dev/kmsg
dmesg | sed -n '/KSRTP-KUNIT-START/,/KSRTP-KUNIT-END/p' >"$out/dmesg.txt"

# The suites of the module are the debugfs entries that appeared with it.
comm -13 <(echo "$before") <(list_suites) >"$out/suites"
while IFS= read -r s; do
	[ -n "$s" ] || continue
	cp "$dbg/$s/results" "$out/$s.ktap" || rc=3
done <"$out/suites"

if [ -d /sys/module/ksrtp_kunit ]; then
	rmmod ksrtp_kunit || { echo "kunit-guest: rmmod ksrtp_kunit failed" >&2; rc=4; }
fi
if [ $rc -ne 0 ]; then
	echo "kunit-guest: insmod/collect failed (status $rc)" >&2
fi
exit $rc
