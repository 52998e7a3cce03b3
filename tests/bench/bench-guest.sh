#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ksrtp benchmarks, run inside the test VM by scripts/bench.sh (make bench).
# They print numbers; they assert nothing. Under qemu's -icount shift=0
# (scripts/bench.sh's default, KSRTP_VM_ICOUNT=1) a guest nanosecond is one
# guest instruction, so every "ns" below is an exact, repeatable count of
# guest instructions; without icount they are TCG time, which compares
# rows with each other only.
#
#   micro       ksrtp_bench.ko: ksrtp_srtp_protect/unprotect (srtp.c) and
#               ksrtp_xform_tx/rx on a flow (xform.c) per packet, every
#               suite, 160 and 1,200 bytes of payload; cryptobench: the
#               same packets through libsrtp and through OpenSSL EVP alone
#   e2e         one-way RTP between two network namespaces over veth,
#               sender unpaced: plain UDP, ksrtp in the kernel on both
#               ends, libsrtp in the applications (rtptool --srtp); the
#               whole guest's time from the first packet sent to the last
#               received, per packet received, and packets per second
#   flows       the ksrtp e2e run again with 1,000, 10,000 and 100,000 rx
#               flows installed on the receiver (traffic on one of them),
#               kernel memory per flow (slab and per-CPU separately), and
#               the time to create and then delete them with srtpctl -batch,
#               per 1,000 flows
#   rekey       key replacements per second through srtpctl -batch
#   repeat      the 160-byte micro rows and two e2e rows measured again, in
#               a new module load and new processes, with the difference
#
# Knobs (environment): KSRTP_BENCH_ITERS (2000) packets per micro
# measurement; KSRTP_BENCH_PACKETS (10000) packets per e2e run;
# KSRTP_BENCH_ROUNDS (1 under icount, where runs repeat exactly, else 3)
# e2e rounds, median; KSRTP_BENCH_FLOWS (100000) most flows installed;
# KSRTP_BENCH_ONLY (micro,e2e,flows,rekey,repeat) which parts to run.
# KSRTP_BENCH_MODDIR: where scripts/bench.sh built ksrtp_bench.ko.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/../e2e/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-bench.XXXXXX")
trap 'rm -rf "$tmp"; topo_down' EXIT
# The tools run from tmpfs: a page fault on the repository's 9p mount
# inside a measurement would wait for the host, and an idle guest's clock
# jumps under icount.
cp "${RTPTOOL:-$here/../../build/e2e/rtptool}" "$tmp/rtptool"
cp "$here/../../build/e2e/cryptobench" "$tmp/cryptobench"
cp "$here/../../build/e2e/flowscale" "$tmp/flowscale"
RTPTOOL=$tmp/rtptool
# srtpctl too: under icount (sleep=off) a guest that waits for the host
# skips ahead to its next timer, so a read from 9p inside a measurement
# would count seconds of guest time that no instruction ran in.
mkdir -p "$tmp/bin"
cp "$(command -v srtpctl)" "$tmp/bin/srtpctl"
PATH=$tmp/bin:$PATH
ITERS=${KSRTP_BENCH_ITERS:-2000}
N=${KSRTP_BENCH_PACKETS:-10000}
if [ "${KSRTP_VM_ICOUNT:-0}" = 1 ]; then
	ROUNDS=${KSRTP_BENCH_ROUNDS:-1}
else
	ROUNDS=${KSRTP_BENCH_ROUNDS:-3}
fi
MAXFLOWS=${KSRTP_BENCH_FLOWS:-100000}
ONLY=${KSRTP_BENCH_ONLY:-micro,e2e,flows,rekey,repeat}
PAYLOAD=160
LEN=$((12 + PAYLOAD))
res=$tmp/results	# "key value" lines, for the summary
: >"$res"

want() { case ",$ONLY," in *",$1,"*) return 0 ;; esac; return 1; }
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }
put() { echo "$1 $2" >>"$res"; }
get() { awk -v k="$1" '$1 == k {v = $2} END {print v}' "$res"; }

