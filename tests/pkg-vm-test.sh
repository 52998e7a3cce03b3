#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages in the VM (issue 12). Unpacks srtpctl, libksrtp0 and
# libksrtp-dev, builds libksrtp's e2e tools against them (pkg-config with
# the package's libksrtp.pc), and for each of Debian's stock 6.1 and 6.12
# kernels boots it with the ksrtp.ko that DKMS built from ksrtp-dkms, not
# loaded: tests/e2e/pkg-guest.sh checks that the packaged srtpctl's first
# request loads it on demand, then runs a small stock e2e subset with the
# packaged srtpctl first on PATH.
#
#   tests/pkg-vm-test.sh [DEBDIR]
#
# DEBDIR: what tests/deb-test.sh DEBDIR kept (the .deb files, and
# KVER/ksrtp.ko* per kernel); without it, deb-test.sh runs first, into a
# scratch directory. KSRTP_PKG_KERNELS: the kernels (default "stock
# stock-6.12"); KSRTP_PKG_TESTS: the e2e tests (default below: a short
# subset, about 70 s per kernel; make check passes the whole stock list,
# tests/run-checks.sh) and KSRTP_E2E_SUITES their suites (default: all
# seven). Prints PASS/FAIL lines; exit status 1 if one failed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
fails=0
pass() { echo "PASS pkg-vm/$1"; }
fail() {
	echo "FAIL pkg-vm/$1${2:+: $2}"
	fails=$((fails + 1))
}

debs=${1:-}
if [ -z "$debs" ]; then
	debs=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-pkgvm.XXXXXX")
	trap 'rm -rf "$debs"' EXIT
	"$top/tests/deb-test.sh" "$debs" >"$debs/deb-test.log" 2>&1 ||
		{ fail deb-test "$(grep '^FAIL' "$debs/deb-test.log" | head -n 3 | tr '\n' ' ')"; exit 1; }
fi
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
multi=$(dpkg-architecture -q DEB_HOST_MULTIARCH)

# In build/: the VM sees the repository, but not the host's /tmp.
work=$top/build/pkg-vm
root=$work/root
rm -rf "$work"
mkdir -p "$root"
for p in srtpctl libksrtp0 libksrtp-dev; do
	if ! dpkg-deb -x "$debs/${p}_${version}_$arch.deb" "$root"; then
		fail "unpack/$p" "no $debs/${p}_${version}_$arch.deb (tests/deb-test.sh DEBDIR)"
		exit 1
	fi
done
pcv=(env PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$root/usr/lib/$multi/pkgconfig")
if cflags=$("${pcv[@]}" pkg-config --cflags libksrtp) &&
	libs=$("${pcv[@]}" pkg-config --libs libksrtp) &&
	read -ra cf <<<"$cflags" && read -ra lf <<<"$libs" &&
	gcc -O2 -Wall -Wextra -Werror "${cf[@]}" -o "$work/libksrtp-e2e" \
		"$top/tests/e2e/libksrtp-e2e.c" "${lf[@]}" -pthread \
		-Wl,-rpath,"$root/usr/lib/$multi" >"$work/cc.log" 2>&1 &&
	gcc -O2 -Wall -Wextra -Werror "${cf[@]}" -o "$work/call" \
		"$top/userspace/lib/examples/call.c" "${lf[@]}" \
		-Wl,-rpath,"$root/usr/lib/$multi" >>"$work/cc.log" 2>&1; then
	pass build-against-libksrtp-dev
else
	fail build-against-libksrtp-dev "$(tail -n 3 "$work/cc.log" 2>/dev/null | tr '\n' ' ')"
	exit 1
fi
# rtptool and the other tools of run.sh
make -s -C "$top/tests/e2e" >"$work/make.log" 2>&1 ||
	{ fail e2e-tools "$(tail -n 3 "$work/make.log" | tr '\n' ' ')"; exit 1; }

tests=${KSRTP_PKG_TESTS:-t_tx_to_libsrtp t_libsrtp_to_rx t_libksrtp}
for kern in ${KSRTP_PKG_KERNELS:-stock stock-6.12}; do
	series=()
	[ "$kern" = stock ] || series=(--series "${kern#stock-}")
	if ! k=$("$top/tests/vm/stock-kernel.sh" "${series[@]}" --abi); then
		fail "$kern/kernel" "tests/vm/stock-kernel.sh ${series[*]} failed"
		continue
	fi
	ko=$(find "$debs/$k" -name 'ksrtp.ko*' 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		fail "$k/module" "no $debs/$k/ksrtp.ko* (tests/deb-test.sh DEBDIR)"
		continue
	fi
	t0=$SECONDS
	# shellcheck disable=SC2086 # $tests is a list
	KSRTP_VM_MODULE=$ko KSRTP_VM_PATH_PREPEND=$root/usr/sbin \
		KSRTP_PKG_ROOT=$root KSRTP_PKG_BIN=$work \
		"$top/tests/vm/run" --kernel "$kern" --no-load -- \
		"$top/tests/e2e/pkg-guest.sh" $tests 2>&1 |
		sed -u -E "s#^(PASS|FAIL) e2e/#\\1 pkg-vm/$k/#" | tee "$work/vm-$k.log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 0 ]; then
		pass "$k/vm"
	else
		fail "$k/vm" "tests/vm/run exit $rc"
	fi
	echo "# pkg-vm: $k took $((SECONDS - t0)) s"
done
[ "$fails" -eq 0 ]
