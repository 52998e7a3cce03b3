#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the VM of tests/pkg-vm-test.sh: a stock kernel booted without
# ksrtp loaded (tests/vm/run --no-load), the module that DKMS built from
# ksrtp-dkms in /lib/modules/KVER/updates/dkms (KSRTP_VM_MODULE), the
# packages unpacked in $KSRTP_PKG_ROOT and their usr/sbin first on PATH.
#
# Checks that srtpctl is the packaged one, that its first request loads
# ksrtp on demand (MODULE_ALIAS_GENL_FAMILY: the kernel runs modprobe for
# the family's alias), then runs the given e2e tests, libksrtp's built
# against libksrtp-dev and linked to libksrtp0 ($KSRTP_PKG_BIN).
#
#   tests/e2e/pkg-guest.sh TEST...
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$here/lib.sh"
root=${KSRTP_PKG_ROOT:?}
bin=${KSRTP_PKG_BIN:?}
ko=/lib/modules/$(uname -r)/updates/dkms/ksrtp.ko
multi=$(dpkg-architecture -q DEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

# links_packaged BIN: BIN loads libksrtp.so.0 from the package
links_packaged() {
	ldd "$1" | grep -q "libksrtp.so.0 => $root/usr/lib/$multi/libksrtp.so.0 "
}

expect pkg/srtpctl-is-packaged test "$(command -v srtpctl)" = "$root/usr/sbin/srtpctl"
expect pkg/libksrtp-e2e-links-packaged links_packaged "$bin/libksrtp-e2e"
expect pkg/call-links-packaged links_packaged "$bin/call"
expect pkg/modprobe-finds-dkms-module test "$(modinfo -n ksrtp)" = "$ko"
expect pkg/not-loaded-at-boot test ! -d /sys/module/ksrtp
# the first request of the packaged srtpctl loads the module
expect pkg/autoload/first-request srtpctl flow show
expect pkg/autoload/loaded test -d /sys/module/ksrtp
expect pkg/autoload/is-dkms-module test \
	"$(cat /sys/module/ksrtp/srcversion 2>&1)" = "$(modinfo -F srcversion "$ko")"

export LIBKSRTP_E2E=$bin/libksrtp-e2e LIBKSRTP_CALL=$bin/call
export KSRTP_DTLS=$root/usr/sbin/ksrtp-dtls
rc=0
[ $# -eq 0 ] || "$here/run.sh" "$@" || rc=$?
echo "pkg-guest: $E2E_FAILS failed"
[ "$E2E_FAILS" -eq 0 ] && [ $rc -eq 0 ]
