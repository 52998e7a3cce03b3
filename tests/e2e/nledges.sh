#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Edge cases of the ksrtp netlink family (nledges.py: raw AF_NETLINK, no
# client library), in a netns of its own. Runs inside the test VM:
#
#   tests/vm/run -- tests/e2e/nledges.sh
#
#   - an MKI of 260, 5 or 0 bytes and master key, salt and local address of
#     a wrong length are refused with an extack message and change nothing
#   - the events group needs CAP_NET_ADMIN (nobody gets EPERM)
#   - key-promoted events carry the from-index as a u64
#   - a flow-new whose reply cannot be queued leaves no flow behind
#
# nledges.py prints the PASS/FAIL lines; this adds the netns's own.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
ns=nle

ip netns del "$ns" 2>/dev/null
trap 'ip netns del "$ns" 2>/dev/null' EXIT
if ! ip netns add "$ns" || ! ip -n "$ns" link set lo up; then
	fail nledges/setup "cannot create netns $ns with lo up"
	exit 1
fi

ip netns exec "$ns" /usr/bin/python3 "$here/nledges.py" ||
	E2E_FAILS=$((E2E_FAILS + 1))

if ip netns del "$ns" && ! ip netns list | grep -qw "$ns"; then
	pass nledges/netns-deleted
else
	fail nledges/netns-deleted "ip netns del $ns failed"
fi
trap - EXIT
[ "$E2E_FAILS" -eq 0 ]
