#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow lifecycle (issue 11 item 2), inside the test VM:
#
#   owner   a srtpctl -batch that adds owned flows is killed with kill -9:
#           its flows are gone, the others stay, and `srtpctl monitor`
#           sees flow-deleted with reason owner for each (and flow-added
#           before)
#   cookie  flow show / flow del by cookie; cookie 0 is refused
#   tuple   flow show / flow del by 5-tuple
#   change  flow change of the remote: an rx flow that takes any remote is
#           pinned while 300 packets flow (none lost, none fails to
#           authenticate), then moved to the remote's new port (NAT
#           rebinding); a tx flow moves to the peer's new port; ROC,
#           streams and counters stay, and refused changes get an extack;
#           a new ssrc-idle-ms expires streams that had none
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AES_CM_128_HMAC_SHA1_80
K=hex:$(key_for $S)
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-lifecycle.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# js NS CODE SRTPCTL-ARGS...: srtpctl -j's JSON in NS as d for CODE
js() {
	local ns=$1 code=$2 out
	shift 2
	out=$(ip netns exec "$ns" srtpctl -j "$@") || return 1
	echo "$out" | $PY -c "import json,sys; d=json.load(sys.stdin); $code"
}

# has_event FILE EVENT ID [REASON]: FILE (JSON lines) has the event
has_event() {
	$PY - "$@" <<'EOF'
import json, sys
path, ev, fid = sys.argv[1], sys.argv[2], int(sys.argv[3])
reason = sys.argv[4] if len(sys.argv) > 4 else None
for line in open(path):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") == ev and e.get("id") == fid and \
       (reason is None or e.get("reason") == reason):
        sys.exit(0)
sys.exit(1)
EOF
}

# fails_with MSG CMD...: CMD fails with exit status 2 and MSG on stderr
fails_with() {
	local msg=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	test $rc = 2 && grep -q -- "$msg" <<<"$out"
}

