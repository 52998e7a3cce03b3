#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-netns cap on SSRC streams and the memory cgroup charge of the
# streams the datapath creates (issue 10). Runs inside the test VM
# (tests/e2e/run.sh t_streamcap, or t_streamcap_stock):
#
#   cap    with the module parameter max_streams at 10, two rx flows in one
#          netns get 10 streams between them (8 + 2), and the packets of
#          every further SSRC are dropped and counted as ssrc-limit, with
#          no new-ssrc event; a tx flow in the other netns still gets its
#          own 10 (and no more); streams freed with their flow, or as idle,
#          make room again, and so does raising the parameter
#   memcg  (needs cgroup v2 with the memory controller: the stock kernel)
#          the streams of 1,000 SSRCs on a flow added from inside a
#          cgroup are charged to that cgroup although the datapath creates
#          them in softirq; SKIP elsewhere
#
#   tests/e2e/streamcap.sh [cap] [memcg]
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AES_CM_128_HMAC_SHA1_80
KH=$(key_for $S)
param=/sys/module/ksrtp/parameters/max_streams
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-streamcap.XXXXXX")
old_max=
cg=
cleanup() {
	[ -n "$old_max" ] && echo "$old_max" >"$param"
	[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# count NS FLOW_ID: the flow's stream-count
count() {
	ip netns exec "$1" srtpctl -j flow show id "$2" |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stream_count'])"
}

# nsum NS: the stream-counts of every flow of NS, added up
nsum() {
	ip netns exec "$1" srtpctl -j flow show |
		/usr/bin/python3 -c "import json,sys; print(sum(f['stream_count'] for f in json.load(sys.stdin)))"
}

# send_srtp PORT FIRST_SSRC N_SSRCS PACKETS: libsrtp in ns1 to ns2:PORT
send_srtp() {
	n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to "10.0.0.2:$1" \
		--count "$4" --ssrcs "$3" --ssrc "$2" --interval-us 200 \
		--srtp "$S:$KH"
}

c_cap() {
	local a b c t n ev
	if [ ! -w "$param" ]; then
		fail streamcap/param "no module parameter $param"
	else
		old_max=$(cat "$param")
		echo "info e2e/streamcap: max_streams $old_max"
		echo 10 >"$param" || fail streamcap/param "cannot set $param"
	fi
	topo_up
	a=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "hex:$KH" \
		max-ssrcs 64 ssrc-idle-ms 0)
	b=$(flow_add ns2 dir rx local 10.0.0.2:6002 suite $S key "hex:$KH" \
		max-ssrcs 64 ssrc-idle-ms 0)
	monitor ns2 "$tmp/mon"
	# flow a: 8 SSRCs, two packets each, all of them delivered
	expect streamcap/a-8-ssrcs-16-packets recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count 16" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 16 --ssrcs 8 --ssrc 0x100 --interval-us 200 --srtp $S:$KH"
	# flow b: 8 SSRCs, but room for 2 in the netns (the packets counter
	# below says that no more than 4 got through)
	expect streamcap/b-2-of-8-ssrcs-4-packets recv_then_send \
		ns2 "--bind 10.0.0.2:6002 --count 4" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6002 --count 16 --ssrcs 8 --ssrc 0x200 --interval-us 200 --srtp $S:$KH"
	sleep 0.5
	n=$(stat ns2 "$a" packets)/$(stat ns2 "$b" packets)
	expect "streamcap/packets-16-and-4-$n" test "$n" = 16/4
	stop_monitor
	n=$(count ns2 "$a")/$(count ns2 "$b")
	echo "info e2e/streamcap: streams a/b $n"
	expect "streamcap/streams-8-and-2-$n" test "$n" = 8/2
	n=$(stat ns2 "$b" ssrc_limit)
	expect "streamcap/b-ssrc-limit-12-$n" test "$n" = 12
	expect streamcap/a-no-ssrc-limit test "$(stat ns2 "$a" ssrc_limit)" = 0
	expect streamcap/b-stream-show-2 py ns2 \
		"s = sorted(x['ssrc'] for x in d); assert s == [0x200, 0x201], s" \
		stream show id "$b"
	ev=$(events "$tmp/mon" new-ssrc)
	expect "streamcap/new-ssrc-events-10-$ev" test "$ev" = 10

	# the other netns: a tx flow gets its own 10, and not one more
	t=$(flow_add ns1 dir tx local 10.0.0.1:5004 remote 10.0.0.2:6004 \
		suite $S key "hex:$KH" max-ssrcs 64 ssrc-idle-ms 0)
	n1 "$RTPTOOL" send --from 10.0.0.1:5004 --to 10.0.0.2:6004 --count 24 \
		--ssrcs 12 --ssrc 0x300 --keep-going >/dev/null 2>&1
	n=$(count ns1 "$t")
	expect "streamcap/other-netns-tx-10-streams-$n" test "$n" = 10
	n=$(stat ns1 "$t" ssrc_limit)
	expect "streamcap/other-netns-tx-ssrc-limit-4-$n" test "$n" = 4
	n=$(nsum ns2)
	expect "streamcap/netns-still-10-$n" test "$n" = 10

	# a deleted flow's streams make room: 2 of 4 new SSRCs on flow c
	ip netns exec ns2 srtpctl flow del id "$b"
	c=$(flow_add ns2 dir rx local 10.0.0.2:6002 suite $S key "hex:$KH" \
		max-ssrcs 64 ssrc-idle-ms 4000)
	send_srtp 6002 0x400 4 4 >/dev/null
	sleep 0.5
	n=$(count ns2 "$c")/$(stat ns2 "$c" ssrc_limit)
	expect "streamcap/c-2-streams-2-refused-after-delete-$n" test "$n" = 2/2
	# and idle ones (flow c, 4 s): flow a gets 2 of 8 more
	sleep 6
	n=$(count ns2 "$c")
	expect "streamcap/c-idle-freed-$n" test "$n" = 0
	send_srtp 6000 0x500 8 8 >/dev/null
	sleep 0.5
	n=$(count ns2 "$a")/$(stat ns2 "$a" ssrc_limit)
	expect "streamcap/a-10-streams-6-refused-after-expiry-$n" test "$n" = 10/6

	# raised: the same flow learns more at once
	if [ -n "$old_max" ]; then
		echo 12 >"$param"
		send_srtp 6000 0x600 2 2 >/dev/null
		sleep 0.5
		n=$(count ns2 "$a")
		expect "streamcap/a-12-after-raise-$n" test "$n" = 12
		echo "$old_max" >"$param"
		expect streamcap/param-restored test "$(cat "$param")" = "$old_max"
	fi
	# the netns go with streams in place (a count left behind warns)
	topo_down
}

# memory.stat FIELD of cgroup directory CG, in bytes
cg_stat() {
	awk -v f="$2" '$1 == f {print $2}' "$1/memory.stat"
}

c_memcg() {
	local root=/sys/fs/cgroup out id before after n grew want
	if ! grep -qw cgroup2 /proc/filesystems; then
		echo "SKIP e2e/streamcap/memcg: no cgroup v2 in this kernel"
		return 0
	fi
	if [ ! -e "$root/cgroup.controllers" ]; then
		mount -t cgroup2 none "$root" 2>/dev/null || {
			echo "SKIP e2e/streamcap/memcg: cannot mount cgroup2 on $root"
			return 0
		}
	fi
	if ! grep -qw memory "$root/cgroup.controllers"; then
		echo "SKIP e2e/streamcap/memcg: no memory controller (CONFIG_MEMCG)"
		return 0
	fi
	grep -qw memory "$root/cgroup.subtree_control" ||
		echo +memory >"$root/cgroup.subtree_control"
	cg=$root/ksrtp-streamcap-$$
	mkdir "$cg" || { fail streamcap/memcg-setup "mkdir $cg"; return; }

	topo_up
	# srtpctl runs inside the cgroup: the flow (and its streams) are its
	out=$(sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
		ip netns exec ns2 srtpctl flow add dir rx local 10.0.0.2:6000 \
		suite $S key "hex:$KH" max-ssrcs 1024 ssrc-idle-ms 0 2>&1)
	id=$(echo "$out" | awk '/^flow/ {print $2}')
	[ -n "$id" ] || { fail streamcap/memcg-flow-add "$out"; return; }
	sleep 3	# the memcg statistics are flushed every 2 s
	before=$(cg_stat "$cg" slab)
	n=1000
	expect streamcap/memcg-1000-ssrcs-delivered recv_then_send \
		ns2 "--bind 10.0.0.2:6000 --count $n --rcvbuf 4194304" \
		ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count $n --ssrcs $n --ssrc 0x10000 --interval-us 300 --srtp $S:$KH"
	expect streamcap/memcg-1000-streams test "$(count ns2 "$id")" = $n
	sleep 3
	after=$(cg_stat "$cg" slab)
	grew=$((after - before))
	# a stream and its two replay windows: well above 200 bytes
	want=$((n * 200))
	echo "info e2e/streamcap: memcg slab $before -> $after bytes (+$grew for $n streams, want >= $want)"
	expect "streamcap/memcg-slab-grew-$grew" test "$grew" -ge "$want"
	topo_down
	rmdir "$cg" 2>/dev/null
	cg=
}

[ $# -gt 0 ] || set -- cap memcg
for c in "$@"; do
	"c_$c"
done
echo "streamcap: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
