#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of the ksrtp datapath, run inside the test VM (ksrtp.ko
# loaded, srtpctl on PATH): tests/vm/run -- tests/e2e/run.sh [TEST...]
# Prints one PASS/FAIL line per check; exits non-zero if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
[ -x "$RTPTOOL" ] || { echo "FAIL e2e/setup: no $RTPTOOL"; exit 1; }
# The first run of a binary loads its libraries over 9p, which under TCG can
# take seconds: do it once here so that senders start at once.
"$RTPTOOL" >/dev/null 2>&1

# Without ksrtp on the receiving side, no packet reads as the plain one.
wire_not_plain() {
	local out
	out=$(recv_then_send ns2 "--bind 10.0.0.2:6000 --count 5" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 5 --seq 1000")
	echo "$out"
	echo "$out" | grep -q '^rtp 0 rtcp 0 bad 5 '
}

# 1. plain app -> ksrtp tx -> libsrtp peer: the wire carries SRTP that
#    libsrtp authenticates and decrypts to exactly what was sent.
t_tx_to_libsrtp() {
	local s k
	for s in $SUITES; do
		topo_up
		k=$(key_for "$s")
		flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 \
			suite "$s" key "hex:$k" rtcp-mux >/dev/null
		expect "tx-to-libsrtp/$s" recv_then_send \
			ns2 "--bind 10.0.0.2:6000 --count 55 --srtp $s:$k" \
			ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10"
		# without ksrtp on the receiving side, nothing readable arrives
		expect "tx-wire-not-plain/$s" wire_not_plain
	done
}

# 2. libsrtp peer -> ksrtp rx -> plain socket gets libsrtp's plaintext.
t_libsrtp_to_rx() {
	local s k
	for s in $SUITES; do
		topo_up
		k=$(key_for "$s")
		flow_add ns2 dir rx local 10.0.0.2:6000 suite "$s" key "hex:$k" \
			rtcp-mux >/dev/null
		expect "libsrtp-to-rx/$s" recv_then_send \
			ns2 "--bind 10.0.0.2:6000 --count 55" \
			ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10 --srtp $s:$k"
	done
}

# srtcp32_summary WANT NS_RECV "recv args" NS_SEND "send args": the
# receiver's summary line matches the regex WANT (whatever its status)
srtcp32_summary() {
	local want=$1 out
	shift
	out=$(recv_then_send "$@")
	echo "$out"
	echo "$out" | grep -qE "$want"
}

# 2b. libre (baresip) shortens the SRTCP tag to 32 bits on the *_32 suites,
#     where RFC 5764 and libsrtp keep 80. With srtcp-tag 32, ksrtp talks to
#     libsrtp whose RTCP policy has the 32-bit tag (rtptool --srtcp-tag 32),
#     both ways, RTP and RTCP; without it that SRTCP fails, both ways, while
#     RTP still passes.
#     Each libsrtp peer costs seconds under TCG (its self tests), so only
#     AES_CM_128_HMAC_SHA1_32 here; KUnit has libsrtp's 32-bit SRTCP
#     vectors of both *_32 suites.
t_srtcp_tag32() {
	local s=AES_CM_128_HMAC_SHA1_32 k id
	k=$(key_for $s)
	topo_up
	id=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 \
		suite $s key "hex:$k" rtcp-mux srtcp-tag 32)
	expect "srtcp-tag32/shown" py ns1 \
		'assert d[0]["srtcp_tag"] == 32, d' flow show id "$id"
	expect "srtcp-tag32/tx-to-libsrtp" recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 55 --srtp $s:$k --srtcp-tag 32" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10"
	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k" \
		rtcp-mux srtcp-tag 32)
	expect "srtcp-tag32/libsrtp-to-rx" recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 55" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10 --srtp $s:$k --srtcp-tag 32"
	expect "srtcp-tag32/rx-no-auth-fail" \
		test "$(stat ns2 "$id" auth_fail)" = 0

	# without srtcp-tag 32 (the 80-bit default), libsrtp's 32-bit SRTCP
	# fails authentication at ksrtp, and ksrtp's SRTCP at libsrtp
	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k" rtcp-mux)
	expect "srtcp-tag32/default/shown" py ns2 \
		'assert d[0]["srtcp_tag"] == 80, d' flow show id "$id"
	# the 5 RTCP packets go out before the 50th RTP one; a receiver stops
	# after --count datagrams, those that fail (bad) included
	expect "srtcp-tag32/default/libsrtp-to-rx-rtcp-dropped" \
		srtcp32_summary '^rtp 50 rtcp 0 bad 0 ' ns2 "--bind 10.0.0.2:6000 --count 50" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10 --srtp $s:$k --srtcp-tag 32"
	expect "srtcp-tag32/default/rx-auth-fail-5" \
		test "$(stat ns2 "$id" auth_fail)" = 5
	topo_up
	flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 \
		suite $s key "hex:$k" rtcp-mux >/dev/null
	expect "srtcp-tag32/default/tx-to-libsrtp-rtcp-bad" \
		srtcp32_summary '^rtp 50 rtcp 0 bad 5 ' ns2 "--bind 10.0.0.2:6000 --count 55 --srtp $s:$k --srtcp-tag 32" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 50 --rtcp-every 10"
}

