#!/usr/bin/env bash
# Run every ksrtp test and print one summary line: "N passed, M failed".
#
# Each step prints "PASS name" / "FAIL name" lines; they are counted. A step
# that exits non-zero without printing a FAIL line counts as one failure, and
# a step that prints nothing and exits 0 counts as one pass.
#
#   tests/run-checks.sh [--only STEP]...
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/logs
mkdir -p "$logs"
results=$logs/results.txt
: >"$results"

only=()
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only+=("$2"); shift 2 ;;
	*) echo "usage: $0 [--only STEP]..." >&2; exit 2 ;;
	esac
done

want() {
	[ ${#only[@]} -eq 0 ] && return 0
	local s
	for s in "${only[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}

step() {
	local name=$1
	shift
	want "$name" || return 0
	echo "=== $name: $*"
	local log=$logs/step-$name.log start=$SECONDS rc
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	local lines
	# "    | " lines after a FAIL line say why (tests/vm/ktap.py)
	lines=$(grep -E '^(PASS|FAIL) |^    \| ' "$log" || true)
	if [ -n "$lines" ]; then
		echo "$lines" >>"$results"
	fi
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' <<<"$lines"; then
		echo "FAIL step/$name (exit $rc)" | tee -a "$results"
	elif [ "$rc" -eq 0 ] && ! grep -qE '^(PASS|FAIL) ' <<<"$lines"; then
		echo "PASS step/$name" >>"$results"
	fi
	echo "=== $name: exit $rc after $((SECONDS - start)) s"
}

step userspace make -C "$top/userspace" test
step e2e-tools make -C "$top/tests/e2e"
step vectors "$top/tests/check-vectors.sh"
step netlink "$top/netlink/check.sh"
step lint "$top/tests/lint.sh"
# Documentation/ with Sphinx, warnings as errors (a few seconds)
step docs sphinx-build -W --keep-going -q -b html "$top/Documentation" "$top/build/docs"
# make install/uninstall and DKMS against the stock headers, on the host
step install "$top/tests/install-test.sh"
# the Debian packages: build, lintian, contents, DKMS from the package;
# keeps the packages and DKMS's modules in build/deb for pkg-vm
step deb "$top/tests/deb-test.sh" "$top/build/deb"
step kunit "$top/tests/vm/kunit.sh"
step kunit-can-fail "$top/tests/kunit-can-fail.sh"
# One VM for all end-to-end tests (each boot costs ~30 s under TCG).
export KSRTP_VM_TIMEOUT=3600
# The netlink fuzzer sends 100,000 requests on the stock kernel below
# (about a minute there) and 8,000 here under KASAN and kmemleak, where
# one costs about 8 ms; KSRTP_SOAK=1 makes both ten times as many.
# flowscale creates 100,000 flows on the stock kernel below and 5,000
# here, where a flow-new costs about 6 ms (30,000 took 4 minutes in all;
# about 6 KB of slab each, well within the VM's 2 GB).
# t_dtls makes one DTLS-SRTP call here (KSRTP_DTLS_CALLS: GCM over IPv6;
# a call costs ~38 s under KASAN plus ~24 s for the rest: two took 101 s)
# and all six on the stock kernel below (dtls.sh's default: every
# profile over IPv4, an AES-CM and a GCM one over IPv6; 54 s). The independent
# peer checks (openssl s_server/s_client, the same keys) run on the host
# in the userspace step.
# To keep a fresh machine's make check near its time limit, four long
# tests run scaled down here, under KASAN, and in full where noted: the
# netlink fuzzer 8,000 requests (100,000 on stock), flowscale 5,000 flows
# (100,000 on stock), rekey 40 switches per direction and mode plus 15
# immediate replaces (the script's defaults are 175 and 50; 25 and 10 on
# stock) and unload-loop 5 rounds (the default is 25). The _DEBUG knobs
# restore them: KSRTP_NLFUZZ_COUNT_DEBUG=20000 KSRTP_FLOWSCALE_N_DEBUG=20000
# KSRTP_REKEYS_DEBUG=175 KSRTP_REKEYS_IMMEDIATE_DEBUG=50
# KSRTP_UNLOAD_ROUNDS_DEBUG=25.
# The interop tests (tx-to-libsrtp, libsrtp-to-rx, ksrtp-both and the
# crypto driver check) run three of the seven suites here (128- and 256-bit
# AES-CM, 80- and 32-bit tags, AES-GCM): KUnit has every suite's vectors
# under KASAN, and pkg-vm runs all seven on both stock kernels.
# KSRTP_E2E_SUITES_DEBUG="" runs all seven here too (about 350 s more).
step e2e env KSRTP_NLFUZZ_COUNT="${KSRTP_NLFUZZ_COUNT_DEBUG:-8000}" \
	KSRTP_E2E_SUITES="${KSRTP_E2E_SUITES_DEBUG-AES_CM_128_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 AEAD_AES_128_GCM}" \
	KSRTP_FLOWSCALE_N="${KSRTP_FLOWSCALE_N_DEBUG:-5000}" \
	KSRTP_REKEYS="${KSRTP_REKEYS_DEBUG:-40}" \
	KSRTP_REKEYS_IMMEDIATE="${KSRTP_REKEYS_IMMEDIATE_DEBUG:-15}" \
	KSRTP_UNLOAD_ROUNDS="${KSRTP_UNLOAD_ROUNDS_DEBUG:-5}" \
	KSRTP_DTLS_CALLS="${KSRTP_DTLS_CALLS_DEBUG:-6:SRTP_AEAD_AES_256_GCM}" \
	"$top/tests/e2e/vm-e2e.sh"
step stock "$top/tests/vm/stock-load.sh"
# The stock e2e list, on each of Debian's stock kernels, 6.1 and 6.12, from
# the packages: the module DKMS built from ksrtp-dkms, loaded on demand by
# the packaged srtpctl's first request, the packaged srtpctl and
# ksrtp-dtls, libksrtp's tools built against libksrtp-dev. Interop with
# libsrtp in every suite (also with libre's 32-bit SRTCP tag, which runs
# here only: KUnit covers it in the debug VM), ksrtp to ksrtp, the key
# commands, libksrtp and events, the flow lifecycle (owned flows, cookies,
# flow change), DTLS-SRTP keying by ksrtp-dtls (every call of dtls.sh),
# the tracepoints and netns totals, the security checks (with conntrack on
# too), the netlink edges and fuzzer, the stream cap and memory cgroup
# charges (streamcap), 100,000 flows (flowscale), a shorter rekey run (25
# switches per direction and mode) and unload under traffic.
# KSRTP_PKG_KERNELS="stock" runs 6.1 only (about 11 minutes each).
step pkg-vm env KSRTP_REKEYS=25 KSRTP_REKEYS_IMMEDIATE=10 \
	KSRTP_PKG_TESTS="${KSRTP_PKG_TESTS:-t_tx_to_libsrtp t_libsrtp_to_rx \
t_srtcp_tag32 t_ksrtp_both t_srtpctl_key t_libksrtp t_events t_lifecycle \
t_dtls t_trace t_security_stock t_nledges t_nlfuzz t_flowscale t_streamcap \
t_rekey t_unload}" \
	"$top/tests/pkg-vm-test.sh" "$top/build/deb"
step demo "$top/scripts/demo.sh"

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "--- failures:"
	# each with up to 16 lines of why
	awk 'BEGIN {n = -1}
	     /^FAIL /{n = 0; print; next}
	     /^    \| / && n >= 0 && n < 16 {n++; print; next}
	     {n = -1}' "$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
