#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The datapath's security rules, end to end (issue 9). Runs inside the test
# VM (tests/e2e/run.sh t_security, or t_security_stock for the subset that
# needs a kernel with conntrack modules):
#
#   frag     IP fragments: a forged plain RTP datagram in fragments is
#            dropped; MTU-sized and bigger SRTP, fragmented once protected,
#            arrives once (IPv4 and IPv6)
#   gro      GSO/GRO super-packets on receive: a UDP_SEGMENT sender over
#            veth, veth GRO with a UDP_GRO socket, fraglist GRO, no GRO
#   repeat   tx never protects an SRTP index twice: a repeated and a
#            restarted sequence number are dropped, counted and reported
#   forged   10,000 forged packets with random SSRCs create no state and
#            no event; the real sender gets every packet through
#   idle     an idle SSRC is freed and resumes, its old packets refused
#   guard    guarded ports: no RTP in clear without a flow, either way;
#            STUN and DTLS pass; flows on the wildcard address match
#   mtu      a socket that set DF (IP_PMTUDISC_DO) gets EMSGSIZE for a
#            packet that no longer fits once protected
#   conntrack (stock kernel) the fragment checks again with conntrack on
#
#   tests/e2e/security.sh [CHECK...]
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AES_CM_128_HMAC_SHA1_80
K=hex:$(key_for $S)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-security.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# nothing_arrives NS_RECV "recv args" NS_SEND "send args": the receiver
# gets no datagram at all while the sender sends
nothing_arrives() {
	local out
	out=$(recv_then_send "$1" "$2 --count 0 --timeout-ms 2500" "$3" "$4")
	echo "$out"
	echo "$out" | grep -q '^rtp 0 rtcp 0 bad 0 other 0'
}

# nstat NS COUNTER: a counter of the netns (srtpctl stats)
nstat() {
	ip netns exec "$1" srtpctl -j stats |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['stats']['$2'])"
}

# nstreams NS FLOW_ID: how many SSRC streams a flow has
nstreams() {
	ip netns exec "$1" srtpctl -j flow show id "$2" -s |
		/usr/bin/python3 -c "import json,sys; print(len(json.load(sys.stdin)[0].get('streams') or []))"
}

addrs() { # 4|6: sets A1 A2 (as rtptool and srtpctl take them)
	if [ "$1" = 4 ]; then A1=10.0.0.1; A2=10.0.0.2; else A1='[fd00::1]'; A2='[fd00::2]'; fi
}

# 1. Fragments are reassembled before ksrtp sees them (nf_defrag_ipv4/6).
frag_checks() { # FAM NAME-PREFIX
	local fam=$1 pre=$2 id big
	addrs "$fam"
	id=$(flow_add ns2 dir rx local "$A2:6000" suite $S key $K)
	# a plain RTP datagram of 3000 bytes, not SRTP: IP fragments it
	expect "$pre/v$fam/forged-fragmented-plain-dropped" nothing_arrives \
		ns2 "--bind $A2:6000" ns1 "--from $A1:5000 --to $A2:6000 --count 5 --len 3000"
	expect "$pre/v$fam/forged-counted-auth-fail" test "$(stat ns2 "$id" auth_fail)" = 5
	# ksrtp to ksrtp: MTU-sized RTP, fragmented once the tag is on
	flow_add ns1 dir tx local "$A1:5002" remote "$A2:6002" suite $S key $K >/dev/null
	flow_add ns2 dir rx local "$A2:6002" suite $S key $K >/dev/null
	big=1472
	[ "$fam" = 6 ] && big=1452
	expect "$pre/v$fam/mtu-sized-srtp-fragmented-arrives-once" recv_then_send \
		ns2 "--bind $A2:6002 --count 10" ns1 "--from $A1:5002 --to $A2:6002 --count 10 --len $big"
	expect "$pre/v$fam/3000-byte-srtp-arrives-once" recv_then_send \
		ns2 "--bind $A2:6002 --count 5" ns1 "--from $A1:5002 --to $A2:6002 --count 5 --len 3000 --seq 100"
	expect "$pre/v$fam/no-fragment-reached-ksrtp" test "$(nstat ns2 fragments)" = 0
}

t_frag() {
	local fam
	for fam in 4 6; do
		topo_up
		frag_checks "$fam" frag
	done
}

