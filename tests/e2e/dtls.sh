#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# DTLS-SRTP keying end to end (issue 11): two ksrtp-dtls, one in ns1 as
# client and one in ns2 as server, handshake on the media 5-tuple
# (10.0.0.1:5000 <-> 10.0.0.2:6000, and over IPv6), each checks the
# other's certificate fingerprint and installs its tx and rx flows. Then:
#   - plain RTP and RTCP flow through ksrtp both ways (rtptool);
#   - the wire carries SRTP under the exported keys: a libsrtp receiver
#     keyed with the client's write key (--print-keys) reads ns1's
#     ksrtp tx, and a libsrtp sender with the server's write key gets
#     through ns1's ksrtp rx (another SSRC: SRTCP indices start over);
#   - a second handshake on the same 5-tuple, with the flows in place,
#     passes through ksrtp untouched (RFC 7983: counted as passthrough);
#   - a wrong fingerprint installs nothing.
# Runs inside the test VM (tests/e2e/run.sh t_dtls).
#
# KSRTP_DTLS_CALLS: the calls, space-separated FAMILY:PROFILE (4 or 6, a
# use_srtp profile name); default all six below (every profile over IPv4,
# an AES-CM and a GCM one over IPv6). Each costs ~38 s in the debug VM
# (8 s on stock), so make check runs one there (tests/run-checks.sh) and
# all on stock.
# The wrong-fingerprint check always runs. No python3 here (it costs
# seconds a start in the debug VM): srtpctl's text output, read by awk.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
DTLS=${KSRTP_DTLS:-$here/../../userspace/dtls/ksrtp-dtls}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-dtls.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for b in "$RTPTOOL" "$DTLS"; do
	[ -x "$b" ] || { fail dtls/setup "no $b"; exit 1; }
done
"$DTLS" gencert "$tmp/c1.pem" "$tmp/k1.pem" || { fail dtls/setup gencert; exit 1; }
"$DTLS" gencert "$tmp/c2.pem" "$tmp/k2.pem" || { fail dtls/setup gencert; exit 1; }
fp1=$("$DTLS" fingerprint "$tmp/c1.pem")
fp2=$("$DTLS" fingerprint "$tmp/c2.pem")

# handshake TAG A1 A2 PROFILE [FP2] [EXTRA...]: server in ns2 on A2:6000,
# client in ns1 on A1:5000; outputs in $tmp/{s,c}.TAG. The client expects
# FP2 (default: the server's real fingerprint).
handshake() {
	local tag=$1 a1=$2 a2=$3 prof=$4 want=${5:-$fp2} spid src crc line
	shift 4
	[ $# -gt 0 ] && shift
	n2 "$DTLS" --role server --local "$a2:6000" --remote "$a1:5000" \
		--cert "$tmp/c2.pem" --key "$tmp/k2.pem" --peer-fingerprint "$fp1" \
		--profiles "$prof" --timeout-ms 20000 "$@" \
		>"$tmp/s.$tag" 2>&1 &
	spid=$!
	for _ in $(seq 200); do
		# the server's first line (read, a builtin: no process)
		read -r line <"$tmp/s.$tag" && [ "${line%% *}" = fingerprint ] && break
		sleep 0.1
	done
	n1 "$DTLS" --role client --local "$a1:5000" --remote "$a2:6000" \
		--cert "$tmp/c1.pem" --key "$tmp/k1.pem" --peer-fingerprint "$want" \
		--profiles "$prof" --timeout-ms 20000 "$@" \
		>"$tmp/c.$tag" 2>&1
	crc=$?
	wait $spid
	src=$?
	[ $crc -eq 0 ] && [ $src -eq 0 ]
}

# read_out FILE: what ksrtp-dtls printed, with builtins only (a process
# costs a lot in the debug VM): O_TX and O_RX the flow ids, O_TXK and
# O_RXK key || salt of --print-keys
read_out() {
	local a b c e
	O_TX='' O_RX='' O_TXK='' O_RXK=''
	while read -r a b c _ e; do
		case "$a $b $c" in
		"flow "*" tx") O_TX=$b ;;
		"flow "*" rx") O_RX=$b ;;
		"tx key "*) O_TXK=$c$e ;;
		"rx key "*) O_RXK=$c$e ;;
		esac
	done <"$1"
}

