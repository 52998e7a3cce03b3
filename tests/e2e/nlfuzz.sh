#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink fuzzer (nlfuzz.c, built into build/e2e/nlfuzz by
# tests/e2e/Makefile) against the loaded ksrtp.ko, in a netns of its own
# with no traffic. Runs inside the test VM:
#
#   tests/vm/run -- sh -c 'make -C tests/e2e >/dev/null && tests/e2e/nlfuzz.sh'
#
# KSRTP_NLFUZZ_COUNT requests (default 100000; times 10 with KSRTP_SOAK=1),
# KSRTP_NLFUZZ_SEED the seed (default: nlfuzz's fixed one). Every failed
# request must leave the flow dump, the guard dump and stats-get exactly as
# they were, and carry an extack message. The VM harness fails the run on
# any kernel report (KASAN, lockdep, kmemleak...).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
NLFUZZ=${NLFUZZ:-$here/../../build/e2e/nlfuzz}
count=${KSRTP_NLFUZZ_COUNT:-100000}
seed=${KSRTP_NLFUZZ_SEED:-}
ns=ksrtp-nlfuzz-$$

case "$count" in
''|*[!0-9]*)
	fail nlfuzz/setup "KSRTP_NLFUZZ_COUNT is not a number: '$count'"
	exit 1
	;;
esac
[ "${KSRTP_SOAK:-0}" = 1 ] && count=$((count * 10))
if [ ! -x "$NLFUZZ" ]; then
	fail nlfuzz/setup "no $NLFUZZ (make -C tests/e2e)"
	exit 1
fi
log=$(mktemp "${TMPDIR:-/tmp}/ksrtp-nlfuzz.XXXXXX")
trap 'rm -f "$log"; ip netns del "$ns" 2>/dev/null' EXIT
if ! ip netns add "$ns"; then
	fail nlfuzz/setup "ip netns add $ns failed"
	exit 1
fi

# The fuzzer's own lines (seed, findings, summary) go to the console as
# they come; progress every 10000 requests.
ip netns exec "$ns" "$NLFUZZ" --count "$count" ${seed:+--seed "$seed"} \
	--progress 10000 -v 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

summary=$(grep -E '^nlfuzz: [0-9]+ requests \(' "$log" | tail -1)
if [ -z "$summary" ]; then
	fail "nlfuzz/$count-requests" "no summary line (exit $rc): $(tail -3 "$log" | tr '\n' ' ')"
else
	n=$(sed -E 's/^nlfuzz: ([0-9]+) requests.*/\1/' <<<"$summary")
	m=$(sed -E 's/.* ([0-9]+) state mismatches.*/\1/' <<<"$summary")
	x=$(sed -E 's/.* ([0-9]+) without extack.*/\1/' <<<"$summary")
	other=$(grep -E '^nlfuzz: seed .* other findings' "$log" | tail -1 |
		sed -E 's/.* ([0-9]+) other findings.*/\1/')
	if [ "$m" = 0 ]; then
		pass nlfuzz/state-unchanged-by-failed-requests
	else
		fail nlfuzz/state-unchanged-by-failed-requests "$m state mismatches"
	fi
	if [ "$x" = 0 ]; then
		pass nlfuzz/extack-message-on-every-failure
	else
		fail nlfuzz/extack-message-on-every-failure "$x failed requests without an extack message"
	fi
	if [ "$rc" -eq 0 ] && [ "$n" -ge "$count" ]; then
		pass "nlfuzz/$count-requests"
	else
		fail "nlfuzz/$count-requests" "exit $rc: $n of $count requests, $m state mismatches, $x without extack, ${other:-?} other findings"
	fi
fi

# The netns still holds what the fuzz left (flows, keys, guards).
if ip netns del "$ns" && ! ip netns list | grep -qw "$ns"; then
	pass nlfuzz/netns-deleted
else
	fail nlfuzz/netns-deleted "ip netns del $ns failed"
fi
[ "$E2E_FAILS" -eq 0 ]