nflows() { ip netns exec "$1" srtpctl -j flow show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

topo_up
ip netns exec ns2 srtpctl -j monitor >"$tmp/events" 2>&1 &
mon=$!
sleep 1

# --- owner: kill -9 the process that owns flows
keep=$(flow_add ns2 dir rx local 10.0.0.2:6500 suite $S key $K cookie 77)
mkfifo "$tmp/batch"
ip netns exec ns2 srtpctl -j -batch - <"$tmp/batch" >"$tmp/batch.out" 2>&1 &
owner=$!
exec 3>"$tmp/batch"
echo "flow add dir rx local 10.0.0.2:6400 suite $S key $K owned cookie 77" >&3
echo "flow add dir tx local 10.0.0.2:6402 remote 10.0.0.1:5402 suite $S key $K owned" >&3
for _ in $(seq 100); do
	[ "$(grep -c '"id"' "$tmp/batch.out")" = 2 ] && break
	sleep 0.1
done
mapfile -t owned < <($PY -c 'import json,sys
for l in open(sys.argv[1]): print(json.loads(l)["id"])' "$tmp/batch.out")
expect lifecycle/owner-batch-added test "${#owned[@]}" = 2
expect lifecycle/owner-portid-shown js ns2 \
	"assert sorted(f['id'] for f in d if f.get('owner_portid')) == sorted([${owned[*]/%/,}]) and len(d) == 3, d" \
	flow show
expect lifecycle/owned-needs-batch sh -c \
	"out=\$(ip netns exec ns2 srtpctl flow add dir rx local 10.0.0.2:6404 suite $S key $K owned 2>&1); test \$? = 1 && echo \"\$out\" | grep -q 'batch'"
expect lifecycle/owner-flows-before test "$(nflows ns2)" = 3
kill -9 $owner
wait $owner 2>/dev/null
exec 3>&-
# the socket's release deletes the flows before the process is reaped
expect lifecycle/owner-flows-gone js ns2 \
	"assert [f['id'] for f in d] == [$keep], d" flow show
for id in "${owned[@]}"; do
	expect "lifecycle/owner-event-added-$id" has_event "$tmp/events" flow-added "$id"
	expect "lifecycle/owner-event-deleted-$id" has_event "$tmp/events" flow-deleted "$id" owner
done
expect lifecycle/owner-other-flow-no-event sh -c \
	"! grep -q '\"flow-deleted\",\"id\":${keep}[,}]' $tmp/events"
expect lifecycle/event-cookie sh -c \
	"grep '\"flow-added\",\"id\":$keep,' $tmp/events | grep -q '\"cookie\":77'"

# --- cookie
c1=$(flow_add ns2 dir rx local 10.0.0.2:6510 suite $S key $K cookie 0x4200000000000001)
c2=$(flow_add ns2 dir tx local 10.0.0.2:6512 remote 10.0.0.1:5512 suite $S key $K cookie 0x4200000000000001)
c3=$(flow_add ns2 dir rx local 10.0.0.2:6514 suite $S key $K cookie 43)
expect lifecycle/cookie-show js ns2 \
	"assert sorted(f['id'] for f in d) == sorted([$c1, $c2]) and all(f['cookie'] == 0x4200000000000001 for f in d), d" \
	flow show cookie 0x4200000000000001
expect lifecycle/cookie-show-text sh -c \
	"ip netns exec ns2 srtpctl flow show cookie 43 | grep -q 'flow $c3 .*cookie 43'"
expect lifecycle/cookie-0-refused sh -c \
	"ip netns exec ns2 srtpctl flow del cookie 0 2>&1; test \$? = 1"
expect lifecycle/cookie-del ip netns exec ns2 srtpctl flow del cookie 0x4200000000000001
expect lifecycle/cookie-del-left js ns2 \
	"assert sorted(f['id'] for f in d) == sorted([$keep, $c3]), d" flow show
expect lifecycle/cookie-del-events sh -c \
	"grep -c '\"flow-deleted\",\"id\":\\($c1\\|$c2\\),\"reason\":\"request\",\"cookie\":4755801206503243777' $tmp/events | grep -qx 2"
expect lifecycle/cookie-del-none fails_with 'no flow with this cookie' \
	ip netns exec ns2 srtpctl flow del cookie 0x4200000000000001
expect lifecycle/cookie-and-id-refused sh -c \
	"ip netns exec ns2 srtpctl flow del id $c3 cookie 43 2>&1; test \$? = 1"

# --- 5-tuple
t1=$(flow_add ns2 dir tx local 10.0.0.2:6520 remote 10.0.0.1:5520 suite $S key $K)
t2=$(flow_add ns2 dir rx local 10.0.0.2:6520 suite $S key $K)
expect lifecycle/tuple-show js ns2 "assert [f['id'] for f in d] == [$t1], d" \
	flow show dir tx local 10.0.0.2:6520 remote 10.0.0.1:5520
expect lifecycle/tuple-show-any-remote js ns2 "assert [f['id'] for f in d] == [$t2], d" \
	flow show dir rx local 10.0.0.2:6520 remote any
expect lifecycle/tuple-show-wrong-remote fails_with 'no flow with this 5-tuple' \
	ip netns exec ns2 srtpctl flow show dir tx local 10.0.0.2:6520 remote 10.0.0.1:5521
expect lifecycle/tuple-del ip netns exec ns2 srtpctl flow del dir tx local 10.0.0.2:6520 remote 10.0.0.1:5520
expect lifecycle/tuple-del-rx ip netns exec ns2 srtpctl flow del dir rx local 10.0.0.2:6520
expect lifecycle/tuple-del-left js ns2 \
	"assert sorted(f['id'] for f in d) == sorted([$keep, $c3]), d" flow show
expect lifecycle/tuple-needs-dir sh -c \
	"ip netns exec ns2 srtpctl flow del local 10.0.0.2:6520 2>&1; test \$? = 1"
kill -TERM $mon
wait $mon 2>/dev/null

# --- change: pin an any-remote rx flow while traffic flows (the sender
# crosses a sequence number wrap, so ROC 1 afterwards)
tx=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key $K)
rx=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key $K)
# once 30 packets are in, change it, and note how many were in by then
(
	for _ in $(seq 200); do
		n=$(stat ns2 "$rx" packets)
		[ "$n" -ge 30 ] && break
		sleep 0.05
	done
	ip netns exec ns2 srtpctl flow change id "$rx" remote 10.0.0.1:5000 \
		>"$tmp/change.out" 2>&1
	echo "rc $?" >>"$tmp/change.out"
	echo "before $n" >>"$tmp/change.out"
) &
chg=$!
expect lifecycle/change-under-traffic-300-delivered recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 300" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 300 --seq 0xff80 --interval-us 10000"
wait $chg
expect lifecycle/change-under-traffic-ok grep -qx 'rc 0' "$tmp/change.out"
expect lifecycle/change-was-under-traffic sh -c \
	"cat $tmp/change.out; n=\$(awk '/^before/ {print \$2}' $tmp/change.out); test \"\$n\" -lt 200"
