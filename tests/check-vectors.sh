#!/usr/bin/env bash
# The vectors the KUnit suites are generated from are a copy of the shared
# ones (so a clone builds on its own); check that the copy is current.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${KSRTP_SHARED:-$top/../shared}/vectors
rc=0
for f in rfc-vectors.txt libsrtp-vectors.txt; do
	if [ ! -f "$shared/$f" ]; then
		echo "PASS vectors/$f (no shared copy beside the repo to compare)"
	elif cmp -s "$shared/$f" "$top/tests/vectors/$f"; then
		echo "PASS vectors/$f matches shared/vectors/$f"
	else
		echo "FAIL vectors/$f differs from shared/vectors/$f"
		rc=1
	fi
done
n=$(grep -c '^vector:' "$top"/tests/vectors/*.txt | awk -F: '{s += $2} END {print s}')
echo "vectors: $n known-answer vectors feed the KUnit suites"
exit $rc
