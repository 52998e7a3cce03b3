#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying with srtpctl while RTP and RTCP flow both ways between two
# network namespaces (issue 4). Run inside the test VM:
#
#   tests/e2e/rekey.sh [MODE...]     MODE: prepared mki at-index immediate
#
# For each mode: both directions carry RTP with RTCP (rtcp-mux) as fast as
# the senders go with a short pause per packet, starting just below a
# sequence number wrap; srtpctl switches the keys of both directions again
# and again; then the senders stop and the receivers report what they got.
# The first switch of each direction is made as the senders cross the
# sequence number wrap: the senders wait at the switch point until srtpctl
# has given them the new key, so that the first packet under it has
# sequence number 0 (direction a) or 0xfffc (b); at-index keys apply
# from index 65536. For prepared,
# mki and at-index every packet sent must arrive exactly once with the
# right payload, with zero authentication failures, and the receiver's ROC
# must match the sender's. immediate runs on its own: it may
# lose packets in flight under a key two switches old, but never delivers a
# wrong or duplicate one.
#
# KSRTP_REKEYS (default 175) is the number of key switches per direction
# per mode; prepared + mki + at-index then rekey 2 * 3 * 175 = 1050 times.
# The immediate run, on its own, does KSRTP_REKEYS_IMMEDIATE (default 50)
# per direction.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}

REKEYS=${KSRTP_REKEYS:-175}
# The senders start at sequence number 0xfc00; their packet 1024 has 0.
# The first key switch of direction a comes just before its packet with
# sequence number 0, that of b just before 0xfffc.
HOLD_A=1024
HOLD_B=1020
SUITE=AES_CM_128_HMAC_SHA1_80
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-rekey.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/../ksrtp-rekey-nap.$$"
exec {NAP}<>"$tmp/../ksrtp-rekey-nap.$$"
rm -f "$tmp/../ksrtp-rekey-nap.$$"

# key material (30 bytes: key || salt) of generation N, in hex
# (no subshells in the loop: a fork costs tens of milliseconds under TCG)
gen_key() {
	local i b out=
	for ((i = 0; i < 30; i++)); do
		printf -v b '%02x' $((($1 * 7 + i) & 255))
		out+=$b
	done
	KEY=$out
}

# srtpctl is driven through one `srtpctl -force -batch -` per namespace,
# fed and read through FIFOs: starting a process costs half a second under
# TCG and KASAN, a command through the batch a few milliseconds. After each
# command the driver sends `version` and reads up to its line, so it knows
# where the command's output ends.
declare -A CIN COUT

ctl_start() {
	local ns=$1 fin fout
	mkfifo "$tmp/$ns.in" "$tmp/$ns.out"
	ip netns exec "$ns" srtpctl -force -batch - <"$tmp/$ns.in" \
		>"$tmp/$ns.out" 2>&1 &
	exec {fin}>"$tmp/$ns.in"
	exec {fout}<"$tmp/$ns.out"
	CIN[$ns]=$fin
	COUT[$ns]=$fout
}

ctl_stop() {
	local fin=${CIN[$1]} fout=${COUT[$1]}
	exec {fin}>&- {fout}<&-
}

# ask NS CMD...: run CMD; its output lines in $OUT
ask() {
	local ns=$1 line
	shift
	printf '%s\nversion\n' "$*" >&"${CIN[$ns]}"
	OUT=
	while IFS= read -r -t 30 line <&"${COUT[$ns]}"; do
		case $line in "srtpctl "[0-9]*) return 0 ;; esac
		OUT+="$line"$'\n'
	done
	echo "rekey: no answer from srtpctl in $ns to '$*'" >&2
	return 1
}

# sc NS CMD...: run CMD, which must print nothing (else it failed)
sc() {
	local ns=$1
	shift
	ask "$ns" "$@" || return 1
	[ -z "$OUT" ] && return 0
	echo "rekey: '$*' in $ns: $OUT" >&2
	return 1
}

# has_next NS ID: the flow still has a next key (not yet promoted)
has_next() {
	ask "$1" key show id "$2" || return 0
	[[ $'\n'$OUT == *$'\n'"key next"* ]]
}

# index NS ID: set INDEX to the packet index (ROC * 65536 + SEQ) a tx
# flow last used
index() {
	local w prev='' roc=0 seq=0
	ask "$1" flow show id "$2" -s || return 1
	for w in $OUT; do
		[ "$prev" = roc ] && roc=$w
		[ "$prev" = seq ] && seq=$w
		prev=$w
	done
	INDEX=$((roc * 65536 + seq))
}

# nap: sleep 10 ms without starting a process (read on a FIFO that
# nobody writes)
nap() {
	read -r -t 0.01 -u "$NAP" _ || true
}

# go FILE: let a held sender go on (if FILE is not empty); no process is
# started (that costs about a second under TCG and KASAN)
go() {
	[ -z "$1" ] || : >"$1"
}

