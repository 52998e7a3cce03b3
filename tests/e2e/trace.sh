#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The ksrtp tracepoints fire with the right fields (tracefs), received
# drops reach the kernel's drop monitor from ksrtp with a reason, and
# `srtpctl stats --prometheus` parses under the format's rules
# (tests/promparse.py). Runs inside the test VM, in a tracefs instance of
# its own:
#
#   stream_new          the first packet of SSRC 0x4444 on an ssrc-any flow
#   drop AUTH           a packet with a flipped tag bit (forged)
#   drop REPLAY_DUP     a packet sent twice
#   key_switch/promote  a packet under the prepared next key
#   key_retire          the previous key, once grace-ms 200 is over
#   stream_expire       the SSRC, idle past ssrc-idle-ms 500
#   net_drop GUARD_RX   plain RTP to a guarded port without a flow
#   drop SHORT          3 bytes that look like RTP
#   skb:kfree_skb       the short packet freed by ksrtp as PKT_TOO_SMALL
#
# and that `srtpctl stats` keeps the totals of the netns's flows'
# counters after the flows are deleted.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AES_CM_128_HMAC_SHA1_80
K1=$(key_for $S)
K2=1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e
T=/sys/kernel/tracing
[ -d "$T/instances" ] || mount -t tracefs nodev "$T" 2>/dev/null
I=$T/instances/ksrtp-e2e
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-trace.XXXXXX")
trap 'rmdir "$I" 2>/dev/null; rm -rf "$tmp"' EXIT

if [ ! -d "$T/events/ksrtp" ]; then
	fail trace/tracefs "no $T/events/ksrtp"
	echo "trace: $E2E_FAILS failed"
	exit 1
fi
rmdir "$I" 2>/dev/null
mkdir "$I"
echo 1 >"$I/events/ksrtp/enable"
echo 1 >"$I/events/skb/kfree_skb/enable"
echo 1 >"$I/tracing_on"

topo_up
"$RTPTOOL" >/dev/null 2>&1	# warm up the binary
ns=$(ip netns exec ns2 readlink /proc/self/ns/net | tr -dc 0-9)
id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "hex:$K1" \
	ssrc any ssrc-idle-ms 500 grace-ms 200)

# 20 sent, packet 5 replayed once, packet 7 with a flipped tag bit
expect trace/delivered-19 recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 19" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 20 --ssrc 0x4444 --replay 5 --flip 7 --srtp $S:$K1"
expect trace/add-next ip netns exec ns2 srtpctl key add id "$id" next key "hex:$K2"
expect trace/promote recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 5" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 5 --ssrc 0x4444 --seq 100 --srtp $S:$K2"
sleep 0.5
expect trace/after-grace recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 5" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 5 --ssrc 0x4444 --seq 200 --srtp $S:$K2"
expect trace/guard-add ip netns exec ns2 srtpctl guard add dir rx ports 7000
expect trace/guard-drop ip netns exec ns1 "$RTPTOOL" send \
	--from 10.0.0.1:5000 --to 10.0.0.2:7000 --count 1
# 3 bytes that look like RTP: too short for a header
expect trace/short ip netns exec ns1 /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('10.0.0.1', 5000))
s.sendto(b'\\x80\\x00\\x00', ('10.0.0.2', 6000))"
# the periodic work (once a second) frees the SSRC idle for 500 ms
for _ in 1 2 3 4 5 6; do
	grep -q ksrtp_stream_expire "$I/trace" && break
	sleep 1
done
echo 0 >"$I/tracing_on"
cat "$I/trace" >"$tmp/trace"

