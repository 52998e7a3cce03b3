#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libksrtp's ABI, on the host: the soname, that only ksrtp_* is exported,
# that the pkg-config file finds the header and the library (a program
# built with it links and runs), and that the example runs without the
# module with the family's "not found" message.
#   sh tests/lib/test_abi.sh USERSPACE_DIR
d=${1:-.}
rc=0
pass() { echo "PASS userspace/lib_$1"; }
fail() { echo "FAIL userspace/lib_$1${2:+: $2}"; rc=1; }

so=$d/lib/libksrtp.so
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libksrtp.so.0 ] && pass soname || fail soname "soname '$soname'"

# the version nodes themselves (LIBKSRTP_0, LIBKSRTP_0.2) are absolute symbols
nodes=$(sed -n 's/^\(LIBKSRTP_[0-9.]*\) {$/\1/p' "$d/lib/libksrtp.map")
bad=$(nm -D --defined-only "$so" | awk -v nodes="$nodes" '
	BEGIN { split(nodes, n, "\n"); for (i in n) node[n[i]] = 1 }
	!($2 == "A" && ($3 in node)) { print $3 }' | grep -v '^ksrtp_')
n=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -c '^ksrtp_')
if [ -z "$bad" ] && [ "$n" -ge 20 ]; then
	pass "exports_only_ksrtp ($n symbols)"
else
	fail exports_only_ksrtp "also exported: $bad ($n ksrtp_*)"
fi
# what 0.2 added is in its node, and every older function still in LIBKSRTP_0
new=$(sed -n '/^LIBKSRTP_0.2 {/,/^}/s/^[[:space:]]*\(ksrtp_[a-z_]*\);$/\1/p' "$d/lib/libksrtp.map" | sort)
got=$(nm -D --defined-only "$so" | awk '$3 ~ /@@LIBKSRTP_0\.2$/ {sub(/@.*/, "", $3); print $3}' | sort)
old=$(nm -D --defined-only "$so" | grep -c '@@LIBKSRTP_0$')
if [ -n "$new" ] && [ "$new" = "$got" ] && [ "$old" -ge 26 ]; then
	pass "version_nodes ($old in LIBKSRTP_0, $(echo "$got" | wc -l) in LIBKSRTP_0.2)"
else
	fail version_nodes "0.2: '$(echo $new)' vs '$(echo $got)', $old in LIBKSRTP_0"
fi
# every function the header declares is exported, and nothing more
hdr=$d/lib/include/ksrtp/ksrtp.h
want=$(grep -oE '\bksrtp_[a-z_]+\(' "$hdr" | tr -d '(' | sort -u)
have=$(nm -D --defined-only "$so" | awk '{print $3}' | grep '^ksrtp_' | sed 's/@.*//' | sort -u)
[ "$want" = "$have" ] && pass header_matches_exports ||
	fail header_matches_exports "$(echo "$want" | tr '\n' ' ') vs $(echo "$have" | tr '\n' ' ')"

# pkg-config from an install tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if make -s -C "$d" install-lib DESTDIR="$tmp" PREFIX=/usr >/dev/null 2>&1; then
	pc=$tmp/usr/lib/pkgconfig
	cat >"$tmp/t.c" <<'EOC'
#include <ksrtp/ksrtp.h>
#include <stdio.h>
int main(void)
{
	struct ksrtp *h;
	int ret = ksrtp_open(&h);
	printf("%d %s\n", ret, ret ? ksrtp_errmsg(NULL) : "open");
	ksrtp_close(h);
	return 0;
}
EOC
	cflags=$(PKG_CONFIG_SYSROOT_DIR=$tmp PKG_CONFIG_PATH=$pc pkg-config --cflags libksrtp)
	libs=$(PKG_CONFIG_SYSROOT_DIR=$tmp PKG_CONFIG_PATH=$pc pkg-config --libs libksrtp)
	if ${CC:-gcc} -Wall -Wextra -Werror $cflags -o "$tmp/t" "$tmp/t.c" $libs \
		-Wl,-rpath,"$tmp/usr/lib" 2>"$tmp/err" && "$tmp/t" >"$tmp/out"; then
		pass "pkg_config_builds ($(cat "$tmp/out"))"
	else
		fail pkg_config_builds "$(cat "$tmp/err")"
	fi
	grep -q '^prefix=/usr$' "$pc/libksrtp.pc" && pass pc_prefix || fail pc_prefix
	[ -L "$tmp/usr/lib/libksrtp.so.0" ] && [ -f "$tmp/usr/lib/libksrtp.a" ] &&
		pass install_layout || fail install_layout
else
	fail pkg_config_builds "make install-lib failed"
fi

# the family is missing on the host (unless ksrtp.ko is loaded here)
if ! grep -q '^ksrtp ' /proc/modules 2>/dev/null; then
	out=$("$d/lib/examples/call" 10.0.0.1 5000 10.0.0.2 6000 2>&1)
	st=$?
	if [ $st = 1 ] && echo "$out" | grep -q 'family "ksrtp" not found'; then
		pass example_without_module
	else
		fail example_without_module "status $st: $out"
	fi
fi
exit $rc
