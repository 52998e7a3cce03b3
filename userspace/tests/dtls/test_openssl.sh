#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ksrtp-dtls against an independent DTLS-SRTP peer, openssl s_server and
# s_client, on loopback, with no kernel module (--no-install): for each
# use_srtp profile and both roles the handshake must succeed and the
# keying material openssl exports (-keymatexport EXTRACTOR-dtls_srtp)
# must be byte for byte what ksrtp-dtls --print-keys prints, and its tx
# and rx halves must be those RFC 5764 4.2 gives the role. A wrong
# a=fingerprint, and a client without a certificate, must fail.
#
#   sh tests/dtls/test_openssl.sh [PATH-TO-KSRTP-DTLS]
#
# Prints "PASS userspace/dtls_openssl_<name>" or "FAIL ...: reason" per
# case; exits non-zero if any failed. Without an openssl binary, SKIPs.

TOOL=${1:-./dtls/ksrtp-dtls}
LABEL=EXTRACTOR-dtls_srtp
passed=0
failed=0
pids=

pass() { echo "PASS userspace/dtls_openssl_$1"; passed=$((passed + 1)); }
fail() { echo "FAIL userspace/dtls_openssl_$1: $2"; failed=$((failed + 1)); }

if ! command -v openssl >/dev/null 2>&1; then
	echo "SKIP userspace/dtls_openssl: no openssl binary"
	exit 0
fi

tmp=$(mktemp -d) || exit 1
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The peer's certificate, made and fingerprinted by openssl alone.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$tmp/peer.key" -out "$tmp/peer.pem" -subj /CN=openssl-peer \
	-days 2 >/dev/null 2>&1 || { fail setup "openssl req"; exit 1; }
peer_fp="sha-256 $(openssl x509 -noout -fingerprint -sha256 -in "$tmp/peer.pem" | sed 's/.*=//')"
# The tool's own certificate, for the server role's check by s_client.
"$TOOL" gencert "$tmp/tool.pem" "$tmp/tool.key" || { fail setup gencert; exit 1; }
tool_fp="sha-256 $(openssl x509 -noout -fingerprint -sha256 -in "$tmp/tool.pem" | sed 's/.*=//')"
if [ "$("$TOOL" fingerprint "$tmp/tool.pem")" = "$tool_fp" ]; then
	pass fingerprint_cmd
else
	fail fingerprint_cmd "$("$TOOL" fingerprint "$tmp/tool.pem") != $tool_fp"
fi

# Ports from the pid, so that parallel runs rarely meet.
base=$((20000 + ($$ % 2000) * 10))

# wait_for FILE PATTERN: up to 5 s
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# len PROFILE: the exporter length, 2 * (key + salt)
len() {
	case $1 in
	SRTP_AES128_CM_SHA1_*) echo 60 ;;
	SRTP_AEAD_AES_128_GCM) echo 56 ;;
	SRTP_AEAD_AES_256_GCM) echo 88 ;;
	esac
}

# keylen PROFILE
keylen() {
	case $1 in
	SRTP_AEAD_AES_256_GCM) echo 32 ;;
	*) echo 16 ;;
	esac
}

# check NAME ROLE PROFILE OPENSSL-OUT TOOL-OUT: the material and halves
check() {
	name=$1 role=$2 prof=$3 oout=$4 tout=$5
	om=$(sed -n 's/^ *Keying material: *//p' "$oout" | tr 'A-F' 'a-f')
	tm=$(sed -n 's/^keying-material //p' "$tout")
	if [ -z "$om" ] || [ "$om" != "$tm" ]; then
		fail "$name" "openssl '$om' tool '$tm' ($(tr '\n' ' ' <"$tout"))"
		return
	fi
	if ! grep -q "^profile $prof " "$tout" ||
	   ! grep -q "SRTP Extension negotiated, profile=$prof" "$oout"; then
		fail "$name" "profile: $(grep -h profile "$tout" "$oout" | tr '\n' ' ')"
		return
	fi
	# RFC 5764 4.2: client key, server key, client salt, server salt
	kl=$(($(keylen "$prof") * 2))
	sl=$(( $(len "$prof") - $(keylen "$prof") * 2 ))	# 2 * salt, in hex digits
	ck=$(echo "$om" | cut -c1-$kl)
	sk=$(echo "$om" | cut -c$((kl + 1))-$((2 * kl)))
	cs=$(echo "$om" | cut -c$((2 * kl + 1))-$((2 * kl + sl)))
	ss=$(echo "$om" | cut -c$((2 * kl + sl + 1))-$((2 * kl + 2 * sl)))
	if [ "$role" = client ]; then
		want_tx="tx key $ck salt $cs" want_rx="rx key $sk salt $ss"
	else
		want_tx="tx key $sk salt $ss" want_rx="rx key $ck salt $cs"
	fi
	if grep -qx "$want_tx" "$tout" && grep -qx "$want_rx" "$tout"; then
		pass "$name"
	else
		fail "$name" "halves: want '$want_tx' '$want_rx', got $(grep -E '^(tx|rx) ' "$tout" | tr '\n' ' ')"
	fi
}

