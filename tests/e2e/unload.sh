#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Deleting a network namespace, and unloading ksrtp, while traffic flows
# and srtpctl rekeys (issue 4). Runs inside the test VM, last: it unloads
# ksrtp.ko and loads it again from $KSRTP_MODDIR. The VM harness fails the
# run on any KASAN, lockdep or RCU report, WARN or Oops on the console, and
# scans for leaks with kmemleak after the command; this script checks that
# the steps themselves succeed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
S=AEAD_AES_128_GCM
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-unload.XXXXXX")
modprobe_path=$(cat /proc/sys/kernel/modprobe)
trap 'echo "$modprobe_path" >/proc/sys/kernel/modprobe; rm -rf "$tmp"' EXIT

key() { printf '%056x' "$1"; }

# rekey_loop NS ID...: replace the keys of flows in NS until $tmp/stop
rekey_loop() {
	local ns=$1 g=1 id
	shift
	while [ ! -e "$tmp/stop" ]; do
		for id in "$@"; do
			ip netns exec "$ns" srtpctl key replace id "$id" \
				key "hex:$(key $g)" >/dev/null 2>&1
		done
		g=$((g + 1))
	done
	echo "$g" >"$tmp/rekeys-$ns"
}

topo_up
"$RTPTOOL" >/dev/null 2>&1
k0=hex:$(key 0)
# ns1 -> ns2 over veth; ns2 holds only flows, so that deleting it really
# tears it down (a process inside would keep it alive)
tx1=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite $S key "$k0" rtcp-mux)
rx2=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "$k0" rtcp-mux)
# ns1 to itself over loopback, both ways, for the unload
txl=$(flow_add ns1 dir tx local 127.0.0.1:5002 remote 127.0.0.1:6002 suite $S key "$k0" rtcp-mux)
rxl=$(flow_add ns1 dir rx local 127.0.0.1:6002 suite $S key "$k0" rtcp-mux)
expect unload/flows test -n "$tx1" -a -n "$rx2" -a -n "$txl" -a -n "$rxl"

n1 "$RTPTOOL" recv --bind 127.0.0.1:6002 --count 0 --timeout-ms 2000 >/dev/null 2>&1 &
sleep 0.5
n1 "$RTPTOOL" send --from 10.0.0.1:5000 --to 10.0.0.2:6000 --rtcp-every 10 \
	--interval-us 100 --keep-going --until "$tmp/stop" >/dev/null 2>&1 &
n1 "$RTPTOOL" send --from 127.0.0.1:5002 --to 127.0.0.1:6002 --rtcp-every 10 \
	--interval-us 100 --keep-going --until "$tmp/stop" >"$tmp/sent-lo" 2>&1 &
lo_sender=$!
rekey_loop ns1 "$tx1" "$txl" "$rxl" &
rekey_loop ns2 "$rx2" &
sleep 3

# the namespace goes away under its senders, receivers and rekeys
expect unload/netns-del-under-traffic ip netns del ns2
sleep 2
expect unload/ns1-still-rekeys ip netns exec ns1 srtpctl key replace id "$txl" key "hex:$(key 999)"
expect unload/loopback-still-sends kill -0 "$lo_sender"

# and the module, while ns1 still sends and rekeys. Where modprobe finds
# ksrtp.ko (installed from the package), the rekeys' next request would
# load it again on demand: no module loading until the loops stop.
echo /bin/false >/proc/sys/kernel/modprobe
expect unload/rmmod-under-traffic rmmod ksrtp
sleep 1
expect unload/module-gone test ! -d /sys/module/ksrtp
touch "$tmp/stop"
wait
echo "$modprobe_path" >/proc/sys/kernel/modprobe
rekeys=$(cat "$tmp/rekeys-ns1" 2>/dev/null || echo 0)
expect "unload/rekeys-ran-$rekeys" test "$rekeys" -gt 1

# back to normal for the harness, which unloads it and scans for leaks
expect unload/insmod-again insmod "$KSRTP_MODDIR/ksrtp.ko"
topo_down
echo "unload: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ]
