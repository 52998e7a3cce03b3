#!/usr/bin/env bash
# Show that the KUnit cases can fail, with one VM run of a deliberately
# broken build:
#
# - one expected value corrupted (gen-vectors.py, KSRTP_CORRUPT_VECTOR):
#   exactly that known-answer case must fail, in ksrtp_vectors and in
#   ksrtp_crypto's no-SIMD run of the vectors;
# - a receiver that never tries the next key (KSRTP_FAULT=RX_SKIP_NEXT,
#   kmod/xform.c): every prepared-switch case of the rekey suite must fail,
#   and the rekey cases that use no next key must still pass; of the
#   security suite, exactly the two cases that authenticate under a
#   prepared next key fail.
#
# Any other failure, or a missing one, fails this check.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
victim=${1:-libsrtp-AEAD_AES_128_GCM-rtcp-ssrc12345678-roc0-seq100-len48}
log=$top/build/logs/kunit-can-fail.txt

# The slow (rekey storm) cases are left out: the fast rekey cases cover
# every way of switching keys.
KSRTP_KUNIT_FILTER="speed>slow" KSRTP_CORRUPT_VECTOR=$victim \
	KSRTP_FAULT=RX_SKIP_NEXT "$top"/tests/vm/kunit.sh >"$log" 2>&1
rc=$?
# (tests/vm/lib.sh keys its build cache on both variables, so the next
# normal run rebuilds the honest module.)

fails=$(grep "^FAIL " "$log" | grep -v "^FAIL kunit/guest" || true)
npass=$(grep -c '^PASS kunit/' "$log")
status=0

vec_fails=$(grep "^FAIL kunit/ksrtp_vectors/" <<<"$fails" || true)
want="FAIL kunit/ksrtp_vectors/ksrtp_vector_test/$victim"
if [ "$rc" -ne 0 ] && [ "$vec_fails" = "$want" ] && [ "$npass" -gt 0 ]; then
	echo "PASS meta/corrupted-vector-fails-its-case ($victim)"
else
	echo "FAIL meta/corrupted-vector-fails-its-case: exit $rc, vector failures: ${vec_fails:-<none>}"
	status=1
fi

# The rekey cases that switch through a next key, and only they, fail.
wrap=kunit/ksrtp_rekey/ksrtp_rekey_at_wrap_test
want=$(printf 'FAIL %s\n' "$wrap/prepared-from-seq-2" "$wrap/prepared-from-seq-1" \
	"$wrap/prepared-from-seq+0" "$wrap/prepared-from-seq+1" \
	kunit/ksrtp_rekey/ksrtp_reset_roc_test)
key_fails=$(grep "^FAIL kunit/ksrtp_rekey/" <<<"$fails" || true)
others=$(grep -c "^PASS $wrap/" "$log")
if [ "$key_fails" = "$want" ] && [ "$others" -eq 12 ]; then
	echo "PASS meta/receiver-without-next-key-fails-rekey-cases (5 fail as they must; $others other switch cases pass)"
else
	echo "FAIL meta/receiver-without-next-key-fails-rekey-cases: rekey failures:"
	echo "${key_fails:-<none>}"
	echo "(wanted exactly:)"
	echo "$want"
	echo "(and 12 passing $wrap cases, got $others)"
	status=1
fi

# The security cases that need the next key: bounded tries counts a packet
# under it, and reset-roc replay switches to it first.
want=$(printf 'FAIL kunit/ksrtp_security/%s\n' ksrtp_bounded_tries_test \
	ksrtp_reset_roc_replay_test)
sec_fails=$(grep "^FAIL kunit/ksrtp_security/" <<<"$fails" || true)
if [ "$sec_fails" = "$want" ]; then
	echo "PASS meta/receiver-without-next-key-fails-security-cases (2 fail as they must)"
else
	echo "FAIL meta/receiver-without-next-key-fails-security-cases: security failures:"
	echo "${sec_fails:-<none>}"
	echo "(wanted exactly:)"
	echo "$want"
	status=1
fi

# The fallback run of the packet vectors (ksrtp_crypto) uses the same
# corrupted vector: exactly its case fails there too.
fb_fails=$(grep "^FAIL kunit/ksrtp_crypto/" <<<"$fails" || true)
want="FAIL kunit/ksrtp_crypto/ksrtp_fallback_vector_test/$victim"
if [ "$fb_fails" = "$want" ]; then
	echo "PASS meta/corrupted-vector-fails-its-fallback-case ($victim)"
else
	echo "FAIL meta/corrupted-vector-fails-its-fallback-case: crypto failures: ${fb_fails:-<none>}"
	status=1
fi

rest=$(grep -v "^FAIL kunit/ksrtp_vectors/\|^FAIL kunit/ksrtp_rekey/\|^FAIL kunit/ksrtp_security/\|^FAIL kunit/ksrtp_crypto/" <<<"$fails" || true)
if [ -n "$rest" ]; then
	echo "FAIL meta/no-other-case-fails: $rest"
	status=1
fi
[ $status = 0 ] || echo "(full output: $log)"
exit $status