# The same with conntrack in front (its defrag, refcounted with ours); the
# stock kernel has it as modules, the debug kernel is built without it.
t_conntrack() {
	local fam
	if ! modprobe nf_conntrack 2>/dev/null || ! modprobe nft_ct 2>/dev/null ||
		! command -v nft >/dev/null; then
		fail conntrack/setup "no nf_conntrack/nft_ct modules or nft here"
		return
	fi
	for fam in 4 6; do
		topo_up
		if ! ip netns exec ns2 nft -f - <<'EOF'
table inet ksrtpct {
	chain input {
		type filter hook input priority 0; policy accept;
		ct state new,established counter accept
	}
}
EOF
		then
			fail "conntrack/v$fam/nft-table" "nft could not add the table"
		fi
		frag_checks "$fam" conntrack
		expect "conntrack/v$fam/conntrack-saw-them" sh -c \
			"ip netns exec ns2 nft list table inet ksrtpct | grep -q 'packets [1-9]'"
	done
}

# 2. GSO/GRO on receive: every datagram is authenticated on its own.
gro_case() { # NAME RECVOPTS SENDOPTS
	local id
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key $K)
	local before
	before=$(nstat ns2 gso_split)
	expect "gro/$1/64-arrive" recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 64 $2" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 64 --gso 8 --len 200 $3"
	expect "gro/$1/no-auth-fail" test "$(stat ns2 "$id" auth_fail)" = 0
	expect "gro/$1/all-authenticated" test "$(stat ns2 "$id" packets)" = 64
	GRO_SPLIT=$(($(nstat ns2 gso_split) - before))
}

t_gro() {
	# a UDP_SEGMENT sender (libsrtp): veth hands the GSO packet on whole
	topo_up
	gro_case udp-segment-over-veth "" "--srtp $S:${K#hex:}"
	expect "gro/udp-segment-over-veth/split-$GRO_SPLIT" test "$GRO_SPLIT" -ge 8
	# ksrtp tx segments; veth GRO coalesces again for a UDP_GRO socket
	topo_up
	# (veth hands a datagram to its peer's NAPI, and so to GRO, only if
	# the peer forwards UDP GRO or does fraglist GRO)
	ip netns exec ns2 ethtool -K v2 gro on rx-udp-gro-forwarding on >/dev/null 2>&1 ||
		fail gro/ethtool "cannot turn GRO on"
	flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key $K >/dev/null
	gro_case veth-gro-udp-gro-socket "--gro" ""
	expect "gro/veth-gro-udp-gro-socket/split-$GRO_SPLIT" test "$GRO_SPLIT" -ge 1
	# fraglist GRO (no UDP_GRO socket)
	topo_up
	ip netns exec ns2 ethtool -K v2 gro on rx-gro-list on >/dev/null 2>&1 ||
		fail gro/ethtool "cannot turn fraglist GRO on"
	flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key $K >/dev/null
	gro_case fraglist-gro "" ""
	expect "gro/fraglist-gro/split-$GRO_SPLIT" test "$GRO_SPLIT" -ge 1
	# and without GRO on the receiving side
	topo_up
	ip netns exec ns2 ethtool -K v2 gro off >/dev/null 2>&1
	flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key $K >/dev/null
	gro_case no-gro "--gro" ""
	expect "gro/no-gro/nothing-to-split" test "$GRO_SPLIT" = 0
	expect gro/no-gso-errors test "$(nstat ns2 gso_errors)" = 0
}

# 3. tx never protects one SRTP index twice. The receiver is libsrtp: it
#    would refuse a repeated index as a replay ("bad").
t_repeat() {
	local s k id out
	for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
		topo_up
		k=$(key_for $s)
		id=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $s key "hex:$k")
		monitor ns1 "$tmp/mon"
		# packet 5 sent twice; packets 30-39 restart at sequence 10
		expect "repeat/$s/wire-has-each-index-once" recv_then_send \
			ns2 "--bind 10.0.0.2:6000 --count 30 --srtp $s:$k" \
			ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 40 --replay 5 --restart-at 30 --restart-seq 10 --keep-going"
		stop_monitor
		expect "repeat/$s/counted-11" test "$(stat ns1 "$id" tx_repeat)" = 11
		expect "repeat/$s/protected-30" test "$(stat ns1 "$id" packets)" = 30
		out=$(events "$tmp/mon" tx-repeat)
		expect "repeat/$s/event-rekey-$out" test "$out" -ge 1
	done
}

