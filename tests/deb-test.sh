#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages: dpkg-buildpackage -us -uc -b in a scratch copy of
# the tree, lintian at error level, what each package holds, and the
# module built by DKMS from ksrtp-dkms's own files (scratch trees, every
# stock kernel's headers installed). The host is left as it was.
#
#   tests/deb-test.sh [OUTDIR]    # keeps the .deb files in OUTDIR if given,
#                                 # and each module DKMS built from them
#                                 # as OUTDIR/KVER/ksrtp.ko[.xz]
#                                 # (for tests/pkg-vm-test.sh)
#
# Prints PASS/FAIL lines; exit status 1 if one failed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
pass() { echo "PASS deb/$1"; }
fail() {
	echo "FAIL deb/$1${2:+: $2}"
	fails=$((fails + 1))
}

out=${1:-}
if [ -n "$out" ]; then
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	rm -rf "${out:?}"/*.deb "${out:?}"/*-amd64
fi
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src=$tmp/ksrtp-$version
rsync -a --exclude=.git --exclude=/build --exclude='*.o' --exclude='*.d' \
	--exclude='*.a' --exclude='*.so*' "$top/" "$src/"
make -s -C "$src/userspace" clean >/dev/null 2>&1
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	pass dpkg-buildpackage
else
	fail dpkg-buildpackage "$(tail -n 5 "$tmp/build.log" | tr '\n' ' ')"
	exit 1
fi
arch=$(dpkg --print-architecture)
multi=$(dpkg-architecture -q DEB_HOST_MULTIARCH)
# the library's own version (its soname is libksrtp.so.0)
libver=$(make -s -C "$top/userspace" --no-print-directory -f Makefile -f - print-lib-version <<<'print-lib-version: ; @echo $(LIB_VERSION)')
for p in "ksrtp-dkms_${version}_all" "srtpctl_${version}_$arch" \
	"libksrtp0_${version}_$arch" "libksrtp-dev_${version}_$arch"; do
	if [ -f "$tmp/$p.deb" ]; then
		pass "built/$p"
	else
		fail "built/$p"
	fi
done
if lintian --fail-on error "$tmp"/*.changes >"$tmp/lintian" 2>&1; then
	pass lintian-no-errors
else
	fail lintian-no-errors "$(grep '^E:' "$tmp/lintian" | head -n 5 | tr '\n' ' ')"
fi

# has PKG PATH...: the package holds each path
has() {
	local p=$1 f
	shift
	dpkg-deb -c "$tmp/$p.deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/list"
	for f in "$@"; do
		if grep -qx "$f" "$tmp/list"; then
			pass "contents/${p%%_*}$f"
		else
			fail "contents/${p%%_*}$f" "missing"
		fi
	done
}
has "ksrtp-dkms_${version}_all" "/usr/src/ksrtp-$version/dkms.conf" \
	"/usr/src/ksrtp-$version/Kbuild" "/usr/src/ksrtp-$version/kmod/main.c" \
	"/usr/src/ksrtp-$version/netlink/ksrtp-nl-gen.c"
has "srtpctl_${version}_$arch" /usr/sbin/srtpctl \
	/usr/share/man/man8/srtpctl.8.gz \
	/usr/share/bash-completion/completions/srtpctl \
	/usr/sbin/ksrtp-dtls /usr/share/man/man8/ksrtp-dtls.8.gz
has "libksrtp0_${version}_$arch" "/usr/lib/$multi/libksrtp.so.$libver" \
	"/usr/lib/$multi/libksrtp.so.0"
has "libksrtp-dev_${version}_$arch" "/usr/lib/$multi/libksrtp.so" \
	"/usr/lib/$multi/libksrtp.a" "/usr/lib/$multi/pkgconfig/libksrtp.pc" \
	/usr/include/ksrtp/ksrtp.h /usr/include/ksrtp/uapi/linux/ksrtp.h
if dpkg-deb -f "$tmp/ksrtp-dkms_${version}_all.deb" Depends | grep -q dkms; then
	pass ksrtp-dkms-depends-on-dkms
else
	fail ksrtp-dkms-depends-on-dkms
fi
if dpkg-deb -I "$tmp/ksrtp-dkms_${version}_all.deb" postinst 2>/dev/null |
	grep -q dkms; then
	pass ksrtp-dkms-postinst-runs-dkms
else
	fail ksrtp-dkms-postinst-runs-dkms
fi

# DKMS from the package's own /usr/src, in scratch trees
dpkg-deb -x "$tmp/ksrtp-dkms_${version}_all.deb" "$tmp/x"
for d in /usr/src/linux-headers-*-amd64; do
	[ -f "$d/Makefile" ] || continue
	k=${d#/usr/src/linux-headers-}
	dk=$tmp/dkms-$k
	mkdir -p "$dk/tree" "$dk/inst/$k"
	dopt=(--dkmstree "$dk/tree" --sourcetree "$tmp/x/usr/src"
	      --installtree "$dk/inst")
	ko=
	if mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub \
		dkms build -m ksrtp -v "$version" -k "$k" --kernelsourcedir "$d" \
		"${dopt[@]}" >"$tmp/dkms.log" 2>&1 &&
		ko=$(find "$dk/tree" -name 'ksrtp.ko*' | head -n 1) &&
		modinfo -F vermagic "$ko" | grep -q "^$k "; then
		pass "dkms-build-from-package/$k"
		if [ -n "$out" ]; then
			mkdir -p "$out/$k"
			cp "$ko" "$out/$k/"
		fi
	else
		fail "dkms-build-from-package/$k" "$(tail -n 3 "$tmp/dkms.log" | tr '\n' ' ')"
	fi
done
[ -z "$out" ] || cp "$tmp"/*.deb "$out"/
[ "$fails" -eq 0 ]
