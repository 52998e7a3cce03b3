#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The ksrtp demo, inside the test VM: two namespaces, an SDES offer/answer
# keyed with srtpctl, a few seconds of a tone over plain RTP sockets in both
# directions, proof that the wire carried SRTP, and then a second call keyed
# through libksrtp (userspace/lib/examples/sdes-call.c) without the CLI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
SECONDS_OF_TONE=${KSRTP_DEMO_SECONDS:-3}
PY=/usr/bin/python3

# The crypto attributes an SDP offer (ns1) and answer (ns2) would carry.
OFFER='a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e|2^31'
ANSWER='a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGC|2^31'

say() { printf '\n== %s\n' "$*"; }

say "two network namespaces joined by veth: ns1 10.0.0.1 <-> ns2 10.0.0.2"
topo_up

say "SDES keys, as in the SDP offer and answer"
echo "  offer  (ns1 sends with): $OFFER"
echo "  answer (ns2 sends with): $ANSWER"

say "srtpctl: ns1 protects what it sends with the offer key, ns2 with the answer key"
set -x
n1 srtpctl flow add dir tx local 10.0.0.1:5004 remote 10.0.0.2:5006 key "$OFFER" rtcp-mux
n1 srtpctl flow add dir rx local 10.0.0.1:5004 remote 10.0.0.2:5006 key "$ANSWER" rtcp-mux
n2 srtpctl flow add dir tx local 10.0.0.2:5006 remote 10.0.0.1:5004 key "$ANSWER" rtcp-mux
n2 srtpctl flow add dir rx local 10.0.0.2:5006 remote 10.0.0.1:5004 key "$OFFER" rtcp-mux
{ set +x; } 2>/dev/null

say "capturing the wire on ns2's veth while both sides stream ${SECONDS_OF_TONE}s of a 440 Hz tone"
cap=$(mktemp)
n2 tcpdump -l -n -c 3 -X -i v2 'udp and src host 10.0.0.1' >"$cap" 2>/dev/null &
tpid=$!
rc=0
n1 $PY "$here/tone.py" 10.0.0.1 5004 10.0.0.2 5006 "$SECONDS_OF_TONE" 0x1111 0x2222 >"$cap.ns1" 2>&1 &
p1=$!
n2 $PY "$here/tone.py" 10.0.0.2 5006 10.0.0.1 5004 "$SECONDS_OF_TONE" 0x2222 0x1111 >"$cap.ns2" 2>&1 || rc=1
wait $p1 || rc=1
sed 's/^/  ns1: /' "$cap.ns1"
sed 's/^/  ns2: /' "$cap.ns2"
wait $tpid 2>/dev/null || true

say "on the wire (ns1 -> ns2): the payload is ciphertext, 10 bytes longer (the tag)"
cat "$cap"
echo "  (compare with the plain packet ns1's application sent, above)"

say "srtpctl flow show -s"
echo "-- ns1"; n1 srtpctl flow show -s
echo "-- ns2"; n2 srtpctl flow show -s

# Every packet protected, authenticated and delivered.
want=$(( $(echo "$SECONDS_OF_TONE / 0.020" | bc) ))
for ns in ns1 ns2; do
	tx=$(ip netns exec $ns srtpctl -j flow show -s | $PY -c "import json,sys; print([f for f in json.load(sys.stdin) if f['dir']=='tx'][0]['stats']['packets'])")
	rx=$(ip netns exec $ns srtpctl -j flow show -s | $PY -c "import json,sys; f=[f for f in json.load(sys.stdin) if f['dir']=='rx'][0]['stats']; print(f['packets'], f['auth_fail'] + f['replay_dup'] + f['replay_old'] + f['malformed'])")
	echo "$ns: protected $tx packets (RTP + RTCP); authenticated ${rx% *}, rejected ${rx#* }"
	[ "${rx#* }" = 0 ] || rc=1
	[ "$tx" -ge "$want" ] || rc=1
done
say "a second call, keyed through libksrtp instead of srtpctl"
# userspace/lib/examples/sdes-call.c: what a media server does with the
# library for each call: parse the SDP's crypto lines, add the tx and rx
# flows, and at the end of the call read the counters and delete them.
SDES_CALL=$here/../../userspace/lib/examples/sdes-call
echo "  each side runs: sdes-call LOCAL REMOTE 'OUR a=crypto' 'PEER a=crypto'"
lib=$(mktemp -d)
mkfifo "$lib/in1" "$lib/in2"
n1 "$SDES_CALL" 10.0.0.1:5008 10.0.0.2:5010 "$OFFER" "$ANSWER" <"$lib/in1" >"$lib/out1" 2>&1 &
c1=$!
n2 "$SDES_CALL" 10.0.0.2:5010 10.0.0.1:5008 "$ANSWER" "$OFFER" <"$lib/in2" >"$lib/out2" 2>&1 &
c2=$!
exec 4>"$lib/in1" 5>"$lib/in2"
for _ in $(seq 100); do
	grep -q 'call lasts' "$lib/out1" && grep -q 'call lasts' "$lib/out2" && break
	sleep 0.1
done
n1 $PY "$here/tone.py" 10.0.0.1 5008 10.0.0.2 5010 "$SECONDS_OF_TONE" 0x3333 0x4444 >"$lib/tone1" 2>&1 &
p1=$!
n2 $PY "$here/tone.py" 10.0.0.2 5010 10.0.0.1 5008 "$SECONDS_OF_TONE" 0x4444 0x3333 >"$lib/tone2" 2>&1 || rc=1
wait $p1 || rc=1
sed 's/^/  ns1: /' "$lib/tone1"
sed 's/^/  ns2: /' "$lib/tone2"
# the call ends: each side reads its counters and deletes its flows
exec 4>&- 5>&-
wait $c1 || rc=1
wait $c2 || rc=1
sed 's/^/  ns1: /' "$lib/out1"
sed 's/^/  ns2: /' "$lib/out2"
for f in "$lib/out1" "$lib/out2"; do
	# the rx flow authenticated every packet the peer sent, rejected none
	rxn=$(awk '/ rx port / {print $7}' "$f")
	grep -q ' rx port .* 0 failed authentication' "$f" || rc=1
	[ "${rxn:-0}" -ge "$want" ] || rc=1
	grep -q 'flows deleted' "$f" || rc=1
done
left=$(( $(n1 srtpctl -j flow show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))') + \
	 $(n2 srtpctl -j flow show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))') ))
echo "  flows left in the two namespaces: $left (the first call's four)"
[ "$left" = 4 ] || rc=1
rm -rf "$lib"

topo_down
if [ $rc = 0 ]; then
	say "demo OK: every packet was protected, authenticated and delivered"
else
	say "demo FAILED"
fi
exit $rc