# stats NS FLOW_ID COUNTER...: the flow's counters (srtpctl's names,
# e.g. auth-fail), space-separated, x for one not shown. From the text
# output with awk: a python3 costs seconds in the debug VM.
stats() {
	local ns=$1 id=$2
	shift 2
	ip netns exec "$ns" srtpctl flow show id "$id" -s |
		awk -v want="$*" '$1 == "stats" {
			for (i = 2; i < NF; i += 2)
				v[$i] = $(i + 1)
		}
		END {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++)
				printf "%s%s", (i > 1 ? " " : ""), (w[i] in v ? v[w[i]] : "x")
			print ""
		}'
}

# flows_are NS SUITE: srtpctl lists exactly two flows in NS (the call's tx
# and rx), both of SUITE and rtcp-mux
flows_are() {
	local out
	out=$(ip netns exec "$1" srtpctl flow show) || return 1
	echo "$out"
	awk -v s="$2" '$1 == "flow" {
			n++
			ok = 0
			mux = 0
			for (i = 2; i <= NF; i++) {
				if ($i == "suite" && $(i + 1) == s)
					ok = 1
				if ($i == "rtcp-mux")
					mux = 1
			}
			bad += !(ok && mux)
		}
		END { exit !(n == 2 && !bad) }' <<<"$out"
}

# no_flows NS: srtpctl works in NS and lists no flow
no_flows() {
	local out
	out=$(ip netns exec "$1" srtpctl flow show) || return 1
	echo "$out"
	[ -z "$out" ]
}

t_call() { # FAMILY PROFILE SUITE
	local fam=$1 prof=$2 suite=$3 a1 a2 tag ctx srx stx crx kc ks kcr ksr
	local tx_pkts rx_pkts rx_auth tx_pass rx_pass
	if [ "$fam" = 4 ]; then a1=10.0.0.1 a2=10.0.0.2; else a1='[fd00::1]' a2='[fd00::2]'; fi
	tag=v$fam/$prof
	# one topology for all calls: only the flows start over
	n1 srtpctl flush
	n2 srtpctl flush
	if ! handshake "v$fam.$prof" "$a1" "$a2" "$prof" "" --print-keys; then
		fail "dtls/$tag/handshake" "$(cat "$tmp/c.v$fam.$prof" "$tmp/s.v$fam.$prof" | tr '\n' ' ')"
		return
	fi
	pass "dtls/$tag/handshake"
	expect "dtls/$tag/suite-client" grep -q "^profile $prof suite $suite\$" "$tmp/c.v$fam.$prof"
	expect "dtls/$tag/suite-server" grep -q "^profile $prof suite $suite\$" "$tmp/s.v$fam.$prof"
	# the client's tx key is the server's rx key and the other way round
	read_out "$tmp/c.v$fam.$prof"
	ctx=$O_TX crx=$O_RX kc=$O_TXK kcr=$O_RXK
	read_out "$tmp/s.v$fam.$prof"
	stx=$O_TX srx=$O_RX ks=$O_TXK ksr=$O_RXK
	expect "dtls/$tag/halves" test -n "$kc" -a -n "$ks" -a "$kc$kcr" = "$ksr$ks"
	expect "dtls/$tag/flows-installed" test -n "$ctx" -a -n "$crx" -a -n "$stx" -a -n "$srx"
	expect "dtls/$tag/flows-suite-ns1" flows_are ns1 "$suite"
	expect "dtls/$tag/flows-suite-ns2" flows_are ns2 "$suite"

	# plain RTP and RTCP through ksrtp, both ways
	expect "dtls/$tag/ns1-to-ns2" recv_then_send \
		ns2 "--bind $a2:6000 --count 44" \
		ns1 "--from $a1:5000 --to $a2:6000 --count 40 --rtcp-every 10"
	expect "dtls/$tag/ns2-to-ns1" recv_then_send \
		ns1 "--bind $a1:5000 --count 44" \
		ns2 "--from $a2:6000 --to $a1:5000 --count 40 --rtcp-every 10"
	read -r tx_pkts <<<"$(stats ns1 "$ctx" packets)"
	read -r rx_pkts rx_auth <<<"$(stats ns2 "$srx" packets auth-fail)"
	expect "dtls/$tag/ns1-tx-counted" test "$tx_pkts" -ge 40
	expect "dtls/$tag/ns2-rx-counted" test "$rx_pkts" -ge 40
	expect "dtls/$tag/no-auth-fail" test "$rx_auth" = 0

	# a second handshake on the 5-tuple, the flows in place: DTLS passes
	if handshake "again.v$fam.$prof" "$a1" "$a2" "$prof" "" --no-install; then
		pass "dtls/$tag/rehandshake-through-ksrtp"
	else
		fail "dtls/$tag/rehandshake-through-ksrtp" "$(tr '\n' ' ' <"$tmp/c.again.v$fam.$prof")"
	fi
	read -r rx_pass <<<"$(stats ns2 "$srx" passthrough)"
	read -r tx_pass <<<"$(stats ns1 "$ctx" passthrough)"
	expect "dtls/$tag/dtls-passthrough-rx" test "$rx_pass" -gt 0
	expect "dtls/$tag/dtls-passthrough-tx" test "$tx_pass" -gt 0

	# the wire under the exported keys, against libsrtp
	n2 srtpctl flush
	expect "dtls/$tag/ksrtp-tx-to-libsrtp" recv_then_send \
		ns2 "--bind $a2:6000 --count 44 --srtp $suite:$kc" \
		ns1 "--from $a1:5000 --to $a2:6000 --count 40 --rtcp-every 10 --seq 500"
	expect "dtls/$tag/libsrtp-to-ksrtp-rx" recv_then_send \
		ns1 "--bind $a1:5000 --count 44" \
		ns2 "--from $a2:6000 --to $a1:5000 --count 40 --rtcp-every 10 --seq 500 --ssrc 0x5eed --srtp $suite:$ks"
}