# 4. Forged packets create no state and send no event.
t_forged() {
	local id out ev n
	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key $K)
	monitor ns2 "$tmp/mon"
	out=$(n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to 10.0.0.2:6000 --forge 10000 --interval-us 100)
	expect forged/sent-10000 test "$out" = "forged 10000"
	expect forged/no-state-after-10000 test "$(nstreams ns2 "$id")" = 0
	expect forged/real-sender-every-packet recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 50" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --ssrc 0x1234 --srtp $S:${K#hex:}"
	stop_monitor
	n=$(nstreams ns2 "$id")
	expect "forged/streams-$n" test "$n" = 1
	# (veth may drop some of a burst before they reach ksrtp)
	n=$(stat ns2 "$id" auth_fail)
	expect "forged/auth-fail-$n" test "$n" -ge 9000
	expect forged/no-ssrc-limit test "$(stat ns2 "$id" ssrc_limit)" = 0
	ev=$(events "$tmp/mon" new-ssrc)
	expect "forged/new-ssrc-events-$ev" test "$ev" = 1
}

# 5. An idle SSRC's state is freed (ssrc-idle-ms 3000; the netns's work
#    looks once a second); it resumes where it was, and its old packets
#    are refused.
t_idle() {
	local tx rx n ev
	topo_up
	monitor ns2 "$tmp/mon"
	# a libsrtp sender: the same SSRC, sequence numbers and key give the
	# same packets again, a replay
	rx=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key $K ssrc-idle-ms 3000)
	expect idle/first-20 recv_then_send ns2 "--bind 10.0.0.2:6000 --count 20" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 20 --seq 100 --srtp $S:${K#hex:}"
	expect idle/one-stream test "$(nstreams ns2 "$rx")" = 1
	sleep 5
	n=$(nstreams ns2 "$rx")
	expect "idle/freed-after-3s-$n-streams" test "$n" = 0
	expect idle/replayed-not-delivered nothing_arrives ns2 "--bind 10.0.0.2:6000" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10 --seq 100 --srtp $S:${K#hex:}"
	expect idle/replays-counted test "$(stat ns2 "$rx" replay_old)" = 10
	expect idle/resumes recv_then_send ns2 "--bind 10.0.0.2:6000 --count 10" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10 --seq 120 --srtp $S:${K#hex:}"
	stop_monitor
	ev=$(events "$tmp/mon" ssrc-expired)
	expect "idle/ssrc-expired-events-$ev" test "$ev" = 1

	# ksrtp on both ends, both streams expire, the ROC goes on across it
	topo_up
	tx=$(flow_add ns1 dir tx local 10.0.0.1:5002 remote 10.0.0.2:6002 suite $S key $K ssrc-idle-ms 3000)
	rx=$(flow_add ns2 dir rx local 10.0.0.2:6002 suite $S key $K ssrc-idle-ms 3000)
	expect idle/ksrtp-across-wrap recv_then_send ns2 "--bind 10.0.0.2:6002 --count 20" \
		ns1 "--from 10.0.0.1:5002 --to 10.0.0.2:6002 --count 20 --seq 0xfff8"
	sleep 5
	expect idle/ksrtp-both-freed test "$(nstreams ns1 "$tx")$(nstreams ns2 "$rx")" = 00
	expect idle/ksrtp-resumes-roc-1 recv_then_send ns2 "--bind 10.0.0.2:6002 --count 20" \
		ns1 "--from 10.0.0.1:5002 --to 10.0.0.2:6002 --count 20 --seq 12"
	expect idle/ksrtp-rx-roc-1 test "$(stream_field ns2 "$rx" roc)" = 1
}

# 6. Guarded ports, and flows on the wildcard address.
t_guard() {
	local tx
	topo_up
	expect guard/add-tx ip netns exec ns1 srtpctl guard add dir tx ports 5000-5010
	expect guard/add-rx ip netns exec ns2 srtpctl guard add dir rx ports 6000-6010
	expect guard/tx-plain-not-sent nothing_arrives ns2 "--bind 10.0.0.2:7000" \
		ns1 "--from 10.0.0.1:5004 --to 10.0.0.2:7000 --count 10 --rtcp-every 5 --keep-going"
	expect guard/tx-counted test "$(nstat ns1 guard_tx)" = 12
	expect guard/rx-plain-not-delivered nothing_arrives ns2 "--bind 10.0.0.2:6004" \
		ns1 "--from 10.0.0.1:7000 --to 10.0.0.2:6004 --count 10"
	expect guard/rx-counted test "$(nstat ns2 guard_rx)" = 10
	# STUN, DTLS and TURN go through on guarded ports
	ip netns exec ns1 srtpctl guard add dir tx ports 7000 >/dev/null
	expect guard/stun-dtls-pass sh -c "
		ip netns exec ns2 /usr/bin/python3 $here/passthrough.py recv 10.0.0.2 6005 >$tmp/pt 2>&1 &
		p=\$!; sleep 0.5
		ip netns exec ns1 /usr/bin/python3 $here/passthrough.py send 10.0.0.2 6005 10.0.0.1 7000
		wait \$p; r=\$?; cat $tmp/pt; exit \$r"
	# with flows it works; once the tx flow is gone, nothing in clear
	tx=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key $K)
	flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key $K >/dev/null
	expect guard/with-flows recv_then_send ns2 "--bind 10.0.0.2:6000 --count 10" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10"
	expect guard/flow-del ip netns exec ns1 srtpctl flow del id "$tx"
	expect guard/after-flow-del-not-sent nothing_arrives ns2 "--bind 10.0.0.2:6000" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10 --seq 100 --keep-going"
	expect guard/after-flow-del-counted test "$(nstat ns1 guard_tx)" = 22
	expect guard/del ip netns exec ns1 srtpctl guard del dir tx ports 5000-5010
	expect guard/show-json sh -c "ip netns exec ns1 srtpctl -j guard show | /usr/bin/python3 -c 'import json,sys; g=json.load(sys.stdin); assert g == [{\"dir\": \"tx\", \"port_min\": 7000, \"port_max\": 7000}], g'"

	# the wildcard local address matches every local address
	topo_up
	flow_add ns1 dir tx local 0.0.0.0:5000 remote 10.0.0.2:6000 suite $S key $K >/dev/null
	flow_add ns1 dir tx local '[::]:5000' remote '[fd00::2]:6000' suite $S key $K >/dev/null
	flow_add ns2 dir rx local 0.0.0.0:6001 suite $S key $K >/dev/null
	flow_add ns2 dir rx local '[::]:6001' suite $S key $K >/dev/null
	expect guard/wildcard-tx-v4-libsrtp-peer recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 10 --srtp $S:${K#hex:}" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10"
	expect guard/wildcard-tx-v6-libsrtp-peer recv_then_send \
		ns2 "--bind [fd00::2]:6000 --count 10 --srtp $S:${K#hex:}" \
		ns1 "--from [fd00::1]:5000 --to [fd00::2]:6000 --count 10"
	expect guard/wildcard-rx-v4-from-libsrtp recv_then_send \
		ns2 "--bind 10.0.0.2:6001 --count 10" \
		ns1 "--from 10.0.0.1:5003 --to 10.0.0.2:6001 --count 10 --srtp $S:${K#hex:}"
	expect guard/wildcard-rx-v6-from-libsrtp recv_then_send \
		ns2 "--bind [fd00::2]:6001 --count 10" \
		ns1 "--from [fd00::1]:5003 --to [fd00::2]:6001 --count 10 --srtp $S:${K#hex:}"
}

# 7. DF: a packet that no longer fits once protected is refused with
#    EMSGSIZE, as the stack refuses a datagram that big; without DF it is
#    fragmented (frag checks above).
t_mtu() {
	local fam id big out
	for fam in 4 6; do
		topo_up
		addrs "$fam"
		id=$(flow_add ns1 dir tx local "$A1:5000" remote "$A2:6000" suite $S key $K)
		flow_add ns2 dir rx local "$A2:6000" suite $S key $K >/dev/null
		big=1472
		[ "$fam" = 6 ] && big=1452
		n2 "$RTPTOOL" recv --bind "$A2:6000" --count 0 --timeout-ms 2500 >"$tmp/recv" 2>&1 &
		local pid=$!
		sleep 0.5
		out=$(n1 "$RTPTOOL" send --from "$A1:5000" --to "$A2:6000" --count 10 --len $big --pmtu-do)
		expect "mtu/v$fam/df-emsgsize-10" test "$out" = "emsgsize 10"
		out=$(n1 "$RTPTOOL" send --from "$A1:5000" --to "$A2:6000" --count 16 --len $big --gso 4 --pmtu-do --seq 50)
		expect "mtu/v$fam/df-gso-emsgsize-16" test "$out" = "emsgsize 16"
		wait $pid
		expect "mtu/v$fam/nothing-on-the-wire" grep -q '^rtp 0 rtcp 0 bad 0 other 0' "$tmp/recv"
		expect "mtu/v$fam/too-big-counted-26" test "$(stat ns1 "$id" too_big)" = 26
		expect "mtu/v$fam/df-fits-arrives" recv_then_send ns2 "--bind $A2:6000 --count 10" \
			ns1 "--from $A1:5000 --to $A2:6000 --count 10 --len $((big - 10)) --pmtu-do --seq 100"
	done
}

tests=${*:-t_frag t_gro t_repeat t_forged t_idle t_guard t_mtu}
"$RTPTOOL" >/dev/null 2>&1
for t in $tests; do
	echo "--- security/$t"
	$t
done
topo_down
echo "security: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