# ---------------------------------------------------------------- micro
micro() {
	local ko=${KSRTP_BENCH_MODDIR:-}/ksrtp_bench.ko
	echo "== micro: $ITERS packets per measurement, RTP payload 160 and 1200 bytes"
	if [ -f "$ko" ]; then
		if insmod "$ko" iters="$ITERS"; then
			rmmod ksrtp_bench
		else
			echo "ksrtp_bench.ko failed"
		fi
		dmesg | sed -n 's/.*\(ksrtp_bench: .*\)/\1/p' | tee "$tmp/kbench"
	else
		echo "no $ko (scripts/bench.sh builds it with KSRTP_BENCH=m)"
		: >"$tmp/kbench"
	fi
	# a short run first, so that no library page is first touched inside
	# a measurement
	"$tmp/cryptobench" -n 20 >/dev/null
	"$tmp/cryptobench" -n "$ITERS" | tee "$tmp/cbench"
	# LEVEL SUITE PAYLOAD OP NS -> micro.LEVEL.SUITE.PAYLOAD.OP NS
	awk '$NF == "ns/pkt" {print "micro." $2 "." $3 "." $4 "." $5, $6}' \
		"$tmp/kbench" "$tmp/cbench" >>"$res"
}

# ------------------------------------------------------------------ e2e
# one_run SENDARGS RECVARGS: N packets ns1 -> ns2, unpaced. Sets RCVD, NS
# (guest ns from the first packet sent to the last received), IPP (ns
# per packet received) and PPS.
one_run() {
	local sargs=$1 rargs=$2 pid t0 t1
	# shellcheck disable=SC2086
	n2 "$RTPTOOL" recv --bind 10.0.0.2:6000 --count 0 --timeout-ms 1500 \
		--rcvbuf 64000000 --stamps $rargs >"$tmp/recv" 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		grep -q ready "$tmp/recv" && break
		sleep 0.05
	done
	# shellcheck disable=SC2086
	n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to 10.0.0.2:6000 \
		--ssrc 0x1234 --count "${COUNT:-$N}" --len $LEN --stamps \
		$sargs >"$tmp/send" 2>&1
	wait $pid
	RCVD=$(sed -n 's/^rtp \([0-9]*\) .*/\1/p' "$tmp/recv")
	RCVD=${RCVD:-0}
	if [ "$RCVD" = 0 ]; then
		echo "one_run: nothing received; sender and receiver said:"
		cat "$tmp/send" "$tmp/recv"
	fi >&2
	t0=$(awk '/^stamps/ {print $3}' "$tmp/send")
	t1=$(awk '/^stamps/ {print $5}' "$tmp/recv")
	NS=$((${t1:-0} - ${t0:-0}))
	if [ "$RCVD" -gt 0 ] && [ "$NS" -gt 0 ]; then
		IPP=$((NS / RCVD))
		PPS=$((RCVD * 1000000000 / NS))
	else
		IPP=0
		PPS=0
	fi
}

ksrtp_flows_add() {
	local suite=$1 key
	key=$(key_for "$suite")
	n1 srtpctl flow add dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 \
		suite "$suite" key "hex:$key" >/dev/null
	n2 srtpctl flow add dir rx local 10.0.0.2:6000 suite "$suite" \
		key "hex:$key" ssrc any >/dev/null
}

ksrtp_flows_flush() {
	n1 srtpctl flush
	n2 srtpctl flush
}

# config NAME: run configuration NAME once (plain, ksrtp-SUITE, libsrtp-SUITE)
config() {
	local suite=${1#*-} key
	key=$(key_for "$suite")
	case $1 in
	plain) one_run "" "" ;;
	ksrtp-*)
		ksrtp_flows_add "$suite"
		one_run "" ""
		ksrtp_flows_flush ;;
	libsrtp-*) one_run "--srtp $suite:$key" "--srtp $suite:$key" ;;
	esac
}

E2E_CONFIGS="plain ksrtp-AES_CM_128_HMAC_SHA1_80 libsrtp-AES_CM_128_HMAC_SHA1_80 ksrtp-AEAD_AES_128_GCM libsrtp-AEAD_AES_128_GCM"