topo_up
calls=${KSRTP_DTLS_CALLS:-4:SRTP_AES128_CM_SHA1_80 4:SRTP_AES128_CM_SHA1_32 \
4:SRTP_AEAD_AES_128_GCM 4:SRTP_AEAD_AES_256_GCM \
6:SRTP_AES128_CM_SHA1_80 6:SRTP_AEAD_AES_128_GCM}
ncalls=0
for c in $calls; do
	fam=${c%%:*}
	prof=${c#*:}
	case $prof in
	SRTP_AES128_CM_SHA1_80) suite=AES_CM_128_HMAC_SHA1_80 ;;
	SRTP_AES128_CM_SHA1_32) suite=AES_CM_128_HMAC_SHA1_32 ;;
	SRTP_AEAD_AES_128_GCM) suite=AEAD_AES_128_GCM ;;
	SRTP_AEAD_AES_256_GCM) suite=AEAD_AES_256_GCM ;;
	*) suite= ;;
	esac
	if [ "$fam" != 4 ] && [ "$fam" != 6 ] || [ -z "$suite" ]; then
		fail dtls/setup "KSRTP_DTLS_CALLS: '$c' is not 4|6:PROFILE"
		continue
	fi
	t0=$SECONDS
	t_call "$fam" "$prof" "$suite"
	echo "# dtls/v$fam/$prof took $((SECONDS - t0)) s"
	ncalls=$((ncalls + 1))
done
[ "$ncalls" -gt 0 ] || fail dtls/setup "KSRTP_DTLS_CALLS has no call"

# A wrong fingerprint: the client refuses, no flow on either side.
n1 srtpctl flush
n2 srtpctl flush
bad="sha-256 $(echo "${fp2#sha-256 }" | tr '0-9A-F' '1-9A-F0')"
if handshake bad 10.0.0.1 10.0.0.2 SRTP_AES128_CM_SHA1_80 "$bad"; then
	fail dtls/mismatch-refused "handshake succeeded"
elif grep -q "fingerprint mismatch" "$tmp/c.bad"; then
	pass dtls/mismatch-refused
else
	fail dtls/mismatch-refused "$(tr '\n' ' ' <"$tmp/c.bad")"
fi
expect dtls/mismatch-no-flows-ns1 no_flows ns1
expect dtls/mismatch-no-flows-ns2 no_flows ns2
topo_down
[ "$E2E_FAILS" -eq 0 ]
