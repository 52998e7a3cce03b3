#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespace deletion and module unload, again and again, under traffic and
# rekeys, with a delay injected into every hook (issue 9): a packet still
# inside a hook while its netns or the module goes away must not touch
# freed memory (the hooks go in .pre_exit, and the netns core waits for an
# RCU grace period before .exit frees anything), and no work may be queued
# after module exit's rcu_barrier(). KASAN, lockdep, kmemleak and the
# console check of tests/vm/run judge the run; this script checks that
# every step succeeds.
#
# Needs the module built with KSRTP_FAULT=HOOK_DELAY in
# $KSRTP_HOOKDELAY_MODDIR (tests/e2e/vm-e2e.sh builds it). Each round:
# load it, make namespace u2 (veth to ns1), flows on both sides, then
# with ns1 sending to u2 and to itself and rekeying all the while: odd
# rounds delete u2 and then unload the module, even rounds unload first.
# KSRTP_UNLOAD_ROUNDS (default 25, times 4 with KSRTP_SOAK=1) rounds, two
# teardowns each. Last, the normal module is loaded again.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AEAD_AES_128_GCM
rounds=${KSRTP_UNLOAD_ROUNDS:-25}
[ "${KSRTP_SOAK:-0}" = 1 ] && rounds=$((rounds * 4))
ko=${KSRTP_HOOKDELAY_MODDIR:-}/ksrtp.ko
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-unloop.XXXXXX")
trap 'touch "$tmp/stop"; rm -rf "$tmp"' EXIT

if [ -z "${KSRTP_HOOKDELAY_MODDIR:-}" ] || [ ! -f "$ko" ]; then
	fail unload-loop/setup "no hook-delay module (KSRTP_HOOKDELAY_MODDIR)"
	exit 1
fi
key() { printf '%056x' "$1"; }

# the normal module goes; the one with the delay comes and goes each round
rmmod ksrtp || { fail unload-loop/rmmod-normal "rmmod ksrtp"; exit 1; }
topo_down
ip netns del u2 2>/dev/null
ip netns add ns1
ip -n ns1 link set lo up

# rekeys in ns1 all the time: they fail while the module is out
{
	g=1
	while [ ! -e "$tmp/stop" ]; do
		printf 'key replace id %s key hex:%s\n' 1 "$(key $g)" 2 "$(key $g)" \
			3 "$(key $g)" | ip netns exec ns1 srtpctl -batch - -force \
			>/dev/null 2>&1
		g=$((g + 1))
	done
	echo "$g" >"$tmp/rekeys"
} &
# senders in ns1, to u2 over veth and to itself over loopback
n1 "$RTPTOOL" send --from 10.9.0.1:5000 --to 10.9.0.2:6000 --rtcp-every 10 \
	--interval-us 100 --keep-going --until "$tmp/stop" >/dev/null 2>&1 &
n1 "$RTPTOOL" recv --bind 127.0.0.1:6002 --count 0 --timeout-ms 1000 \
	--until "$tmp/stop" >/dev/null 2>&1 &
n1 "$RTPTOOL" send --from 127.0.0.1:5002 --to 127.0.0.1:6002 --rtcp-every 10 \
	--interval-us 100 --keep-going --until "$tmp/stop" >/dev/null 2>&1 &

ok=0
for ((r = 1; r <= rounds; r++)); do
	step=load
	insmod "$ko" fault_hook_delay_us=${KSRTP_HOOK_DELAY_US:-20000} || break
	step=topology
	ip -batch - <<EOF || break
netns add u2
link add v1 netns ns1 type veth peer name v2 netns u2
EOF
	ip -n ns1 -batch - <<EOF || break
addr add 10.9.0.1/24 dev v1
link set v1 up
EOF
	ip -n u2 -batch - <<EOF || break
addr add 10.9.0.2/24 dev v2
link set v2 up
link set lo up
EOF
	step=flows
	# ids 1-3 in ns1 (the rekey loop's), 1 in u2
	ip netns exec ns1 srtpctl -batch - >/dev/null <<EOF || break
flow add dir tx local 10.9.0.1:5000 remote 10.9.0.2:6000 suite $S key hex:$(key 0) rtcp-mux
flow add dir tx local 127.0.0.1:5002 remote 127.0.0.1:6002 suite $S key hex:$(key 0) rtcp-mux
flow add dir rx local 127.0.0.1:6002 suite $S key hex:$(key 0) rtcp-mux
EOF
	ip netns exec u2 srtpctl flow add dir rx local 10.9.0.2:6000 suite $S \
		key "hex:$(key 0)" rtcp-mux >/dev/null || break
	sleep 0.3
	if [ $((r % 2)) = 1 ]; then
		step=netns-del
		ip netns del u2 || break
		sleep 0.1
		step=rmmod
		rmmod ksrtp || break
	else
		step=rmmod
		rmmod ksrtp || break
		step=netns-del
		ip netns del u2 || break
	fi
	step=gone
	[ ! -d /sys/module/ksrtp ] || break
	ok=$r
done
touch "$tmp/stop"
wait
if [ "$ok" = "$rounds" ]; then
	pass "unload-loop/$rounds-rounds-$((2 * rounds))-teardowns-rekeys-$(cat "$tmp/rekeys")"
else
	fail unload-loop/rounds "round $((ok + 1)) of $rounds failed at $step"
fi
[ -d /sys/module/ksrtp ] && rmmod ksrtp
ip netns del u2 2>/dev/null
topo_down
expect unload-loop/insmod-normal insmod "$KSRTP_MODDIR/ksrtp.ko"
echo "unload-loop: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