# switch MODE GEN RXNS RXID TXNS TXID [GO]: one key switch of one
# direction; once the sender has the new key, create file GO
switch_key() {
	local mode=$1 g=$2 rxns=$3 rx=$4 txns=$5 tx=$6 gofile=${7:-} k mki old i
	gen_key "$g"
	k=hex:$KEY
	printf -v mki '%02x' $((g % 250 + 1))
	case $mode in
	prepared)
		# the receiver first; then wait for it to promote the key
		sc "$rxns" key add id "$rx" next key "$k" || return 1
		sc "$txns" key replace id "$tx" key "$k" || return 1
		go "$gofile"
		for ((i = 0; i < 1000; i++)); do
			has_next "$rxns" "$rx" || return 0
			nap
		done
		echo "rekey: key $g never promoted on flow $rx" >&2
		return 1 ;;
	mki)
		sc "$rxns" key add id "$rx" key "$k" mki "$mki" || return 1
		sc "$txns" key add id "$tx" key "$k" mki "$mki" use || return 1
		go "$gofile"
		# keep four keys: drop the one three switches back
		if [ "$g" -gt 3 ]; then
			printf -v old '%02x' $(((g - 3) % 250 + 1))
			sc "$rxns" key del id "$rx" mki "$old" || return 1
			sc "$txns" key del id "$tx" mki "$old" || return 1
		fi ;;
	at-index)
		# both ends learn the key before the sender gets to its index
		index "$txns" "$tx" || return 1
		i=$((INDEX + 64))
		# the first switch exactly at the sequence wrap, if still ahead
		if [ "$g" = 1 ] && [ "$INDEX" -lt 65536 ]; then
			i=65536
		fi
		sc "$rxns" key add id "$rx" at "$i" key "$k" || return 1
		sc "$txns" key add id "$tx" at "$i" key "$k" || return 1
		go "$gofile" ;;
	immediate)
		sc "$rxns" key replace id "$rx" key "$k" || return 1
		sc "$txns" key replace id "$tx" key "$k" || return 1
		go "$gofile" ;;
	esac
}

field() { sed -n "s/.*$1 \([0-9]*\).*/\1/p" "$2" | tail -1; }