e2e() {
	local r c v lost
	declare -A ipp=() pps=() loss=()
	echo "== e2e: $N RTP packets of $PAYLOAD bytes payload, ns1 -> ns2 over veth, unpaced, $ROUNDS round(s) interleaved"
	topo_up
	# warm-up: every binary and library page in, every path run once
	for c in $E2E_CONFIGS; do COUNT=200 config "$c"; done
	for ((r = 0; r < ROUNDS; r++)); do
		for c in $E2E_CONFIGS; do
			config "$c"
			ipp[$c]+="$IPP "
			pps[$c]+="$PPS "
			loss[$c]=$((${loss[$c]:-0} + N - RCVD))
		done
	done
	topo_down
	printf '%-34s %10s %10s %10s %10s %7s\n' configuration ns/pkt min max pkts/s lost
	for c in $E2E_CONFIGS; do
		# shellcheck disable=SC2086
		v=$(printf '%s\n' ${ipp[$c]} | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)], a[1], a[NR]}')
		lost=${loss[$c]}
		# shellcheck disable=SC2086
		set -- $v
		put "e2e.$c" "$1"
		# shellcheck disable=SC2086
		put "e2e_pps.$c" "$(printf '%s\n' ${pps[$c]} | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
		put "e2e_lost.$c" "$lost"
		printf '%-34s %10s %10s %10s %10s %7s\n' "$c" "$1" "$2" "$3" \
			"$(get "e2e_pps.$c")" "$lost"
	done
	echo "(ns/pkt: guest time from the first packet sent to the last received, per packet received; median of the rounds; pkts/s: received per second of guest time; lost: over all rounds)"
}

# ---------------------------------------------------------------- flows
kmem_kb() { awk -v f="$1" '$1 == f ":" {print $2}' /proc/meminfo; }

# slabinfo: "cache active_objs objsize" per slab cache
slabinfo() { awk 'NR > 2 {print $1, $2, $4}' /proc/slabinfo; }

# batch_time FILE: run srtpctl -batch FILE in ns2, output to FILE.out;
# prints the guest ns it took
batch_time() {
	local t0 t1
	t0=$(now_ns)
	n2 srtpctl -batch "$1" >"$1.out"
	t1=$(now_ns)
	echo $((t1 - t0))
}