# tool client against s_server
t_client() { # NAME PROFILE [FP]
	name=$1 prof=$2 fp=${3:-$peer_fp}
	port=$base
	base=$((base + 2))
	(sleep 10 | openssl s_server -dtls -accept "127.0.0.1:$port" \
		-cert "$tmp/peer.pem" -key "$tmp/peer.key" -verify 1 \
		-use_srtp "$prof" -keymatexport $LABEL \
		-keymatexportlen "$(len "$prof")" >"$tmp/o.$name" 2>&1) &
	pids="$pids $!"
	wait_for "$tmp/o.$name" ACCEPT || { fail "$name" "s_server did not start"; return 1; }
	"$TOOL" --role client --local "127.0.0.1:$((port + 1))" \
		--remote "127.0.0.1:$port" --peer-fingerprint "$fp" \
		--no-install --print-keys --timeout-ms 5000 \
		>"$tmp/t.$name" 2>"$tmp/e.$name"
	rc=$?
	[ $rc -eq 0 ] && wait_for "$tmp/o.$name" "Keying material:"
	return $rc
}

# tool server against s_client (--remote given or latched)
t_server() { # NAME PROFILE latch|remote [FP] [nocert]
	name=$1 prof=$2 how=$3 fp=${4:-$peer_fp} cert=${5:-cert}
	port=$base
	base=$((base + 2))
	if [ "$how" = remote ]; then
		remote="--remote 127.0.0.1:$((port + 1))"
		bind="-bind 127.0.0.1:$((port + 1))"
	else
		remote="" bind=""
	fi
	if [ "$cert" = cert ]; then
		certopt="-cert $tmp/peer.pem -key $tmp/peer.key"
	else
		certopt=
	fi
	# shellcheck disable=SC2086
	"$TOOL" --role server --local "127.0.0.1:$port" $remote \
		--peer-fingerprint "$fp" --cert "$tmp/tool.pem" \
		--key "$tmp/tool.key" --profiles "$prof" --no-install \
		--print-keys --timeout-ms 5000 >"$tmp/t.$name" 2>"$tmp/e.$name" &
	tpid=$!
	wait_for "$tmp/t.$name" '^fingerprint' || { fail "$name" "tool did not start"; return 1; }
	# shellcheck disable=SC2086
	(sleep 10 | openssl s_client -dtls -connect "127.0.0.1:$port" $bind \
		$certopt -use_srtp "$prof" -keymatexport $LABEL \
		-keymatexportlen "$(len "$prof")" >"$tmp/o.$name" 2>&1) &
	pids="$pids $!"
	wait $tpid
	rc=$?
	[ $rc -eq 0 ] && wait_for "$tmp/o.$name" "Keying material:"
	# s_client checked the tool's certificate: its fingerprint is ours
	if [ $rc -eq 0 ] && ! grep -q "^fingerprint $tool_fp\$" "$tmp/t.$name"; then
		echo "tool printed $(head -1 "$tmp/t.$name"), want $tool_fp" >>"$tmp/e.$name"
		return 1
	fi
	return $rc
}

for prof in SRTP_AES128_CM_SHA1_80 SRTP_AES128_CM_SHA1_32 \
	    SRTP_AEAD_AES_128_GCM SRTP_AEAD_AES_256_GCM; do
	n=client_$prof
	if t_client "$n" "$prof"; then
		check "$n" client "$prof" "$tmp/o.$n" "$tmp/t.$n"
	else
		fail "$n" "$(cat "$tmp/e.$n")"
	fi
	for how in latch remote; do
		n=server_${how}_$prof
		if t_server "$n" "$prof" $how; then
			check "$n" server "$prof" "$tmp/o.$n" "$tmp/t.$n"
		else
			fail "$n" "$(cat "$tmp/e.$n")"
		fi
	done
