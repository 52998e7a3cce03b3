#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# srtpctl key management and monitor against the kernel: key add, replace,
# del, use and show on flows with and without an MKI, the new flow options,
# refusals that leave the keys as they were, and the events of a rekey.
# Runs inside the test VM (ksrtp.ko loaded, srtpctl on PATH); prints one
# PASS/FAIL line per check and exits non-zero if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
PY=/usr/bin/python3
S=AES_CM_128_HMAC_SHA1_80
T=srtpctl-key

# key_n N: a 30-byte key || salt for $S, different for every N
key_n() {
	local i out=
	for ((i = 0; i < 30; i++)); do
		out+=$(printf '%02x' $(((($1 * 30) + i) & 255)))
	done
	echo "hex:$out"
}
K1=$(key_n 1)
K2=$(key_n 2)
K3=$(key_n 3)
K4=$(key_n 4)
# 46 bytes: key || salt for AES_256_CM_HMAC_SHA1_80, wrong for $S flows
K46=hex:$(for ((i = 0; i < 46; i++)); do printf '%02x' $i; done)
# the bytes 0..29 in base64, for SDES keys with a lifetime or an MKI
B64=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd

# check NAME WANT GOT
check() {
	if [ "$2" = "$3" ]; then
		pass "$T/$1"
	else
		fail "$T/$1" "expected '$2', got '$3'"
	fi
}

# keys_json NS ID: srtpctl -j key show id ID, in NS
keys_json() {
	ip netns exec "$1" srtpctl -j key show id "$2" 2>&1
}

# slots NS ID: the flow's key slots, sorted, comma-separated
slots() {
	keys_json "$1" "$2" | $PY -c '
import json, sys
print(",".join(sorted(k["slot"] for k in json.load(sys.stdin))))' 2>&1
}

# mkis NS ID: the flow's keys as slot:mki, sorted, comma-separated
mkis() {
	keys_json "$1" "$2" | $PY -c '
import json, sys
print(",".join(sorted("%s:%s" % (k["slot"], k["mki"]) for k in json.load(sys.stdin))))' 2>&1
}

# key_field NS ID SLOT FIELD: FIELD of the flow's first key in SLOT
key_field() {
	keys_json "$1" "$2" | $PY -c '
import json, sys
print([k for k in json.load(sys.stdin) if k["slot"] == sys.argv[1]][0][sys.argv[2]])' "$3" "$4" 2>&1
}

# flow_field NS ID EXPR: a Python expression of the flow f (flow show -s)
flow_field() {
	ip netns exec "$1" srtpctl -j flow show id "$2" -s | $PY -c '
import json, sys
f = json.load(sys.stdin)[0]
print(eval(sys.argv[1]))' "$3" 2>&1
}

# kbad NAME ID RC PATTERN ARGS...: "srtpctl ARGS" in ns1 exits with RC,
# says PATTERN (extended regex, any case), and flow ID's keys stay as they
# were (ID "-": no flow to compare).
kbad() {
	local name=$1 id=$2 want=$3 pat=$4 before='' after='' out rc
	shift 4
	[ "$id" != - ] && before=$(keys_json ns1 "$id")
	out=$(n1 srtpctl "$@" 2>&1)
	rc=$?
	[ "$id" != - ] && after=$(keys_json ns1 "$id")
	if [ $rc -ne "$want" ]; then
		fail "$T/bad/$name" "exit $rc, expected $want: $out"
	elif ! grep -qiE -- "$pat" <<<"$out"; then
		fail "$T/bad/$name" "message '$out' lacks /$pat/"
	elif [ "$before" != "$after" ]; then
		fail "$T/bad/$name" "keys changed: $before -> $after"
	else
		pass "$T/bad/$name"
	fi
}

