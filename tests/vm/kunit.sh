#!/usr/bin/env bash
# Run ksrtp's KUnit suites (ksrtp_kunit.ko) in the debug VM and report one
# line per test case:
#
#   tests/vm/kunit.sh [--kernel debug] [run options...]
#
#   PASS kunit/<suite>/<case>[/<param>]   (or FAIL / SKIP)
#   PASS vm/console-clean                 (FAIL: KASAN, lockdep, leak... see log)
#
# Results (KTAP per suite, dmesg, console log) go to build/logs/kunit-<time>/,
# with build/logs/kunit-latest pointing at the last run. Exit status is
# non-zero if a case failed, no case ran, or the kernel reported a problem.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/lib.sh"

kind=debug
run_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kind=${2:?}; shift 2 ;;
	--kernel=*) kind=${1#*=}; shift ;;
	*) run_args+=("$1"); shift ;;
	esac
done

out=$KSRTP_LOGS/kunit-$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$out"
ln -sfn "$(basename "$out")" "$KSRTP_LOGS/kunit-latest"

rc=0
"$here/run" --kernel "$kind" --keep-log "$out/console.log" "${run_args[@]}" \
	-- "$here/kunit-guest.sh" "$out" >&2 || rc=$?

# Prefer the per-suite debugfs results; fall back to the kernel log.
shopt -s nullglob
ktaps=("$out"/*.ktap)
if [ ${#ktaps[@]} -gt 0 ]; then
	src=("${ktaps[@]}")
elif [ -s "$out/dmesg.txt" ]; then
	src=("$out/dmesg.txt")
else
	src=(/dev/null)
fi
prc=0
python3 "$here/ktap.py" --prefix kunit "${src[@]}" | tee "$out/summary.txt" || prc=$?

status=0
[ $prc -eq 0 ] || status=1
case $rc in
0) verdict=("PASS vm/console-clean") ;;
124 | 125 | 126)
	verdict=("FAIL vm/console-clean  # tests/vm/run exit $rc, see $out/console.log")
	;;
*)
	# The guest script failed (module missing, insmod or rmmod failed) but
	# the kernel itself reported nothing.
	verdict=("PASS vm/console-clean"
		"FAIL kunit/guest  # kunit-guest.sh exit $rc, see $out/console.log")
	;;
esac
printf '%s\n' "${verdict[@]}" | tee -a "$out/summary.txt"
[ "$rc" -eq 0 ] || status=1
echo "kunit: results in $out" >&2
exit $status