done

# The tool offers all four profiles by default; an OpenSSL server picks
# the first of its own list that the client offers.
n=client_default_profiles
port=$base
if (sleep 10 | openssl s_server -dtls -accept "127.0.0.1:$port" \
	-cert "$tmp/peer.pem" -key "$tmp/peer.key" \
	-use_srtp SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM \
	-keymatexport $LABEL -keymatexportlen 60 >"$tmp/o.$n" 2>&1) &
   pids="$pids $!"; wait_for "$tmp/o.$n" ACCEPT &&
   "$TOOL" --role client --local "127.0.0.1:$((port + 1))" \
	--remote "127.0.0.1:$port" --peer-fingerprint "$peer_fp" \
	--no-install --print-keys >"$tmp/t.$n" 2>"$tmp/e.$n" &&
   wait_for "$tmp/o.$n" "Keying material:"; then
	check "$n" client SRTP_AES128_CM_SHA1_80 "$tmp/o.$n" "$tmp/t.$n"
else
	fail "$n" "$(cat "$tmp/e.$n")"
fi
base=$((base + 2))

# A wrong a=fingerprint: one digit changed. Both roles must refuse it.
first=$(echo "$peer_fp" | cut -c9)
if [ "$first" = 0 ]; then first=1; else first=0; fi
bad_fp="sha-256 $first$(echo "$peer_fp" | cut -c10-)"
for role in client server; do
	n=mismatch_$role
	if [ $role = client ]; then
		t_client "$n" SRTP_AES128_CM_SHA1_80 "$bad_fp"
	else
		t_server "$n" SRTP_AES128_CM_SHA1_80 latch "$bad_fp"
	fi
	rc=$?
	if [ $rc -ne 0 ] && grep -q "fingerprint mismatch" "$tmp/e.$n" &&
	   ! grep -q "^keying-material" "$tmp/t.$n"; then
		pass "$n"
	else
		fail "$n" "exit $rc: $(cat "$tmp/e.$n" "$tmp/t.$n" | tr '\n' ' ')"
	fi
done

# A client without a certificate: the tool as server refuses it.
n=server_client_no_cert
t_server "$n" SRTP_AES128_CM_SHA1_80 latch "$peer_fp" nocert
rc=$?
if [ $rc -ne 0 ] && ! grep -q "^keying-material" "$tmp/t.$n"; then
	pass "$n"
else
	fail "$n" "exit $rc: $(cat "$tmp/t.$n")"
fi

# No fingerprint and no --no-verify: refused before any handshake.
n=needs_fingerprint
if "$TOOL" --role client --local 127.0.0.1:$base --remote 127.0.0.1:$((base + 1)) \
	--no-install >"$tmp/t.$n" 2>"$tmp/e.$n"; then
	fail "$n" "accepted"
elif grep -q "fingerprint is required" "$tmp/e.$n"; then
	pass "$n"
else
	fail "$n" "$(cat "$tmp/e.$n")"
fi

# Keys are printed only when asked.
n=no_keys_by_default
port=$((base + 2))
if (sleep 10 | openssl s_server -dtls -accept "127.0.0.1:$port" \
	-cert "$tmp/peer.pem" -key "$tmp/peer.key" \
	-use_srtp SRTP_AES128_CM_SHA1_80 >"$tmp/o.$n" 2>&1) &
   pids="$pids $!"; wait_for "$tmp/o.$n" ACCEPT &&
   "$TOOL" --role client --local "127.0.0.1:$((port + 1))" \
	--remote "127.0.0.1:$port" --peer-fingerprint "$peer_fp" \
	--no-install >"$tmp/t.$n" 2>"$tmp/e.$n" &&
   grep -q '^profile SRTP_AES128_CM_SHA1_80 suite AES_CM_128_HMAC_SHA1_80$' "$tmp/t.$n" &&
   ! grep -qE '^(keying-material|tx|rx) ' "$tmp/t.$n"; then
	pass "$n"
else
	fail "$n" "$(cat "$tmp/t.$n" "$tmp/e.$n")"
fi

echo "# dtls_openssl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