flows() {
	local suite=AES_CM_128_HMAC_SHA1_80 key have=1 target i f t ci=0
	local slab0 pcpu0 targets="" chunks fs seq0
	for t in 1 1000 10000 100000; do
		[ "$t" -le "$MAXFLOWS" ] && targets+="$t "
	done
	case " $targets " in *" $MAXFLOWS "*) ;; *) targets+="$MAXFLOWS" ;; esac
	targets=${targets% }
	put flows.targets "${targets// /,}"
	key=$(key_for $suite)
	echo "== flows: ksrtp e2e ($suite, $N packets) with more rx flows installed on the receiver, up to $MAXFLOWS in all"
	topo_up
	# Every extra flow: rx, 10.0.0.2:20000 from its own remote address,
	# "ssrc any", so no stream state until a packet comes (none does).
	awk -v n="$MAXFLOWS" -v key="$key" -v s=$suite 'BEGIN {
		for (i = 1; i < n; i++)
			printf "flow add dir rx local 10.0.0.2:20000 remote 10.%d.%d.%d:7000 suite %s key hex:%s ssrc any\n",
				1 + int(i / 62500), int(i / 250) % 250, i % 250 + 1, s, key
	}' >"$tmp/flows.all"
	# 999 extra flows first (1,000 with the traffic's), then by 1,000
	head -n 999 "$tmp/flows.all" >"$tmp/add.0000"
	tail -n +1000 "$tmp/flows.all" | split -d -a 4 --numeric-suffixes=1 -l 1000 - "$tmp/add."
	rm -f "$tmp/flows.all"
	[ -s "$tmp/add.0000" ] || rm -f "$tmp/add.0000"
	chunks=("$tmp"/add.*)
	[ -e "${chunks[0]}" ] || chunks=()
	ksrtp_flows_add $suite
	# one tx flow for every run: each run goes on where the last one
	# stopped, since ksrtp never protects a sequence number twice
	COUNT=200 one_run "--seq 0" ""
	seq0=200
	slab0=$(kmem_kb Slab)
	pcpu0=$(kmem_kb Percpu)
	slabinfo >"$tmp/slabinfo.0"
	printf '%-10s %10s %10s %12s %12s\n' flows ns/pkt lost "slab B/flow" "percpu B/flow"
	for target in $targets; do
		while [ "$have" -lt "$target" ] && [ "$ci" -lt ${#chunks[@]} ]; do
			f=${chunks[ci]}
			ci=$((ci + 1))
			n2 srtpctl -batch "$f" >/dev/null
			i=$(wc -l <"$f")
			have=$((have + i))
			rm -f "$f"
		done
		one_run "--seq $seq0" ""
		seq0=$(((seq0 + N) % 65536))
		put "flows.ipp.$target" "$IPP"
		if [ "$have" -gt 1 ]; then
			i=$((have - 1))
			put "flows.slab.$target" $((($(kmem_kb Slab) - slab0) * 1024 / i))
			put "flows.pcpu.$target" $((($(kmem_kb Percpu) - pcpu0) * 1024 / i))
		fi
		printf '%-10s %10s %10s %12s %12s\n' "$have" "$IPP" $((N - RCVD)) \
			"$(get "flows.slab.$target")" "$(get "flows.pcpu.$target")"
	done
	echo "(memory: growth of /proc/meminfo Slab and Percpu over the extra flows: rx, $suite, any SSRC, no stream state; $(nproc) CPU(s))"
	slabinfo >"$tmp/slabinfo.1"
	echo "slab caches that grew by 0.5 objects or more per extra flow:"
	printf '  %-28s %10s %10s %10s\n' cache "objs/flow" "obj size" "B/flow"
	awk -v n=$((have - 1)) 'NR == FNR {a[$1] = $2; next}
		($2 - a[$1]) / n >= 0.5 {
			o = ($2 - a[$1]) / n
			printf "  %-28s %10.2f %10d %10.0f\n", $1, o, $3, o * $3
			t += o * $3
		}
		END {printf "  %-28s %10s %10s %10.0f\n", "total", "", "", t}' \
		"$tmp/slabinfo.0" "$tmp/slabinfo.1"
	ksrtp_flows_flush
	topo_down

	# Create and delete: flowscale (tests/e2e/flowscale.c) in a netns of
	# its own, one process, 50 requests per send, so no process start or
	# file read is inside the times.
	[ "$MAXFLOWS" -ge 3000 ] || return 0
	# the flush frees the flows after a grace period and their keys from
	# a work item: let that end first, or flowscale's memory would count
	# it against its own flows
	t=$(kmem_kb Slab)
	for _ in $(seq 40); do
		sleep 0.5
		i=$t
		t=$(kmem_kb Slab)
		[ $((i - t)) -lt 256 ] && break
	done
	echo "== flows: create $MAXFLOWS flows ($suite), dump them while a third are deleted, delete the rest (flowscale)"
	ip netns add ksrtp-bench-fs
	ip netns exec ksrtp-bench-fs "$tmp/flowscale" --count "$MAXFLOWS" \
		--suite $suite >"$tmp/fs" 2>&1
	ip netns del ksrtp-bench-fs
	grep -v '^PASS' "$tmp/fs"
	echo "(flowscale's checks: $(grep -c '^PASS' "$tmp/fs") passed, $(grep -c '^FAIL' "$tmp/fs") failed; us is 1,000 guest instructions under icount)"
	for fs in create delete; do
		sed -n "s/^info e2e\/flowscale: $fs \([0-9]*\) flows[a-z ]*: \([0-9.]*\) s, \([0-9]*\) us per flow; first 1000: \([0-9]*\) us per flow, last 1000: \([0-9]*\) us.*/flows.$fs.n \1\nflows.$fs.total \2\nflows.$fs.mean \3\nflows.$fs.first \4\nflows.$fs.last \5/p" \
			"$tmp/fs" >>"$res"
	done
	put flows.fsmem "$(sed -n 's/^info e2e\/flowscale: Slab + Percpu grew by [0-9]* kB: \([0-9]*\) bytes per flow.*/\1/p' "$tmp/fs")"
}

# ---------------------------------------------------------------- rekey
rekey() {
	local n=1000 i id ns key
	echo "== rekey: $n immediate key replacements of one flow, one srtpctl -batch"
	topo_up
	key=$(key_for AES_CM_128_HMAC_SHA1_80)
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key "hex:$key" ssrc any)
	for ((i = 0; i < n; i++)); do
		printf 'key replace id %s key hex:%030x%030x\n' "$id" $((i + 1)) $((i + 7))
	done >"$tmp/keys"
	ns=$(batch_time "$tmp/keys")
	put rekey.ns $((ns / n))
	printf '%-44s %d ns per replacement, %d rekeys/s\n' "key replace" \
		$((ns / n)) $((n * 1000000000 / ns))
	topo_down
}