run_mode() {
	local mode=$1 k0 mkiopt="" txa rxa txb rxb pa pb sa sb g done=0 ok=1
	topo_up
	gen_key 0
	k0=hex:$KEY
	[ "$mode" = mki ] && mkiopt="mki 01"
	# A: ns1:5000 -> ns2:6000, B: ns2:7000 -> ns1:8000, both rtcp-mux
	# shellcheck disable=SC2086
	{
	txa=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $SUITE key "$k0" $mkiopt rtcp-mux)
	rxa=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $SUITE key "$k0" $mkiopt rtcp-mux ssrc 0x1111)
	txb=$(flow_add ns2 dir tx local 10.0.0.2:7000 remote 10.0.0.1:8000 suite $SUITE key "$k0" $mkiopt rtcp-mux)
	rxb=$(flow_add ns1 dir rx local 10.0.0.1:8000 suite $SUITE key "$k0" $mkiopt rtcp-mux ssrc 0x2222)
	}
	if [ -z "$txa" ] || [ -z "$rxa" ] || [ -z "$txb" ] || [ -z "$rxb" ]; then
		fail "rekey/$mode/setup" "flow add failed"
		return
	fi

	rm -f "$tmp"/*
	ctl_start ns1
	ctl_start ns2
	n2 "$RTPTOOL" recv --bind 10.0.0.2:6000 --count 0 --timeout-ms 5000 \
		--until "$tmp/stop" --rcvbuf 8000000 >"$tmp/ra" 2>&1 &
	pa=$!
	n1 "$RTPTOOL" recv --bind 10.0.0.1:8000 --count 0 --timeout-ms 5000 \
		--until "$tmp/stop" --rcvbuf 8000000 >"$tmp/rb" 2>&1 &
	pb=$!
	for _ in $(seq 100); do
		grep -q ready "$tmp/ra" && grep -q ready "$tmp/rb" && break
		sleep 0.1
	done
	n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to 10.0.0.2:6000 --ssrc 0x1111 \
		--seq 0xfc00 --len 160 --rtcp-every 10 --interval-us 200 \
		--hold-at $HOLD_A --hold-file "$tmp/go-a" \
		--until "$tmp/stop" >"$tmp/sa" 2>&1 &
	sa=$!
	n2 "$RTPTOOL" send --from 10.0.0.2:7000 --to 10.0.0.1:8000 --ssrc 0x2222 \
		--seq 0xfc00 --len 160 --rtcp-every 10 --interval-us 200 \
		--hold-at $HOLD_B --hold-file "$tmp/go-b" \
		--until "$tmp/stop" >"$tmp/sb" 2>&1 &
	sb=$!
	sleep 0.5

	local n=$REKEYS
	[ "$mode" = immediate ] && n=${KSRTP_REKEYS_IMMEDIATE:-50}
	# The first switch of each direction happens at the sequence wrap:
	# each sender waits before its packet HOLD_x until its new key is in
	# place; note the index it last used.
	local wa=-1 wb=-1 t0=$SECONDS t1 t2
	for _ in $(seq 600); do
		grep -q holding "$tmp/sa" && grep -q holding "$tmp/sb" && break
		sleep 0.1
	done
	t1=$SECONDS
	local goa=$tmp/go-a gob=$tmp/go-b
	for g in $(seq 1 "$n"); do
		[ "$g" = 1 ] && index ns1 "$txa" && wa=$INDEX
		switch_key "$mode" "$g" ns2 "$rxa" ns1 "$txa" "$goa" ||
			{ ok=0; break; }
		done=$((done + 1))
		[ "$g" = 1 ] && index ns2 "$txb" && wb=$INDEX
		switch_key "$mode" "$g" ns1 "$rxb" ns2 "$txb" "$gob" ||
			{ ok=0; break; }
		done=$((done + 1))
		goa=
		gob=
	done
	go "$tmp/go-a"
	go "$tmp/go-b"
	t2=$SECONDS
	sleep 0.5
	touch "$tmp/stop"
	ctl_stop ns1
	ctl_stop ns2
	wait $sa $sb
	wait $pa
	wait $pb
	wait
	echo "rekey/$mode: senders at the wrap after $((t1 - t0)) s; $done switches in $((t2 - t1)) s; receivers done after $((SECONDS - t2)) s more"
	if [ $ok = 1 ]; then
		pass "rekey/$mode/$done-switches"
	else
		fail "rekey/$mode/switches" "srtpctl failed after $done switches"
	fi
	# "at the wrap": the last packet before a's first switch had index
	# 65535 (ROC 0, SEQ 0xffff) and the one before b's 65531
	echo "rekey/$mode: the first switches came after sender index $wa (a) and $wb (b); the sequence number wraps at 65536"
	if [ "$wa" = $((0xfc00 + HOLD_A - 1)) ] && [ "$wb" = $((0xfc00 + HOLD_B - 1)) ]; then
		pass "rekey/$mode/first-switch-at-wrap"
	else
		fail "rekey/$mode/first-switch-at-wrap" "indexes $wa and $wb"
	fi

	local dir sent rcvd rtcp_sent rtcp_rcvd bad dup rx ns af roc want
	for dir in a b; do
		if [ $dir = a ]; then rx=$rxa; ns=ns2; else rx=$rxb; ns=ns1; fi
		sent=$(field 'sent rtp' "$tmp/s$dir")
		rtcp_sent=$(sed -n 's/.*sent rtp [0-9]* rtcp \([0-9]*\).*/\1/p' "$tmp/s$dir")
		rcvd=$(sed -n 's/^rtp \([0-9]*\) .*/\1/p' "$tmp/r$dir")
		rtcp_rcvd=$(field rtcp "$tmp/r$dir")
		bad=$(field bad "$tmp/r$dir")
		dup=$(field dup "$tmp/r$dir")
		af=$(stat "$ns" "$rx" auth_fail)
		echo "rekey/$mode/$dir: sent rtp ${sent:-?} rtcp ${rtcp_sent:-?}; received rtp ${rcvd:-?} rtcp ${rtcp_rcvd:-?} bad ${bad:-?} dup ${dup:-?}; auth_fail $af"
		if [ -z "$sent" ] || [ -z "$rcvd" ] || [ "$sent" -lt 1000 ]; then
			fail "rekey/$mode/$dir/traffic" "too little traffic: $(cat "$tmp/s$dir" "$tmp/r$dir" | tr '\n' ' ')"
			continue
		fi
		if [ "$bad" = 0 ] && [ "$dup" = 0 ]; then
			pass "rekey/$mode/$dir/no-bad-no-dup"
		else
			fail "rekey/$mode/$dir/no-bad-no-dup" "bad $bad dup $dup"
		fi
		[ "$mode" = immediate ] && continue
		if [ "$rcvd" = "$sent" ] && [ "$rtcp_rcvd" = "$rtcp_sent" ]; then
			pass "rekey/$mode/$dir/every-packet-once"
		else
			fail "rekey/$mode/$dir/every-packet-once" "sent $sent/$rtcp_sent, received $rcvd/$rtcp_rcvd"
		fi
		if [ "$af" = 0 ]; then
			pass "rekey/$mode/$dir/no-auth-fail"
		else
			fail "rekey/$mode/$dir/no-auth-fail" "auth_fail $af"
		fi
		# ROC continuity: the receiver's ROC is the sender's
		want=$(((0xfc00 + sent - 1) >> 16))
		roc=$(stream_field "$ns" "$rx" roc)
		if [ "$roc" = "$want" ]; then
			pass "rekey/$mode/$dir/roc-continuous-$roc"
		else
			fail "rekey/$mode/$dir/roc-continuous" "rx roc $roc, sender wrapped to $want"
		fi
	done
}

modes=${*:-prepared mki at-index immediate}
for m in $modes; do
	echo "--- rekey $m"
	SECONDS=0
	run_mode "$m"
	echo "rekey/$m: ${SECONDS} s"
done
topo_down
echo "e2e-rekey: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
