#!/usr/bin/env bash
# Show that the known-answer cases can fail: build the KUnit module with one
# expected value corrupted (gen-vectors.py, KSRTP_CORRUPT_VECTOR) and check
# that exactly that case fails while every other case still passes.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
victim=${1:-libsrtp-AEAD_AES_128_GCM-rtcp-ssrc12345678-roc0-seq100-len48}
log=$top/build/logs/kunit-can-fail.txt

# The slow (rekey storm) cases have nothing to do with the vectors.
KSRTP_KUNIT_FILTER="speed>slow" KSRTP_CORRUPT_VECTOR=$victim "$top"/tests/vm/kunit.sh >"$log" 2>&1
rc=$?
# (tests/vm/lib.sh keys its build cache on KSRTP_CORRUPT_VECTOR too, so the
# next normal run rebuilds the honest module.)

fails=$(grep "^FAIL " "$log" | grep -v "^FAIL kunit/guest" || true)
npass=$(grep -c '^PASS kunit/' "$log")
want="FAIL kunit/ksrtp_vectors/ksrtp_vector_test/$victim"
if [ "$rc" -ne 0 ] && [ "$fails" = "$want" ] && [ "$npass" -gt 0 ]; then
	echo "PASS meta/corrupted-vector-fails-its-case ($victim; $npass other cases pass)"
	exit 0
fi
echo "FAIL meta/corrupted-vector-fails-its-case: exit $rc, failures:"
echo "${fails:-<none>}"
echo "(full output: $log)"
exit 1