# --------------------------------------------------------------- repeat
# The same measurements again, in new processes and a new module load:
# under icount they must agree to well under 1%.
repeat() {
	local ko=${KSRTP_BENCH_MODDIR:-}/ksrtp_bench.ko k a b c
	echo "== repeat: the 160-byte micro rows and two e2e rows again"
	: >"$tmp/rep"
	if [ -f "$ko" ] && insmod "$ko" iters="$ITERS" payloads=160; then
		rmmod ksrtp_bench
		# the second load's lines: the last ones of each key
		dmesg | sed -n 's/.*ksrtp_bench: \([a-z]*\) \([A-Z0-9_]*\) \(160\) \([a-z]*\) \([0-9.]*\) ns\/pkt/micro.\1.\2.\3.\4 \5/p' |
			awk '{v[$1] = $2} END {for (k in v) print k, v[k]}' >>"$tmp/rep"
	fi
	"$tmp/cryptobench" -n "$ITERS" 160 |
		awk '$NF == "ns/pkt" {print "micro." $2 "." $3 "." $4 "." $5, $6}' >>"$tmp/rep"
	if want e2e; then
		topo_up
		for c in plain ksrtp-AES_CM_128_HMAC_SHA1_80; do
			config "$c"
			echo "e2e.$c $IPP" >>"$tmp/rep"
		done
		topo_down
	fi
	printf '%-58s %12s %12s %8s\n' measurement first second diff
	sort "$tmp/rep" | while read -r k b; do
		a=$(get "$k")
		[ -n "$a" ] || continue
		c=$(echo "$a $b" | awk '{d = ($2 - $1) / $1 * 100; printf "%+.3f%%", d}')
		printf '%-58s %12s %12s %8s\n' "$k" "$a" "$b" "$c"
		echo "$c" | tr -d '%+-' >>"$tmp/rep.diff"
	done
	put repeat.maxdiff "$(sort -g "$tmp/rep.diff" 2>/dev/null | tail -n 1)"
	echo "largest difference: $(get repeat.maxdiff)% over $(wc -l <"$tmp/rep.diff" 2>/dev/null || echo 0) measurements"
}

# -------------------------------------------------------------- summary
ratio() { # ratio A B: A/B to two decimals, or "-"
	if [ -n "$1" ] && [ -n "$2" ] && [ "$2" != 0 ]; then
		echo "$1 $2" | awk '{printf "%.2fx", $1 / $2}'
	else
		echo -
	fi
}

