#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make install puts ksrtp-dtls in SBINDIR and ksrtp-dtls(8) in MANDIR/man8
# (with DESTDIR), and the installed tool runs on its own.
#   sh tests/dtls/test_install.sh USERSPACE_DIR
d=${1:-.}
rc=0
pass() { echo "PASS userspace/dtls_install_$1"; }
fail() { echo "FAIL userspace/dtls_install_$1${2:+: $2}"; rc=1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! make -s -C "$d" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/log" 2>&1; then
	fail make "$(tr '\n' ' ' <"$tmp/log")"
	exit 1
fi
tool=$tmp/root/usr/sbin/ksrtp-dtls
man=$tmp/root/usr/share/man/man8/ksrtp-dtls.8
[ -x "$tool" ] && pass tool || fail tool "no executable $tool"
if [ -f "$man" ] && cmp -s "$man" "$d/../Documentation/ksrtp-dtls.8"; then
	pass man_page
else
	fail man_page "no $man, or not Documentation/ksrtp-dtls.8"
fi
# the installed binary needs nothing from the build tree
if [ -x "$tool" ] && "$tool" gencert "$tmp/c.pem" "$tmp/k.pem" &&
	"$tool" fingerprint "$tmp/c.pem" | grep -qE '^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$'; then
	pass tool_runs
else
	fail tool_runs "gencert or fingerprint failed"
fi
# SBINDIR and MANDIR are honoured
if make -s -C "$d" install-dtls DESTDIR="$tmp/r2" SBINDIR=/opt/s MANDIR=/opt/m >"$tmp/log" 2>&1 &&
	[ -x "$tmp/r2/opt/s/ksrtp-dtls" ] && [ -f "$tmp/r2/opt/m/man8/ksrtp-dtls.8" ]; then
	pass dirs
else
	fail dirs "$(tr '\n' ' ' <"$tmp/log")"
fi
exit $rc