# 3. ksrtp <-> ksrtp, both directions, every suite, IPv4 and IPv6, RTCP
#    muxed and on its own port.
t_ksrtp_both() {
	local s k fam a1 a2
	for fam in 4 6; do
		if [ $fam = 4 ]; then a1=10.0.0.1; a2=10.0.0.2; else a1='[fd00::1]'; a2='[fd00::2]'; fi
		for s in $SUITES; do
			topo_up
			k=$(key_for "$s")
			# ns1 -> ns2 muxed; ns2 -> ns1 with RTCP on port + 1
			flow_add ns1 dir tx local "$a1:5000" remote "$a2:6000" suite "$s" key "hex:$k" rtcp-mux >/dev/null
			flow_add ns2 dir rx local "$a2:6000" suite "$s" key "hex:$k" rtcp-mux >/dev/null
			flow_add ns2 dir tx local "$a2:7000" remote "$a1:8000" suite "$s" key "hex:$k" >/dev/null
			flow_add ns2 dir tx local "$a2:7001" remote "$a1:8001" suite "$s" key "hex:$k" rtcp >/dev/null
			flow_add ns1 dir rx local "$a1:8000" remote "$a2:7000" suite "$s" key "hex:$k" >/dev/null
			flow_add ns1 dir rx local "$a1:8001" remote "$a2:7001" suite "$s" key "hex:$k" rtcp >/dev/null
			expect "ksrtp-both/v$fam/$s/ns1-to-ns2-mux" recv_then_send \
				ns2 "--bind $a2:6000 --count 44" \
				ns1 "--from $a1:5000 --to $a2:6000 --count 40 --rtcp-every 10"
			expect "ksrtp-both/v$fam/$s/ns2-to-ns1-rtp" recv_then_send \
				ns1 "--bind $a1:8000 --count 40" \
				ns2 "--from $a2:7000 --to $a1:8000 --count 40"
			expect "ksrtp-both/v$fam/$s/ns2-to-ns1-rtcp-port" recv_then_send \
				ns1 "--bind $a1:8001 --count 4" \
				ns2 "--from $a2:7001 --to $a1:8001 --count 4 --rtcp-only" 
		done
	done
}

unknown_ssrc_dropped() {
	local out
	out=$(recv_then_send ns2 "--bind 10.0.0.2:6000 --count 1 --timeout-ms 4000" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 6 --ssrc 0x55 --srtp AES_CM_128_HMAC_SHA1_80:$1")
	echo "$out"
	echo "$out" | grep -q '^rtp 0 rtcp 0 bad 0 other 0'
}

# 4. replay, a flipped bit and an unknown SSRC are dropped and counted.
t_drops() {
	local s=AES_CM_128_HMAC_SHA1_80 k id
	k=$(key_for $s)
	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k")
	# 20 sent, packet 5 replayed once, packet 7 with a flipped tag bit
	expect drops/delivered-19 recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 19" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 20 --replay 5 --flip 7 --srtp $s:$k"
	expect drops/replay-counted test "$(stat ns2 "$id" replay_dup)" = 1
	expect drops/auth-fail-counted test "$(stat ns2 "$id" auth_fail)" = 1
	expect drops/accepted-counted test "$(stat ns2 "$id" packets)" = 19

	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k" ssrc 0x11223344)
	expect drops/unknown-ssrc-not-delivered unknown_ssrc_dropped "$k"
	expect drops/unknown-ssrc-counted test "$(stat ns2 "$id" unknown_ssrc)" = 6
	expect drops/pinned-ssrc-delivered recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 6" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 6 --ssrc 0x11223344 --srtp $s:$k"
}

# 5. ROC: streams that cross the sequence number wrap.
t_roc_wrap() {
	local s k id
	for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
		k=$(key_for $s)
		topo_up
		flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $s key "hex:$k" >/dev/null
		id=$(flow_add ns2 dir rx local 10.0.0.2:7000 suite $s key "hex:$k")
		expect "roc-wrap/$s/ksrtp-tx-to-libsrtp" recv_then_send \
			ns2 "--bind 10.0.0.2:6000 --count 40 --srtp $s:$k" \
			ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 40 --seq 0xfff0"
		expect "roc-wrap/$s/libsrtp-to-ksrtp-rx" recv_then_send \
			ns2 "--bind 10.0.0.2:7000 --count 40" \
			ns1 "--from 10.0.0.1:5001 --to 10.0.0.2:7000 --count 40 --seq 0xfff0 --srtp $s:$k"
		expect "roc-wrap/$s/rx-roc-is-1" test "$(stream_field ns2 "$id" roc)" = 1
	done
}

# STUN, DTLS and TURN channel data, sent from ns1 to ns2, arrive byte-exact.
passthrough_exact() {
	local out
	out=$(mktemp)
	n2 /usr/bin/python3 "$here/passthrough.py" recv 10.0.0.2 6000 >"$out" 2>&1 &
	local pid=$!
	sleep 0.5
	n1 /usr/bin/python3 "$here/passthrough.py" send 10.0.0.2 6000 10.0.0.1 5000
	wait $pid
	local rc=$?
	cat "$out"
	rm -f "$out"
	return $rc
}

# 6. STUN and DTLS on a flow's port pass untouched, both ways.
t_passthrough() {
	local s=AES_CM_128_HMAC_SHA1_80 k id1 id2
	k=$(key_for $s)
	topo_up
	id1=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $s key "hex:$k")
	id2=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k")
	expect passthrough/stun-dtls-untouched passthrough_exact
	expect passthrough/tx-counted test "$(stat ns1 "$id1" passthrough)" = 3
	expect passthrough/rx-counted test "$(stat ns2 "$id2" passthrough)" = 3
}

