#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ksrtp benchmarks, run inside the test VM by scripts/bench.sh (make bench).
# They print numbers; they assert nothing. Under qemu TCG every instruction
# is emulated, so compare the rows with each other, not with real hardware.
#
#   throughput  one-way RTP between two network namespaces, sender unpaced:
#               plain UDP (no SRTP at all), ksrtp in the kernel on both
#               ends, and libsrtp in the applications (the userspace way)
#   memory      kernel memory per flow (slab + per-CPU), from 1,000 flows
#   rekey       key switches per second through srtpctl -batch
#
# KSRTP_BENCH_PACKETS (default 20000) packets per throughput run.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/../e2e/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
N=${KSRTP_BENCH_PACKETS:-20000}
LEN=160
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-bench.XXXXXX")
trap 'rm -rf "$tmp"; topo_down' EXIT

now_ns() { date +%s%N; }

# one_run SENDARGS RECVARGS: N packets ns1 -> ns2, unpaced; sets PPS and
# RCVD (packets received per second of sending, and packets received)
one_run() {
	local sargs=$1 rargs=$2 t0 t1 pid ms
	# shellcheck disable=SC2086
	n2 "$RTPTOOL" recv --bind 10.0.0.2:6000 --count 0 --timeout-ms 1500 \
		--rcvbuf 16000000 $rargs >"$tmp/recv" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		grep -q ready "$tmp/recv" && break
		sleep 0.05
	done
	t0=$(now_ns)
	# shellcheck disable=SC2086
	n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to 10.0.0.2:6000 \
		--ssrc 0x1234 --count "$N" --len $LEN $sargs >"$tmp/send" 2>&1
	t1=$(now_ns)
	wait $pid
	RCVD=$(sed -n 's/^rtp \([0-9]*\) .*/\1/p' "$tmp/recv")
	RCVD=${RCVD:-0}
	ms=$(((t1 - t0) / 1000000))
	[ "$ms" -gt 0 ] || ms=1
	PPS=$((RCVD * 1000 / ms))
}

# config NAME: run configuration NAME once (plain, ksrtp-SUITE, libsrtp-SUITE)
config() {
	local suite=${1#*-} key
	key=$(key_for "$suite")
	case $1 in
	plain) one_run "" "" ;;
	ksrtp-*)
		ip netns exec ns1 srtpctl flow add dir tx local 10.0.0.1:5000 \
			remote 10.0.0.2:6000 suite "$suite" key "hex:$key" >/dev/null
		ip netns exec ns2 srtpctl flow add dir rx local 10.0.0.2:6000 \
			suite "$suite" key "hex:$key" ssrc any >/dev/null
		one_run "" ""
		ip netns exec ns1 srtpctl flush
		ip netns exec ns2 srtpctl flush ;;
	libsrtp-*) one_run "--srtp $suite:$key" "--srtp $suite:$key" ;;
	esac
}

throughput() {
	local rounds=${KSRTP_BENCH_ROUNDS:-3} r c v lost
	local configs="plain ksrtp-AES_CM_128_HMAC_SHA1_80 libsrtp-AES_CM_128_HMAC_SHA1_80 ksrtp-AEAD_AES_128_GCM libsrtp-AEAD_AES_128_GCM"
	declare -A runs=() loss=()
	echo "== throughput: $N RTP packets of $LEN bytes payload, ns1 -> ns2, unpaced, $rounds rounds interleaved"
	topo_up
	for ((r = 0; r < rounds; r++)); do
		for c in $configs; do
			config "$c"
			runs[$c]+="$PPS "
			loss[$c]=$((${loss[$c]:-0} + N - RCVD))
		done
	done
	topo_down
	printf '%-34s %9s %9s %9s %7s\n' configuration median min max lost
	for c in $configs; do
		# shellcheck disable=SC2086
		v=$(printf '%s\n' ${runs[$c]} | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)], a[1], a[NR]}')
		lost=${loss[$c]}
		# shellcheck disable=SC2086
		printf '%-34s %9s %9s %9s %7s\n' "$c" $v "$lost"
	done
	echo "(packets received per second of sending; lost: over all rounds)"
}

# kernel memory that flows can use: slab plus the per-CPU allocator, in kB
kmem_kb() {
	awk '/^Slab:|^Percpu:/ {s += $2} END {print s}' /proc/meminfo
}

memory() {
	local n=1000 i before after key
	key=$(key_for AES_CM_128_HMAC_SHA1_80)
	echo "== memory: $n rx flows (AES_CM_128_HMAC_SHA1_80, ssrc any)"
	topo_up
	for ((i = 0; i < n; i++)); do
		echo "flow add dir rx local 10.0.0.2:$((10000 + i)) suite AES_CM_128_HMAC_SHA1_80 key hex:$key ssrc any"
	done >"$tmp/flows"
	sync
	echo 3 >/proc/sys/vm/drop_caches
	before=$(kmem_kb)
	ip netns exec ns2 srtpctl -batch "$tmp/flows" >/dev/null
	after=$(kmem_kb)
	printf '%-44s %d kB for %d flows, %d bytes per flow\n' \
		"slab + percpu growth" $((after - before)) "$n" \
		$(((after - before) * 1024 / n))
	ip netns exec ns2 srtpctl flush
	topo_down
}

rekey() {
	local n=1000 i id t0 t1 ms key
	echo "== rekey: $n immediate key replacements of one flow, one srtpctl -batch"
	topo_up
	key=$(key_for AES_CM_128_HMAC_SHA1_80)
	id=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key "hex:$key" ssrc any)
	for ((i = 0; i < n; i++)); do
		printf 'key replace id %s key hex:%030x%030x\n' "$id" $((i + 1)) $((i + 7))
	done >"$tmp/keys"
	t0=$(now_ns)
	ip netns exec ns2 srtpctl -batch "$tmp/keys" >/dev/null
	t1=$(now_ns)
	ms=$(((t1 - t0) / 1000000))
	[ "$ms" -gt 0 ] || ms=1
	printf '%-44s %d ms, %d rekeys/s\n' "key replace" "$ms" $((n * 1000 / ms))
	topo_down
}

# A booted distro system loads these through udev (CPU modalias); the VM
# has no udev. Without them the kernel falls back to generic C code.
for m in aesni_intel sha1_ssse3 ghash_clmulni_intel; do
	modprobe -q "$m" 2>/dev/null || true
done
echo "kernel $(uname -r), $(nproc) CPUs"
throughput
echo "crypto drivers the kernel chose: $(awk '/^name/ {n = $3} /^driver/ && (n == "ctr(aes)" || n == "hmac(sha1)" || n == "gcm(aes)") {print n "=" $3}' /proc/crypto | sort -u | tr '\n' ' ')"
memory
rekey
