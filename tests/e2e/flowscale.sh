#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Many flows in one netns (flowscale.c, built into build/e2e/flowscale by
# tests/e2e/Makefile), then the per-netns cap. Runs inside the test VM:
#
#   tests/vm/run -- sh -c 'make -C tests/e2e >/dev/null && tests/e2e/flowscale.sh'
#
#   - KSRTP_FLOWSCALE_N flows (default 100000) are created, dumped while a
#     third of them are deleted concurrently (every survivor listed exactly
#     once), dumped again (exactly the survivors, and with dir rx exactly
#     the rx ones), then all deleted; timings and kernel memory per flow
#     are printed as "info" lines
#   - with the module parameter max_flows at 3, a netns gets 3 flows and
#     the 4th is refused with ENOSPC and "too many flows in this netns",
#     while another netns still gets its own
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
FLOWSCALE=${FLOWSCALE:-$here/../../build/e2e/flowscale}
count=${KSRTP_FLOWSCALE_N:-100000}
ns=ksrtp-flowscale-$$
param=/sys/module/ksrtp/parameters/max_flows

case "$count" in
''|*[!0-9]*)
	fail flowscale/setup "KSRTP_FLOWSCALE_N is not a number: '$count'"
	exit 1
	;;
esac
if [ ! -x "$FLOWSCALE" ]; then
	fail flowscale/setup "no $FLOWSCALE (make -C tests/e2e)"
	exit 1
fi
if [ ! -w "$param" ]; then
	fail flowscale/setup "no module parameter $param"
	exit 1
fi
old_max=$(cat "$param")
trap 'echo "$old_max" >"$param"; ip netns del "$ns" 2>/dev/null; ip netns del "$ns-b" 2>/dev/null' EXIT
if ! ip netns add "$ns"; then
	fail flowscale/setup "ip netns add $ns failed"
	exit 1
fi

echo "info e2e/flowscale: $(awk '/^MemTotal:|^MemAvailable:/ {printf "%s %d MB ", $1, $2 / 1024}' /proc/meminfo), max_flows $old_max"
ip netns exec "$ns" "$FLOWSCALE" --count "$count" ||
	E2E_FAILS=$((E2E_FAILS + 1))
echo "info e2e/flowscale: after: $(awk '/^MemAvailable:|^Slab:|^Percpu:/ {printf "%s %d MB ", $1, $2 / 1024}' /proc/meminfo)"

# The cap: per netns, a clear error.
k=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d
add() {
	ip netns exec "$1" srtpctl flow add dir rx local "10.1.0.$2:5000" \
		suite NULL_HMAC_SHA1_80 key "hex:$k" 2>&1
}
cap_refuses() {
	local i out
	for i in 1 2 3; do
		out=$(add "$ns" $i) || { echo "flow $i: $out"; return 1; }
	done
	out=$(add "$ns" 4) && { echo "a 4th flow was accepted: $out"; return 1; }
	echo "$out"
	grep -q 'too many flows in this netns' <<<"$out" || return 1
	# srtpctl names the errno
	grep -qiE 'ENOSPC|No space left' <<<"$out" || return 1
	[ "$(ip netns exec "$ns" srtpctl -j flow show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 3 ]
}
cap_per_netns() {
	ip netns add "$ns-b" && add "$ns-b" 1 && ip netns del "$ns-b"
}
if echo 3 >"$param"; then
	expect flowscale/max-flows-refuses-the-4th cap_refuses
	expect flowscale/max-flows-is-per-netns cap_per_netns
else
	fail flowscale/max-flows "cannot set $param"
fi
echo "$old_max" >"$param"
expect flowscale/max-flows-restored test "$(cat "$param")" = "$old_max"

if ip netns del "$ns" && ! ip netns list | grep -qw "$ns"; then
	pass flowscale/netns-deleted
else
	fail flowscale/netns-deleted "ip netns del $ns failed"
fi
trap - EXIT
[ "$E2E_FAILS" -eq 0 ]