expect lifecycle/change-pinned js ns2 \
	"f = d[0]; assert f['id'] == $rx and (f['remote_addr'], f['remote_port']) == ('10.0.0.1', 5000) and f['stats']['packets'] == 300 and f['stats']['auth_fail'] == 0 and f['streams'][0]['roc'] == 1, f" \
	flow show dir rx local 10.0.0.2:6000 remote 10.0.0.1:5000 -s
expect lifecycle/change-old-key-gone fails_with 'no flow with this 5-tuple' \
	ip netns exec ns2 srtpctl flow show dir rx local 10.0.0.2:6000

# the remote's port changes (NAT rebinding): its new tx flow goes on with
# ROC 1 and the next sequence number; the rx flow follows
flow_add ns1 dir tx local 10.0.0.1:5100 remote 10.0.0.2:6000 suite $S key $K \
	ssrc 0x11223344 roc 1 >/dev/null
expect lifecycle/change-rebind ip netns exec ns2 srtpctl flow change id "$rx" remote 10.0.0.1:5100
expect lifecycle/change-rebind-50-delivered recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 50" \
	ns1 "--from 10.0.0.1:5100 --to 10.0.0.2:6000 --count 50 --seq 0x00ac"
expect lifecycle/change-rebind-kept js ns2 \
	"f = d[0]; assert f['stats']['packets'] == 350 and f['stream_count'] == 1 and f['streams'][0]['roc'] == 1 and f['streams'][0]['seq'] == 0xdd, f" \
	flow show id "$rx" -s

# the peer moves to port 6100: the tx flow follows and keeps its ROC, so
# an rx flow that expects ROC 1 authenticates what it sends
pinned=$(flow_add ns2 dir rx local 10.0.0.2:6100 suite $S key $K ssrc 0x11223344 roc 1)
expect lifecycle/change-tx ip netns exec ns1 srtpctl flow change id "$tx" remote 10.0.0.2:6100 grace-ms 500
expect lifecycle/change-tx-30-delivered recv_then_send \
	ns2 "--bind 10.0.0.2:6100 --count 30" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6100 --count 30 --seq 0x0100"
expect lifecycle/change-tx-kept js ns1 \
	"f = d[0]; assert (f['remote_addr'], f['remote_port']) == ('10.0.0.2', 6100) and f['grace_ms'] == 500 and f['stats']['packets'] == 330 and f['streams'][0]['roc'] == 1, f" \
	flow show id "$tx" -s

# refused: another flow's 5-tuple, a pinned flow's ssrc-idle-ms, nothing
flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6200 suite $S key $K >/dev/null
expect lifecycle/change-to-existing-tuple fails_with 'another flow has this address' \
	ip netns exec ns1 srtpctl flow change id "$tx" remote 10.0.0.2:6200
expect lifecycle/change-refused-unchanged js ns1 \
	"assert d[0]['remote_port'] == 6100, d" flow show id "$tx"
expect lifecycle/change-idle-pinned fails_with 'ssrc-idle-ms applies only' \
	ip netns exec ns2 srtpctl flow change id "$pinned" ssrc-idle-ms 100
expect lifecycle/change-nothing sh -c \
	"ip netns exec ns2 srtpctl flow change id $rx 2>&1; test \$? = 1"
expect lifecycle/change-unknown-id fails_with 'no flow with this id' \
	ip netns exec ns2 srtpctl flow change id 999999 remote 10.0.0.1:1

# ssrc-idle-ms set by flow change takes effect on a flow whose streams
# never went idle before (0: never), which the periodic work (once a
# second) has stopped visiting
idle=$(flow_add ns2 dir rx local 10.0.0.2:6300 suite $S key $K ssrc-idle-ms 0)
flow_add ns1 dir tx local 10.0.0.1:5300 remote 10.0.0.2:6300 suite $S key $K >/dev/null
expect lifecycle/change-idle-learned recv_then_send \
	ns2 "--bind 10.0.0.2:6300 --count 5" \
	ns1 "--from 10.0.0.1:5300 --to 10.0.0.2:6300 --count 5"
sleep 2.5
expect lifecycle/change-idle-never js ns2 \
	"assert d[0]['stream_count'] == 1, d" flow show id "$idle"
expect lifecycle/change-idle ip netns exec ns2 srtpctl flow change id "$idle" ssrc-idle-ms 200
sleep 2.5
expect lifecycle/change-idle-expired js ns2 \
	"assert d[0]['stream_count'] == 0, d" flow show id "$idle"

topo_down
[ "$E2E_FAILS" -eq 0 ]