# subscribed NS PID: process PID has a netlink socket in NS that joined a
# multicast group (seen in /proc/net/netlink, which shows groups 0..31)
subscribed() {
	local fd ino
	for fd in /proc/"$2"/fd/*; do
		ino=$(readlink "$fd" 2>/dev/null) || continue
		case $ino in socket:*) ;; *) continue ;; esac
		ino=${ino#socket:[}
		ino=${ino%]}
		# shellcheck disable=SC2016
		ip netns exec "$1" awk -v i="$ino" \
			'$2 == 16 && $4 != "00000000" && $10 == i { f = 1 }
			 END { exit !f }' /proc/net/netlink && return 0
	done
	return 1
}

# wait_subscribed NS PID: up to 10 s; then go on anyway (the group may be
# one that /proc/net/netlink does not show)
wait_subscribed() {
	local i
	for ((i = 0; i < 100; i++)); do
		subscribed "$1" "$2" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	echo "# $T: cannot see monitor $2 join the events group; going on"
	sleep 1
	return 0
}

# wait_exit PID SECONDS: PID's exit status; killed (status 124) if it is
# still running after SECONDS
wait_exit() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		kill "$1"
		wait "$1"
		return 124
	fi
	wait "$1"
}

# has_event FILE EVENT FLOW [SSRC]: a JSON line of FILE is that event
has_event() {
	$PY - "$@" <<'EOF'
import json, sys
path, ev, flow = sys.argv[1], sys.argv[2], int(sys.argv[3])
ssrc = int(sys.argv[4], 0) if len(sys.argv) > 4 else None
for line in open(path):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") == ev and e.get("id") == flow and \
       (ssrc is None or e.get("ssrc") == ssrc):
        sys.exit(0)
sys.exit(1)
EOF
}

topo_up

# --- A flow without an MKI: next, current, at, del next/previous/at -------
# reset-roc: the options; a key by index is refused, and a replaced key
# goes at once (nothing from before a restart may authenticate)
rr=$(flow_add ns1 dir rx local 10.0.0.1:7006 suite $S key "$K1" \
	reset-roc grace-ms 600000 grace-packets 100)
check plain/flow-options "True 600000 100" \
	"$(flow_field ns1 "$rr" 'f["reset_roc"], f["grace_ms"], f["grace_packets"]' | tr -d '(),')"
kbad at-on-reset-roc "$rr" 2 'reset-roc' key add id "$rr" at 1:0 key "$K3"
expect "$T/plain/reset-roc-replace" n1 srtpctl key replace id "$rr" key "$K2"
check plain/reset-roc-no-previous current "$(slots ns1 "$rr")"

rx=$(flow_add ns1 dir rx local 10.0.0.1:7000 suite $S key "$K1" \
	grace-ms 600000 grace-packets 100 lifetime '2^20' soft-lifetime 1000)
expect "$T/plain/flow-add" test -n "$rx"
check plain/key-expired-counter True \
	"$(flow_field ns1 "$rx" '"key_expired" in f["stats"]')"
check plain/fresh-current current "$(slots ns1 "$rx")"
check plain/lifetimes "1048576 1000" \
	"$(key_field ns1 "$rx" current lifetime) $(key_field ns1 "$rx" current soft_lifetime)"
expect "$T/plain/flow-show-lists-key" sh -c \
	"ip netns exec ns1 srtpctl flow show id $rx | grep -q '^    key current '"
expect "$T/plain/key-show-text" sh -c \
	"ip netns exec ns1 srtpctl key show id $rx | grep -q '^key current lifetime 1048576 soft-lifetime 1000 '"
expect "$T/plain/add-next" n1 srtpctl key add id "$rx" next key "$K2"
check plain/show-next current,next "$(slots ns1 "$rx")"
kbad at-with-next "$rx" 2 'next key waiting' key add id "$rx" at 1:0 key "$K3"
expect "$T/plain/del-next" n1 srtpctl key del id "$rx" next
check plain/next-gone current "$(slots ns1 "$rx")"
kbad del-next-none "$rx" 2 'no such key' key del id "$rx" next
expect "$T/plain/add-current" n1 srtpctl key add id "$rx" current key "$K2"
check plain/show-previous current,previous "$(slots ns1 "$rx")"
kbad at-with-previous "$rx" 2 'grace' key add id "$rx" at 1:0 key "$K3"
expect "$T/plain/del-previous" n1 srtpctl key del id "$rx" previous
check plain/previous-gone current "$(slots ns1 "$rx")"
expect "$T/plain/replace" n1 srtpctl key replace id "$rx" key "$K3" \
	lifetime 5000
check plain/replaced current,previous "$(slots ns1 "$rx")"
check plain/replace-lifetime 5000 "$(key_field ns1 "$rx" current lifetime)"
expect "$T/plain/key-from-stdin" sh -c \
	"echo '$K4' | ip netns exec ns1 srtpctl key add id $rx next key -"
check plain/stdin-next current,next,previous "$(slots ns1 "$rx")"
expect "$T/plain/key-never-shown" sh -c \
	"! ip netns exec ns1 srtpctl -j flow show id $rx -s | grep -qi '${K4#hex:}'"

# keys by index: pending, then deleted; no next key or replace meanwhile
at=$(flow_add ns1 dir rx local 10.0.0.1:7008 suite $S key "$K1")
expect "$T/plain/add-at" n1 srtpctl key add id "$at" at 1:0 key "$K3"
check plain/show-pending current,pending "$(slots ns1 "$at")"
check plain/pending-from-index 65536 "$(key_field ns1 "$at" pending from_index)"
kbad next-on-at-index "$at" 2 'from-index' key add id "$at" next key "$K2"
kbad replace-on-at-index "$at" 2 'from-index' key replace id "$at" key "$K2"
kbad del-pending-none "$at" 2 'no key from this index' key del id "$at" at 2:0
expect "$T/plain/del-at" n1 srtpctl key del id "$at" at 65536
check plain/pending-gone current "$(slots ns1 "$at")"
expect "$T/plain/replace-after-at" n1 srtpctl key replace id "$at" key "$K2"

kbad wrong-length-kernel "$rx" 2 'master key length does not match' \
	key add id "$rx" next suite AES_256_CM_HMAC_SHA1_80 key "$K46"
kbad wrong-length-local "$rx" 1 'needs 30' key add id "$rx" next key hex:0102
kbad mki-on-plain-flow "$rx" 2 'no MKI' \
	key add id "$rx" current key "$K2" mki 01
kbad use-on-plain-flow "$rx" 2 'MKI' key use id "$rx" mki 01
kbad bad-seq "$rx" 1 'sequence number 70000' \
	key add id "$rx" at 5:70000 key "$K2"
kbad add-missing-flow - 2 'no flow with this id' \
	key add id 99999 next key "$K2"
kbad show-missing-flow - 2 'no flow with this id' key show id 99999

sdes=$(flow_add ns1 dir rx local 10.0.0.1:7004 suite $S key "inline:$B64|2^10")
check plain/sdes-lifetime 1024 "$(key_field ns1 "$sdes" current lifetime)"

# --- A flow with an MKI: standby keys, use, del, at most 8 keys -----------
mk=$(flow_add ns1 dir rx local 10.0.0.1:7002 suite $S key "inline:$B64|1:1" \
	grace-ms 600000)
expect "$T/mki/flow-add" test -n "$mk"
check mki/fresh current:01 "$(mkis ns1 "$mk")"
expect "$T/mki/add-02" n1 srtpctl key add id "$mk" key "$K2" mki 02
expect "$T/mki/add-03-standby" n1 srtpctl key add id "$mk" standby key "$K3" mki 03
check mki/three-keys current:01,standby:02,standby:03 "$(mkis ns1 "$mk")"
expect "$T/mki/use-02" n1 srtpctl key use id "$mk" mki 02
check mki/current-moved current:02,standby:01,standby:03 "$(mkis ns1 "$mk")"
kbad mki-del-current "$mk" 2 'current' key del id "$mk" mki 02
kbad mki-duplicate "$mk" 2 'this MKI' key add id "$mk" key "$K4" mki 03
kbad mki-length "$mk" 2 'same length' key add id "$mk" key "$K4" mki 0a0b
kbad mki-missing "$mk" 2 'MKI' key add id "$mk" current key "$K4"
kbad mki-next "$mk" 2 'MKI' key add id "$mk" next key "$K4" mki 0c
kbad mki-use-unknown "$mk" 2 'no key with this MKI' key use id "$mk" mki 7f
expect "$T/mki/del-standby" n1 srtpctl key del id "$mk" mki 03
check mki/standby-gone current:02,standby:01 "$(mkis ns1 "$mk")"
expect "$T/mki/add-use" n1 srtpctl key add id "$mk" key "$K3" mki 03 use
check mki/add-use-current current:03,standby:01,standby:02 "$(mkis ns1 "$mk")"
for m in 04 05 06 07 08; do
	n1 srtpctl key add id "$mk" key "$(key_n "$((10#$m))")" mki $m ||
		fail "$T/mki/add-$m" "cannot add key $m"
done
check mki/eight-keys 8 "$(keys_json ns1 "$mk" | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')"
kbad mki-ninth "$mk" 2 'most keys' key add id "$mk" key "$K4" mki 09

# --- Events: new-ssrc, then key-promoted on a prepared switch -------------
[ -x "$RTPTOOL" ] || fail "$T/events/setup" "no $RTPTOOL"
"$RTPTOOL" >/dev/null 2>&1
topo_up
# long grace periods: the previous keys must still be there to be shown
tx=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S \
	key "$K1" grace-ms 600000)
erx=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "$K1" grace-ms 600000)
expect "$T/events/flows" test -n "$tx" -a -n "$erx"
mon_txt=$(mktemp)
mon_json=$(mktemp)

# a text monitor for the whole run, stopped with SIGTERM
ip netns exec ns2 srtpctl monitor >"$mon_txt" 2>&1 &
mon_a=$!
wait_subscribed ns2 $mon_a
expect "$T/events/first-packet" recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 1" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 1 --ssrc 0x1234 --seq 100"

# a JSON monitor for exactly one event: the promotion
ip netns exec ns2 srtpctl -j monitor count 1 >"$mon_json" 2>&1 &
mon_b=$!
wait_subscribed ns2 $mon_b
expect "$T/events/rx-add-next" n2 srtpctl key add id "$erx" next key "$K2"
expect "$T/events/tx-replace" n1 srtpctl key replace id "$tx" key "$K2"
expect "$T/events/promoted-key-decrypts" recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 1" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 1 --ssrc 0x1234 --seq 101"
wait_exit $mon_b 10
check events/monitor-count-exits-0 0 $?
check events/json-one-line 1 "$(wc -l <"$mon_json" | tr -d ' ')"
if has_event "$mon_json" key-promoted "$erx"; then
	pass "$T/events/json-key-promoted"
else
	fail "$T/events/json-key-promoted" "got '$(cat "$mon_json")'"
fi
check events/rx-slots current,previous "$(slots ns2 "$erx")"
check events/tx-slots current,previous "$(slots ns1 "$tx")"

kill -TERM $mon_a 2>/dev/null
wait $mon_a
check events/monitor-sigterm-exits-0 0 $?
if grep -qx "event new-ssrc flow $erx ssrc 0x00001234" "$mon_txt"; then
	pass "$T/events/text-new-ssrc"
else
	fail "$T/events/text-new-ssrc" "got '$(tr '\n' '|' <"$mon_txt")'"
fi
if grep -qx "event key-promoted flow $erx" "$mon_txt"; then
	pass "$T/events/text-key-promoted"
else
	fail "$T/events/text-key-promoted" "got '$(tr '\n' '|' <"$mon_txt")'"
fi
rm -f "$mon_txt" "$mon_json"

# --- The crypto drivers each key uses (issue 10) --------------------------
# On the VM's CPU (-cpu max: AES-NI, PCLMULQDQ, SSSE3/AVX2) every key takes
# the SIMD drivers, with a synchronous fallback for the cipher; never the
# CTR template over the one-block cipher, a table GHASH or generic SHA-1.
port=7300
for s in $SUITES; do
	port=$((port + 2))
	id=$(flow_add ns1 dir rx local 10.0.0.1:$port suite "$s" \
		key "hex:$(key_for "$s")")
	got=$(keys_json ns1 "$id" | $PY -c '
import json, sys
suite = sys.argv[1]
k = json.load(sys.stdin)[0]
c, fb, a = k["cipher"], k["cipher_fallback"], k["auth"]
bad = []
if suite.startswith("AEAD"):
    if not c or not ("gcm-aesni" in c or "gcm-vaes" in c) or "gcm_base" in c:
        bad.append("cipher")
    if not fb or a is not None:
        bad.append("fallback/auth")
else:
    if not a or not a.startswith("hmac(sha1-") or "generic" in a:
        bad.append("auth")
    if suite.startswith("NULL"):
        if c is not None or fb is not None:
            bad.append("cipher")
    elif not c or not c.startswith("__ctr-aes-") or not fb:
        bad.append("cipher")
print("ok" if not bad else "bad %s" % ",".join(bad), c, fb, a)' "$s" 2>&1)
	echo "# drivers $s: $got"
	check "drivers/$s" ok "${got%% *}"
	ip netns exec ns1 srtpctl flow del id "$id" >/dev/null
done

topo_down
[ "$E2E_FAILS" -eq 0 ]
