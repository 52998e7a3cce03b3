#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# srtpctl against the kernel: every command with good and bad arguments. A
# bad one must fail with a message and leave the flows as they were.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
K=hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d
KSRC=$(ls -d /var/cache/ksrtp/src-* 2>/dev/null | head -1)

nflows() { n1 srtpctl -j flow show | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# bad NAME PATTERN ARGS...: srtpctl ARGS fails, says PATTERN, changes nothing
bad() {
	local name=$1 pat=$2 before out rc
	shift 2
	before=$(nflows)
	out=$(n1 srtpctl "$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		fail "srtpctl/bad/$name" "exit 0: $out"
	elif ! grep -qiE -- "$pat" <<<"$out"; then
		fail "srtpctl/bad/$name" "message '$out' lacks /$pat/"
	elif [ "$(nflows)" != "$before" ]; then
		fail "srtpctl/bad/$name" "flow count changed"
	else
		pass "srtpctl/bad/$name"
	fi
}

topo_up
id=$(flow_add ns1 dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key $K rtcp-mux)
expect srtpctl/add-prints-id test -n "$id"
expect srtpctl/show-lists-flow sh -c "ip netns exec ns1 srtpctl flow show | grep -q 'flow $id tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80'"
expect srtpctl/show-json-parses sh -c "ip netns exec ns1 srtpctl -j flow show -s | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0][\"id\"] == $id and \"stats\" in d[0]'"
expect srtpctl/key-never-shown sh -c "! ip netns exec ns1 srtpctl -j flow show -s | grep -qi 000102030405"
id6=$(echo "$K" | n1 srtpctl flow add dir rx local '[fd00::1]:7000' suite AES_CM_128_HMAC_SHA1_80 key - ssrc 1234 replay-window 1024 | awk '{print $2}')
expect srtpctl/add-ipv6-key-from-stdin sh -c "ip netns exec ns1 srtpctl -j flow show id $id6 | /usr/bin/python3 -c 'import json,sys; f=json.load(sys.stdin)[0]; assert f[\"local_addr\"] == \"fd00::1\" and f[\"local_port\"] == 7000 and f[\"ssrc\"] == 1234, f'"
mki=$(n1 srtpctl flow add dir rx local 10.0.0.1:7002 suite AES_CM_128_HMAC_SHA1_80 key 'inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd|2^31|7:2' | awk '{print $2}')
expect srtpctl/add-sdes-with-mki sh -c "ip netns exec ns1 srtpctl -j flow show id $mki | /usr/bin/python3 -c 'import json,sys; f=json.load(sys.stdin)[0]; assert f[\"mki\"] not in (None, \"\"), f'"
expect srtpctl/add-a-crypto-line sh -c "ip netns exec ns1 srtpctl flow add dir rx local 10.0.0.1:7004 key 'a=crypto:1 AEAD_AES_128_GCM inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==' | grep -q '^flow'"

bad duplicate 'exists' flow add dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key $K
bad unknown-suite 'suite' flow add dir tx local 10.0.0.1:5002 remote 10.0.0.2:6000 suite AES_CM_129 key $K
bad short-key 'needs 30' flow add dir tx local 10.0.0.1:5002 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key hex:0102
bad tx-without-remote 'remote' flow add dir tx local 10.0.0.1:5002 suite AES_CM_128_HMAC_SHA1_80 key $K
bad mixed-families 'famil' flow add dir tx local 10.0.0.1:5002 remote '[fd00::2]:6000' suite AES_CM_128_HMAC_SHA1_80 key $K
bad mux-and-rtcp 'rtcp' flow add dir rx local 10.0.0.1:5002 suite AES_CM_128_HMAC_SHA1_80 key $K rtcp-mux rtcp
bad replay-window-range 'replay|range|window' flow add dir rx local 10.0.0.1:5002 suite AES_CM_128_HMAC_SHA1_80 key $K replay-window 10
bad del-missing-id 'no flow with this id' flow del id 999
bad show-missing-id 'no flow with this id' flow show id 999
bad bad-word 'expected tx or rx' flow add dir sideways local 10.0.0.1:5002 suite AES_CM_128_HMAC_SHA1_80 key $K
bad bad-port 'port' flow add dir rx local 10.0.0.1:0 suite AES_CM_128_HMAC_SHA1_80 key $K

# the kernel's own checks, without srtpctl's in front (YNL CLI)
if [ -n "$KSRC" ]; then
	ynl() { n1 /usr/bin/python3 "$KSRC/tools/net/ynl/cli.py" --spec "$here/../../netlink/ksrtp.yaml" \
		--schema "$KSRC/Documentation/netlink/genetlink.yaml" "$@"; }
	nl_bad() {
		local name=$1 pat=$2 out
		out=$(ynl --do flow-new --json "$3" 2>&1)
		if grep -q -- "$pat" <<<"$out"; then pass "netlink/bad/$name"; else fail "netlink/bad/$name" "$out"; fi
	}
	base='"dir": 2, "family": 2, "local-addr": "0a000001", "local-port": 5010, "suite": 1'
	# lengths no suite has: the policy; lengths of another suite: the handler
	nl_bad key-length-policy 'out of range' "{$base, \"master-key\": \"0102\", \"master-salt\": \"0102030405060708090a0b0c0d0e\"}"
	nl_bad key-length 'master key must be 16 bytes' "{$base, \"master-key\": \"000102030405060708090a0b0c0d0e0f10111213\", \"master-salt\": \"0102030405060708090a0b0c0d0e\"}"
	nl_bad salt-length-policy 'out of range' "{$base, \"master-key\": \"000102030405060708090a0b0c0d0e0f\", \"master-salt\": \"01\"}"
	nl_bad salt-length 'master salt must be 14 bytes' "{$base, \"master-key\": \"000102030405060708090a0b0c0d0e0f\", \"master-salt\": \"0102030405060708090a0b0c0d\"}"
	nl_bad missing-key 'master-key' "{$base, \"master-salt\": \"0102030405060708090a0b0c0d0e\"}"
	nl_bad addr-length 'AF_INET address is 4 bytes' '{"dir": 2, "family": 2, "local-addr": "0a00000100", "local-port": 5010, "suite": 1, "master-key": "000102030405060708090a0b0c0d0e0f", "master-salt": "0102030405060708090a0b0c0d0e"}'
	nl_bad suite-range 'suite' '{"dir": 2, "family": 2, "local-addr": "0a000001", "local-port": 5010, "suite": 9, "master-key": "000102030405060708090a0b0c0d0e0f", "master-salt": "0102030405060708090a0b0c0d0e"}'
	expect netlink/dump-via-ynl sh -c "ip netns exec ns1 /usr/bin/python3 $KSRC/tools/net/ynl/cli.py --spec $here/../../netlink/ksrtp.yaml --schema $KSRC/Documentation/netlink/genetlink.yaml --dump flow-get | grep -q \"'id': $id\""
fi

# Issue 11: -n NETNS, prefixes, -p, JSON errors, one MKI shape.
PY=/usr/bin/python3
expect srtpctl/netns-n-finds-flow sh -c "srtpctl -n ns1 -j flow show id $id | $PY -c 'import json,sys; assert json.load(sys.stdin)[0][\"id\"] == $id'"
expect srtpctl/netns-n-other-ns sh -c "test \"\$(srtpctl -n ns2 -j flow show)\" = '[]'"
idn=$(srtpctl -n ns2 flow add dir rx local 10.0.0.2:7100 suite AES_CM_128_HMAC_SHA1_80 key $K | awk '{print $2}')
expect srtpctl/netns-n-add-in-ns2 sh -c "ip netns exec ns2 srtpctl flow show id $idn | grep -q 'local 10.0.0.2:7100'"
expect srtpctl/netns-n-not-in-ns1 sh -c "! ip netns exec ns1 srtpctl flow show | grep -q 'local 10.0.0.2:7100'"
expect srtpctl/netns-n-del srtpctl -netns ns2 flow del id "$idn"
expect srtpctl/netns-n-batch sh -c "printf 'flow show id $id\\nstats\\n' | srtpctl -n ns1 -batch - | grep -q 'flow $id '"
expect srtpctl/netns-n-missing sh -c "out=\$(srtpctl -n nosuchns flow show 2>&1); test \$? = 2 && echo \"\$out\" | grep -q 'network namespace \"nosuchns\"'"
expect srtpctl/prefix-flow-show sh -c "ip netns exec ns1 srtpctl flo sh i $id | grep -q 'flow $id tx'"
expect srtpctl/prefix-ambiguous sh -c "out=\$(ip netns exec ns1 srtpctl fl sh 2>&1); test \$? = 1 && echo \"\$out\" | grep -q \"ambiguous object 'fl': flow, flush\""
expect srtpctl/pretty-parses sh -c "ip netns exec ns1 srtpctl -j -p flow show -s | tee /dev/stderr | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d[0][\"id\"] == $id' && test \$(ip netns exec ns1 srtpctl -j -p flow show | wc -l) -gt 3"
expect srtpctl/pretty-stats-parses sh -c "ip netns exec ns1 srtpctl -j -p stats | $PY -c 'import json,sys; d=json.load(sys.stdin); assert \"flows\" in d'"
expect srtpctl/json-error-extack sh -c "out=\$(ip netns exec ns1 srtpctl -j flow del id 999999 2>&1 >/dev/null); test \$? = 2 && echo \"\$out\" | $PY -c 'import json,sys; e=json.load(sys.stdin); assert e[\"error\"] == \"cannot delete the flow\" and e[\"extack\"] and e[\"errno\"] == 2, e'"
expect srtpctl/batch-command-failed sh -c "printf 'flow show\\nflow del id 999999\\nflow show\\n' >/tmp/srtpctl-batch && out=\$(ip netns exec ns1 srtpctl -batch /tmp/srtpctl-batch 2>&1 >/dev/null); echo \"\$out\" | grep -qx 'Command failed /tmp/srtpctl-batch:2'"
expect srtpctl/mki-json-bare-hex sh -c "ip netns exec ns1 srtpctl -j flow show id $mki | $PY -c 'import json,sys; f=json.load(sys.stdin)[0]; assert f[\"mki\"] == \"0007\", f'"

expect srtpctl/del "n1" srtpctl flow del id "$id"
expect srtpctl/del-removed sh -c "! ip netns exec ns1 srtpctl flow show id $id 2>/dev/null"
expect srtpctl/flush n1 srtpctl flush
expect srtpctl/flush-empties test "$(nflows)" = 0
expect srtpctl/other-netns-untouched test -z "$(n2 srtpctl flow show)"
topo_down
[ "$E2E_FAILS" -eq 0 ]