# 7. GSO (UDP_SEGMENT), no-checksum and software-checksum senders, and a
#    packet that protection pushes over the MTU.
t_offloads() {
	local s=AES_CM_128_HMAC_SHA1_80 k id
	k=$(key_for $s)
	topo_up
	id=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $s key "hex:$k")
	flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k" >/dev/null
	expect offloads/gso-64-in-8s recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 64" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 64 --gso 8 --len 200"
	expect offloads/gso-counted test "$(stat ns1 "$id" packets)" = 64
	expect offloads/no-udp-csum recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 20" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 20 --no-csum --seq 100"
	expect offloads/over-mtu-fragmented recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 10" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 10 --len 1472 --seq 200"
	# software checksums on the sender: the libsrtp receiver's UDP stack
	# verifies what ksrtp computed
	topo_up
	ip netns exec ns1 ethtool -K v1 tx off >/dev/null 2>&1 ||
		fail offloads/ethtool "cannot turn tx checksum offload off"
	flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $s key "hex:$k" >/dev/null
	expect offloads/sw-csum-libsrtp-peer recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 30 --srtp $s:$k" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 30"
	expect offloads/sw-csum-gso recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 32 --srtp $s:$k" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 32 --gso 4 --len 300 --seq 500"
}

# Issue 10: a flow with 1,000 SSRC streams. Each authenticates on the flow
# (libsrtp sends two packets from each), stream-get lists each exactly
# once, in SSRC order, and the flow itself is still shown (flow-get of a
# flow with more than about 23 streams used to fail, and the flow dump to
# leave it out with exit status 0). A dump the kernel ends with an error
# in NLMSG_DONE makes srtpctl fail.
t_streams1000() {
	local s=AES_CM_128_HMAC_SHA1_80 k id n=1000 first=0x10000 want
	k=$(key_for $s)
	topo_up
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $s key "hex:$k" \
		max-ssrcs 1024 ssrc-idle-ms 0)
	expect streams1000/2000-packets-from-1000-ssrcs recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count $((2 * n)) --rcvbuf 4194304" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count $((2 * n)) --ssrcs $n --ssrc $first --interval-us 500 --srtp $s:$k"
	want="set(range($first, $first + $n))"
	expect streams1000/stream-dump-lists-each-once py ns2 "
s = [x['ssrc'] for x in d]
assert len(s) == $n and set(s) == $want, (len(s), len(set(s)))
assert s == sorted(s), 'not in SSRC order'
assert all(x['stats']['packets'] == 2 for x in d), 'packets per stream'
" stream show id "$id"
	expect streams1000/stream-dump-text sh -c \
		"test \"\$(ip netns exec ns2 srtpctl stream show id $id | grep -c '^stream ssrc 0x')\" = $n"
	expect streams1000/flow-get-stream-count py ns2 \
		"assert len(d) == 1 and d[0]['stream_count'] == $n, d" flow show id "$id"
	expect streams1000/flow-dump-shows-flow py ns2 \
		"assert [f['stream_count'] for f in d if f['id'] == $id] == [$n], d" flow show
	expect streams1000/flow-show-s-has-streams py ns2 "