summary() {
	local s p op x k l o line pl ad
	echo
	echo "== summary: $(date -u +%Y-%m-%d), kernel $(uname -r), $mode; ns of guest time per packet (or per flow)"
	if want micro; then
		echo
		echo "| suite, payload bytes, operation | ksrtp xform | ksrtp srtp.c | libsrtp | OpenSSL EVP | xform / OpenSSL | xform / libsrtp |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		for s in $SUITES; do
			for p in 160 1200; do
				for op in protect unprotect; do
					x=$(get "micro.xform.$s.$p.$op")
					k=$(get "micro.srtp.$s.$p.$op")
					l=$(get "micro.libsrtp.$s.$p.$op")
					o=$(get "micro.openssl.$s.$p.$op")
					echo "| $s $p $op | ${x%.*} | ${k%.*} | ${l%.*} | ${o%.*} | $(ratio "$x" "$o") | $(ratio "$x" "$l") |"
				done
			done
		done
	fi
	if want e2e; then
		pl=$(get e2e.plain)
		echo
		echo "| end to end, $PAYLOAD B payload, whole guest | per packet | over plain UDP | packets/s | ksrtp added / libsrtp added |"
		echo "| --- | ---: | ---: | ---: | ---: |"
		echo "| plain UDP | $pl | 0 | $(get e2e_pps.plain) | |"
		for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
			for c in ksrtp libsrtp; do
				x=$(get "e2e.$c-$s")
				ad=$((x - pl))
				line="| $c $s | $x | $ad | $(get "e2e_pps.$c-$s") |"
				if [ $c = libsrtp ]; then
					line+=" $(ratio $(($(get "e2e.ksrtp-$s") - pl)) "$ad") |"
				else
					line+=" |"
				fi
				echo "$line"
			done
		done
	fi
	if want flows; then
		echo
		echo "| ksrtp end to end, flows installed | per packet | vs 1 flow | slab B/flow | per-CPU B/flow |"
		echo "| --- | ---: | ---: | ---: | ---: |"
		for k in $(get flows.targets | tr , ' '); do
			x=$(get "flows.ipp.$k")
			[ -n "$x" ] || continue
			echo "| $k | $x | $(ratio "$x" "$(get flows.ipp.1)") | $(get "flows.slab.$k") | $(get "flows.pcpu.$k") |"
		done
		echo
		echo "| flowscale, $(get flows.create.n) flows | total, s | per flow, mean | first 1,000 | last 1,000 | last / first |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: |"
		for op in create delete; do
			x=$(get "flows.$op.total")
			[ -n "$x" ] || continue
			echo "| flow $op ($(get "flows.$op.n")) | $x | $(get "flows.$op.mean") | $(get "flows.$op.first") | $(get "flows.$op.last") | $(ratio "$(get "flows.$op.last")" "$(get "flows.$op.first")") |"
		done
		echo
		echo "(per flow in us of guest time: thousands of guest instructions under icount; kernel memory per AES-CM flow created by flowscale, Slab + Percpu: $(get flows.fsmem) bytes)"
	fi
	if want rekey; then
		echo
		echo "key replace through srtpctl -batch: $(get rekey.ns) ns per replacement"
	fi
	if want repeat; then
		echo "repeatability: the largest difference between two runs of the same measurement was $(get repeat.maxdiff)%"
	fi
}

# A booted distro system loads these through udev (CPU modalias); the VM
# has no udev. Without them the kernel falls back to generic C code.
for m in aesni_intel sha1_ssse3 ghash_clmulni_intel; do
	modprobe -q "$m" 2>/dev/null || true
done
mode="no icount: TCG time"
[ "${KSRTP_VM_ICOUNT:-0}" = 1 ] && mode="qemu -icount shift=0: 1 ns = 1 guest instruction"
echo "kernel $(uname -r), $(nproc) CPU(s), $mode, clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "crypto drivers the kernel chose: $(awk '/^name/ {n = $3} /^driver/ && (n == "ctr(aes)" || n == "hmac(sha1)" || n == "gcm(aes)") {print n "=" $3}' /proc/crypto | sort -u | tr '\n' ' ')"
t_all=$(now_ns)
want micro && micro
want e2e && e2e
want repeat && repeat
want rekey && rekey
want flows && flows
echo "crypto drivers after the runs: $(awk '/^name/ {n = $3} /^driver/ && (n == "ctr(aes)" || n == "hmac(sha1)" || n == "gcm(aes)") {print n "=" $3}' /proc/crypto | sort -u | tr '\n' ' ')"
summary
echo
echo "guest time of the benchmarks: $(echo "($(now_ns) - $t_all) / 1000000000" | bc -l | xargs printf '%.1f') s"
