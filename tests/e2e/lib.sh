# SPDX-License-Identifier: GPL-2.0
# Helpers for the end-to-end tests; sourced by tests/e2e/run.sh inside the VM.

E2E_FAILS=0

pass() { echo "PASS e2e/$1"; }
fail() { echo "FAIL e2e/$1${2:+: $2}"; E2E_FAILS=$((E2E_FAILS + 1)); }

# expect NAME CMD...: CMD must succeed
expect() {
	local name=$1
	shift
	local out
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tail -3 | tr '\n' ' ')"
	fi
}

# Two namespaces joined by veth: ns1 10.0.0.1 fd00::1 (v1), ns2 .2 (v2).
topo_up() {
	topo_down
	ip netns add ns1
	ip netns add ns2
	ip link add v1 netns ns1 type veth peer name v2 netns ns2
	ip -n ns1 addr add 10.0.0.1/24 dev v1
	ip -n ns2 addr add 10.0.0.2/24 dev v2
	ip -n ns1 addr add fd00::1/64 dev v1 nodad
	ip -n ns2 addr add fd00::2/64 dev v2 nodad
	for ns in ns1 ns2; do
		ip -n $ns link set lo up
	done
	ip -n ns1 link set v1 up
	ip -n ns2 link set v2 up
	# Resolve neighbours first, so the first datagrams do not wait for ARP.
	ip netns exec ns1 ping -c1 -W2 10.0.0.2 >/dev/null 2>&1 || true
	ip netns exec ns1 ping -c1 -W2 fd00::2 >/dev/null 2>&1 || true
	ip netns exec ns2 ping -c1 -W2 10.0.0.1 >/dev/null 2>&1 || true
	ip netns exec ns2 ping -c1 -W2 fd00::1 >/dev/null 2>&1 || true
}

topo_down() {
	ip netns del ns1 2>/dev/null || true
	ip netns del ns2 2>/dev/null || true
}

n1() { ip netns exec ns1 "$@"; }
n2() { ip netns exec ns2 "$@"; }

# Key material (master key || master salt) per suite, in hex.
key_for() {
	case "$1" in
	AES_CM_128_*|NULL_*) echo 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d ;;
	AES_256_CM_*) echo 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d ;;
	AEAD_AES_128_GCM) echo 000102030405060708090a0b0c0d0e0f101112131415161718191a1b ;;
	AEAD_AES_256_GCM) echo 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b ;;
	esac
}

# Every suite; KSRTP_E2E_SUITES: fewer, for a shorter run (make check's
# debug VM: tests/run-checks.sh).
SUITES=${KSRTP_E2E_SUITES:-"AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80
AES_256_CM_HMAC_SHA1_32 NULL_HMAC_SHA1_80 AEAD_AES_128_GCM AEAD_AES_256_GCM"}

# recv_then_send NS_RECV "recv args" NS_SEND "send args": start a receiver,
# wait until it is bound, send, and return the receiver's status; its
# summary line goes to stdout.
recv_then_send() {
	local rns=$1 rargs=$2 sns=$3 sargs=$4 fifo out rc
	out=$(mktemp)
	# A receiver gives up 10 s after its last packet unless told otherwise.
	case " $rargs " in *" --timeout-ms "*) ;; *) rargs="$rargs --timeout-ms 10000" ;; esac
	# shellcheck disable=SC2086
	ip netns exec "$rns" "$RTPTOOL" recv $rargs >"$out" 2>&1 &
	local pid=$!
	for _ in $(seq 300); do
		grep -q ready "$out" && break
		sleep 0.1
	done
	# shellcheck disable=SC2086
	ip netns exec "$sns" "$RTPTOOL" send $sargs
	wait $pid
	rc=$?
	grep -v '^ready' "$out"
	rm -f "$out"
	return $rc
}

# stat NS FLOW_ID COUNTER: a flow counter, from srtpctl's JSON
stat() {
	ip netns exec "$1" srtpctl -j flow show id "$2" -s |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats']['$3'])"
}

# stream_field NS FLOW_ID FIELD: a field of the flow's first stream
stream_field() {
	ip netns exec "$1" srtpctl -j flow show id "$2" -s |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['streams'][0]['$3'])"
}

flow_add() {
	local ns=$1
	shift
	ip netns exec "$ns" srtpctl flow add "$@" | awk '/^flow/ {print $2}'
}

# py NS CODE SRTPCTL-ARGS...: run srtpctl -j in NS, feed its JSON to the
# Python CODE as d (the srtpctl command must succeed, CODE must not raise)
py() {
	local ns=$1 code=$2 out
	shift 2
	out=$(ip netns exec "$ns" srtpctl -j "$@") || return 1
	echo "$out" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); $code"
}

# events FILE EVENT: how many EVENT lines FILE (srtpctl -j monitor) has
events() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        n += json.loads(line).get("event") == sys.argv[2]
    except ValueError:
        pass
print(n)
EOF
}

monitor() { # NS FILE: sets MON
	ip netns exec "$1" srtpctl -j monitor >"$2" 2>&1 &
	MON=$!
	sleep 1
}

stop_monitor() {
	sleep 0.5
	kill -TERM "$MON" 2>/dev/null
	wait "$MON" 2>/dev/null
}
