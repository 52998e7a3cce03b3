#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Key lifetime limits and every kind of event, seen by `srtpctl monitor -j`
# (issue 4). Runs inside the test VM. Limits are set low so that a few
# packets reach them:
#
#   soft-limit, hard-limit  a tx key with lifetime 20, soft-lifetime 10:
#                           25 packets sent, 20 protected, 5 dropped and
#                           counted as key_expired on tx
#   key-promoted            a prepared switch (next on rx, replace on tx)
#   key-retired             the previous key after grace-ms 200
#   new-ssrc                the first packet of an SSRC on an ssrc-any flow
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AES_CM_128_HMAC_SHA1_80
K1=hex:$(key_for $S)
K2=hex:1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-events.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# seen FILE EVENT FLOW: FILE (JSON lines) has EVENT for FLOW
seen() {
	/usr/bin/python3 - "$@" <<'EOF'
import json, sys
path, ev, flow = sys.argv[1], sys.argv[2], int(sys.argv[3])
for line in open(path):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") == ev and e.get("id") == flow:
        sys.exit(0)
sys.exit(1)
EOF
}

# monitor NS FILE: start `srtpctl -j monitor` in NS, writing to FILE;
# sets MON to its pid
monitor() {
	ip netns exec "$1" srtpctl -j monitor >"$2" 2>&1 &
	MON=$!
	# joining the group takes one netlink round trip; give it time
	sleep 1
}

stop_monitor() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}

check_event() {
	if seen "$1" "$2" "$3"; then
		pass "events/$2"
	else
		fail "events/$2" "not in: $(tr '\n' ' ' <"$1")"
	fi
}

topo_up
"$RTPTOOL" >/dev/null 2>&1	# warm up the binary

# --- limits: soft-limit and hard-limit on a tx key ---
tx=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S \
	key "$K1" lifetime 20 soft-lifetime 10)
rx=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "$K1")
monitor ns1 "$tmp/m1"
m1=$MON
monitor ns2 "$tmp/m2"
m2=$MON
expect events/hard-limit-stops-at-20 recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 20 --timeout-ms 3000" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 25 --ssrc 0x4444 --keep-going"
expect events/tx-key-expired-5 test "$(stat ns1 "$tx" key_expired)" = 5
expect events/tx-packets-20 test "$(stat ns1 "$tx" packets)" = 20
stop_monitor "$m1"
check_event "$tmp/m1" soft-limit "$tx"
check_event "$tmp/m1" hard-limit "$tx"
check_event "$tmp/m1" new-ssrc "$tx"

# --- key-promoted and key-retired on the rx flow ---
expect events/rx-add-next ip netns exec ns2 srtpctl key add id "$rx" next key "$K2"
expect events/tx-replace ip netns exec ns1 srtpctl key replace id "$tx" key "$K2"
ip netns exec ns2 srtpctl flow del id "$rx"
rx2=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "$K1" grace-ms 200)
expect events/rx2-add-next ip netns exec ns2 srtpctl key add id "$rx2" next key "$K2"
expect events/promote recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 5" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 5 --ssrc 0x4444 --seq 100"
sleep 0.5
# a packet under the current key after the grace retires the previous one
expect events/after-grace recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 5" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 5 --ssrc 0x4444 --seq 200"
slots=$(ip netns exec ns2 srtpctl -j flow show id "$rx2" |
	/usr/bin/python3 -c 'import json,sys
print(",".join(k["slot"] for k in json.load(sys.stdin)[0]["keys"]))')
expect events/previous-gone test "$slots" = current
stop_monitor "$m2"
check_event "$tmp/m2" new-ssrc "$rx2"
check_event "$tmp/m2" key-promoted "$rx2"
check_event "$tmp/m2" key-retired "$rx2"

topo_down
echo "events: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