s = [x['ssrc'] for x in d[0]['streams']]
assert len(s) == $n and set(s) == $want, len(s)
assert d[0]['stats']['packets'] == $((2 * n))
" flow show id "$id" -s
	expect streams1000/one-stream py ns2 \
		"assert len(d) == 1 and d[0]['ssrc'] == $first + 5, d" \
		stream show id "$id" ssrc $((first + 5))
	expect streams1000/unknown-ssrc-fails sh -c \
		"ip netns exec ns2 srtpctl stream show id $id ssrc 5 2>&1; test \$? = 2"
	# the dump of a flow that does not exist ends with ENOENT in NLMSG_DONE
	expect streams1000/done-error-reported sh -c \
		"out=\$(ip netns exec ns2 srtpctl stream show id 999999 2>&1); rc=\$?; echo \"\$out\"; test \$rc = 2 && echo \"\$out\" | grep -q 'no flow with this id'"
}

# 8. srtpctl against the kernel: good and bad commands.
# sub SCRIPT: a test script of its own, which prints its PASS/FAIL lines;
# its failure counts towards this run's exit status
sub() {
	"$@" || E2E_FAILS=$((E2E_FAILS + 1))
}

t_srtpctl() {
	sub "$here/srtpctl-test.sh"
}

# Issue 4: srtpctl key and monitor against the kernel.
t_srtpctl_key() {
	sub "$here/srtpctl-key-test.sh"
}

# Issue 4: key limits and every kind of event, seen by srtpctl monitor.
t_events() {
	sub "$here/events.sh"
}

# Issue 4: netns deletion and module unload under traffic and rekeys.
# Last: it reloads the module.
t_unload() {
	sub "$here/unload.sh"
}

# Issue 9: fragments, GRO, tx index reuse, forged state, idle SSRCs,
# guarded ports and the wildcard address, DF and EMSGSIZE.
t_security() {
	sub "$here/security.sh"
}

# The same on a kernel with conntrack modules (stock), plus conntrack on.
t_security_stock() {
	sub "$here/security.sh" t_frag t_conntrack t_gro t_repeat t_forged t_idle t_guard t_mtu
}

# Issue 10: the per-netns cap on SSRC streams (max_streams), and streams
# created in softirq charged to the memory cgroup of the flow's creator
# (SKIP without cgroup v2 and CONFIG_MEMCG: the debug kernel has neither).
t_streamcap() {
	sub "$here/streamcap.sh"
}

# Issue 9: 25 rounds of netns deletion and module unload under traffic and
# rekeys, with a delay in every hook. Last: it reloads the module.
t_unload_loop() {
	sub "$here/unload-loop.sh"
}

# Issue 4: rekeying with srtpctl while traffic flows both ways.
t_rekey() {
	sub "$here/rekey.sh"
}

# The netlink fuzzer: KSRTP_NLFUZZ_COUNT (100000) generated requests in a
# netns of their own; failed ones change nothing and carry an extack message.
t_nlfuzz() {
	sub "$here/nlfuzz.sh"
}

# Netlink edge cases over raw AF_NETLINK (nledges.py), in netns nle: MKI and
# key lengths, the events group's permission, from-index in events, and a
# flow-new whose reply is lost.
t_nledges() {
	sub "$here/nledges.sh"
}

# Issue 10: KSRTP_FLOWSCALE_N (100000) flows in one netns, a dump while a
# third are deleted (every survivor exactly once), the max_flows cap.
t_flowscale() {
	sub "$here/flowscale.sh"
}

# Issue 11: libksrtp, every request, events through poll, the example's
# call of four flows rekeyed.
t_libksrtp() {
	sub "$here/libksrtp.sh"
}

# Issue 11: owned flows (kill -9 of the owner), cookies, 5-tuples, flow
# change under traffic, flow-added and flow-deleted events.
t_lifecycle() {
	sub "$here/lifecycle.sh"
}

# Issue 11: DTLS-SRTP keying by ksrtp-dtls across ns1/ns2, then media
# through ksrtp both ways. KSRTP_DTLS_CALLS chooses the calls (default:
# all six; tests/run-checks.sh runs one in the debug VM).
t_dtls() {
	sub "$here/dtls.sh"
}

# Issue 12: the tracepoints' fields (tracefs), the drop monitor's reasons,
# and srtpctl stats --prometheus parsed by tests/promparse.py.
t_trace() {
	sub "$here/trace.sh"
}

tests=${*:-t_tx_to_libsrtp t_libsrtp_to_rx t_ksrtp_both t_drops t_roc_wrap t_passthrough t_offloads t_streams1000 t_srtpctl t_srtpctl_key t_libksrtp t_events t_lifecycle t_dtls t_trace t_security t_nledges t_nlfuzz t_flowscale t_streamcap t_rekey t_unload t_unload_loop}
for t in $tests; do
	echo "--- $t"
	t0=$SECONDS
	$t
	echo "# $t took $((SECONDS - t0)) s"
done
topo_down
echo "e2e: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