# has NAME REGEX: a line of the trace matches
has() {
	if grep -qE -- "$2" "$tmp/trace"; then
		pass "trace/$1"
	else
		fail "trace/$1" "no /$2/ in: $(grep -E 'ksrtp|kfree_skb' "$tmp/trace" | tail -n 30)"
	fi
}
f="netns=$ns flow=$id dir=rx"
has stream-new "ksrtp_stream_new: $f ssrc=0x00004444\$"
has drop-auth "ksrtp_drop: $f ssrc=0x00004444 reason=AUTH\$"
has drop-replay "ksrtp_drop: $f ssrc=0x00004444 reason=REPLAY_DUP\$"
has key-switch "ksrtp_key_switch: $f old=[0-9]+ new=[0-9]+\$"
has key-promote "ksrtp_key_promote: $f key=[0-9]+ from=-1\$"
has key-retire "ksrtp_key_retire: $f key=[0-9]+ from=-1\$"
has stream-expire "ksrtp_stream_expire: $f ssrc=0x00004444\$"
has net-drop-guard "ksrtp_net_drop: netns=$ns dir=rx lport=7000 reason=GUARD_RX\$"
has drop-short "ksrtp_drop: $f ssrc=0x00000000 reason=SHORT\$"
# the drop monitor sees ksrtp's reasons: NF_DROP would say NETFILTER_DROP
has kfree-skb-short "kfree_skb: .*reason: PKT_TOO_SMALL"
has kfree-skb-auth "kfree_skb: .*reason: NETFILTER_DROP"
# the key that took over is the one promoted; the one retired is the old
sw=$(sed -nE "s/.*ksrtp_key_switch: $f old=([0-9]+) new=([0-9]+)\$/\1 \2/p" "$tmp/trace" | head -n1)
pr=$(sed -nE "s/.*ksrtp_key_promote: $f key=([0-9]+) .*/\1/p" "$tmp/trace" | head -n1)
re=$(sed -nE "s/.*ksrtp_key_retire: $f key=([0-9]+) .*/\1/p" "$tmp/trace" | head -n1)
expect trace/switch-is-promote test "${sw#* }" = "$pr" -a "${sw% *}" = "$re" -a "$pr" != "$re"
# exactly one of each drop: the counters and the events agree
expect trace/one-auth test "$(grep -c "ksrtp_drop: $f .*reason=AUTH\$" "$tmp/trace")" = 1
expect trace/one-replay test "$(grep -c "ksrtp_drop: $f .*reason=REPLAY_DUP\$" "$tmp/trace")" = 1

# --- srtpctl stats --prometheus, parsed by a strict parser ---
# the SSRC may have expired once already between the batches and been
# learned again: wait until it is gone for good (streams 0)
for _ in 1 2 3 4 5 6; do
	py ns2 'assert d["streams"] == 0' stats 2>/dev/null && break
	sleep 1
done
ip netns exec ns2 srtpctl stats --prometheus >"$tmp/prom" 2>&1
if /usr/bin/python3 "$here/../promparse.py" "$tmp/prom" >"$tmp/samples" 2>&1; then
	pass trace/prometheus-parses
else
	fail trace/prometheus-parses "$(cat "$tmp/samples") in: $(cat "$tmp/prom")"
fi
expect trace/prometheus-flows grep -qx "ksrtp_flows{netns=\"$ns\"} 1" "$tmp/samples"
expect trace/prometheus-guard-rx grep -qx "ksrtp_guard_rx_total{netns=\"$ns\"} 1" "$tmp/samples"
expect trace/prometheus-types grep -qx '# TYPE ksrtp_guard_rx_total counter' "$tmp/prom"

# --- the netns's totals of its flows' counters (srtpctl stats) ---
# rx: 29 authenticated (19 + 5 + 5), the forged one, the replay and the
# short one; they stay once the flow is gone, so a Prometheus counter
# never goes down. tx: 3 protected by a flow in ns1, also kept.
expect trace/prometheus-rx-packets grep -qx \
	"ksrtp_flow_packets_total{dir=\"rx\",netns=\"$ns\"} 29" "$tmp/samples"
expect trace/prometheus-rx-auth-fail grep -qx \
	"ksrtp_flow_auth_fail_total{dir=\"rx\",netns=\"$ns\"} 1" "$tmp/samples"
expect trace/prometheus-streams grep -qx "ksrtp_streams{netns=\"$ns\"} 0" "$tmp/samples"
totals='r = d["rx"]; t = d["tx"]
assert (r["packets"], r["auth_fail"], r["replay_dup"], r["malformed"]) == (29, 1, 1, 1), r
assert t["packets"] == 0 and r["bytes"] > 29 * 12, (t, r)'
expect trace/totals-rx py ns2 "$totals" stats
expect trace/totals-text sh -c "ip netns exec ns2 srtpctl stats | grep -q '^    rx packets 29 bytes [0-9]* rtcp-packets 0 auth-fail 1 replay-dup 1 '"
expect trace/flow-del ip netns exec ns2 srtpctl flow del id "$id"
expect trace/totals-kept py ns2 "$totals
assert d[\"flows\"] == 0" stats
ip netns exec ns2 srtpctl stats --prometheus >"$tmp/prom2" 2>&1
expect trace/prometheus-kept sh -c "/usr/bin/python3 '$here/../promparse.py' '$tmp/prom2' |
	grep -qx 'ksrtp_flow_packets_total{dir=\"rx\",netns=\"$ns\"} 29'"
txid=$(flow_add ns1 dir tx local 10.0.0.1:5002 remote 10.0.0.2:6002 \
	suite $S key "hex:$K1")
expect trace/tx-send ip netns exec ns1 "$RTPTOOL" send \
	--from 10.0.0.1:5002 --to 10.0.0.2:6002 --count 3
expect trace/tx-flow-del ip netns exec ns1 srtpctl flow del id "$txid"
expect trace/totals-tx py ns1 'assert d["tx"]["packets"] == 3 and d["rx"]["packets"] == 0 and d["flows"] == 0, d' stats

topo_down
echo "trace: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
