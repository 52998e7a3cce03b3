#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# libksrtp against the module (issue 11): every request of the library in
# a netns (libksrtp-e2e basic), events read through poll(2), and the
# example program's call: four flows, rekeyed, then deleted. Runs inside
# the test VM.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
RTPTOOL=${RTPTOOL:-$here/../../build/e2e/rtptool}
T=${LIBKSRTP_E2E:-$here/../../build/e2e/libksrtp-e2e}
CALL=${LIBKSRTP_CALL:-$here/../../userspace/lib/examples/call}
S=AES_CM_128_HMAC_SHA1_80
K=$(key_for $S)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-lib.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for b in "$T" "$CALL"; do
	[ -x "$b" ] || { fail libksrtp/setup "no $b"; exit 1; }
done
topo_up

# every request, its replies and its errors
n1 "$T" basic >"$tmp/basic" 2>&1
rc=$?
cat "$tmp/basic"
grep -q '^FAIL' "$tmp/basic" && E2E_FAILS=$((E2E_FAILS + $(grep -c '^FAIL' "$tmp/basic")))
[ $rc -eq 0 ] || grep -q '^FAIL' "$tmp/basic" || fail libksrtp/basic "exit $rc"

# events through poll: new-ssrc on an any-SSRC rx flow
rx=$(flow_add ns2 dir rx local 10.0.0.2:6000 suite $S key "hex:$K")
n2 "$T" events 1 15000 >"$tmp/ev" 2>&1 &
ev=$!
for _ in $(seq 100); do grep -q ready "$tmp/ev" && break; sleep 0.1; done
expect libksrtp/events-traffic recv_then_send \
	ns2 "--bind 10.0.0.2:6000 --count 3" \
	ns1 "--from 10.0.0.1:5000 --to 10.0.0.2:6000 --count 3 --ssrc 0x777 --srtp $S:$K"
wait $ev
evrc=$?
if [ $evrc -eq 0 ] && grep -q "^event new-ssrc flow $rx ssrc 0x777\$" "$tmp/ev"; then
	pass libksrtp/events-poll-new-ssrc
else
	fail libksrtp/events-poll-new-ssrc "exit $evrc: $(tr '\n' ' ' <"$tmp/ev")"
fi

# the example: a call's four flows, rekeyed; kept, then deleted
n1 srtpctl flush
if n1 "$CALL" 10.0.0.1 7000 10.0.0.2 8000 keep >"$tmp/call" 2>&1; then
	pass libksrtp/example-call
else
	fail libksrtp/example-call "$(tr '\n' ' ' <"$tmp/call")"
fi
cat "$tmp/call"
expect libksrtp/example-four-flows test "$(grep -c '^flow .* keys 2$' "$tmp/call")" = 4
expect libksrtp/example-flows-in-kernel test \
	"$(n1 srtpctl -j flow show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 4
# the tx flows switched at once: current and previous; rx: current and next
expect libksrtp/example-rx-next test \
	"$(n1 srtpctl -j flow show | /usr/bin/python3 -c '
import json, sys
print(sum(1 for f in json.load(sys.stdin) if f["dir"] == "rx"
          and any(k["slot"] == "next" for k in f["keys"])))')" = 2
n1 srtpctl flush
expect libksrtp/example-call-deletes n1 "$CALL" 10.0.0.1 7000 10.0.0.2 8000
expect libksrtp/example-no-flows-left test \
	"$(n1 srtpctl -j flow show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0
topo_down
[ "$E2E_FAILS" -eq 0 ]
