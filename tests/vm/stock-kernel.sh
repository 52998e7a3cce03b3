#!/usr/bin/env bash
# Fetch (once) Debian 12's stock kernel image and print the directory it was
# unpacked into: $KSRTP_CACHE/stock-<abi>/ with boot/vmlinuz-<abi> and
# lib/modules/<abi>/ inside.
#
# The package is fetched with `apt-get download` and unpacked with
# `dpkg-deb -x`: nothing is installed into /boot or /lib/modules of the host.
# The matching headers (linux-headers-amd64, installed by
# scripts/setup-deps.sh) must be of the same version, or the module we build
# would not load; this is checked here.
#
#   tests/vm/stock-kernel.sh            prints the unpacked directory
#   tests/vm/stock-kernel.sh --abi      prints the kernel release (6.1.0-N-amd64)
#   tests/vm/stock-kernel.sh --series 6.12 [--abi]
#                                       the same for another kernel series of
#                                       Debian 12 (linux-image-6.12-amd64 and
#                                       linux-headers-6.12-amd64 instead of
#                                       linux-image-amd64, linux-headers-amd64)
set -euo pipefail

cache=${KSRTP_CACHE:-/var/cache/ksrtp}
log() { echo "stock-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

meta=amd64
want_abi=0
while [ $# -gt 0 ]; do
	case "$1" in
	--abi) want_abi=1; shift ;;
	--series) meta=${2:?--series needs a version such as 6.12}-amd64; shift 2 ;;
	*) die "usage: $0 [--series X.Y] [--abi]" ;;
	esac
done

# Fast path (apt-cache takes seconds): the image matching the installed
# linux-headers-amd64 is already unpacked.
hdrdep=$(dpkg-query -W -f='${Depends}' "linux-headers-$meta" 2>/dev/null |
	sed -n 's/^\(linux-headers-[0-9][^ ,]*\) (= \([^)]*\)).*/\1 \2/p')
if [ -n "$hdrdep" ]; then
	abi=${hdrdep%% *}
	abi=${abi#linux-headers-}
	if [ "$(cat "$cache/stock-$abi/.ksrtp-done" 2>/dev/null)" = "linux-image-$abi ${hdrdep#* }" ] &&
		[ -f "/usr/src/linux-headers-$abi/Makefile" ]; then
		[ $want_abi = 1 ] && echo "$abi" || echo "$cache/stock-$abi"
		exit 0
	fi
fi

# linux-image-amd64 -> linux-image-6.1.0-N-amd64 (the candidate of the meta
# package, i.e. what `apt-get install linux-image-amd64` would install).
pkg=$(apt-cache depends "linux-image-$meta" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
[ -n "$pkg" ] || die "cannot resolve linux-image-$meta with apt-cache depends (run apt-get update?)"
abi=${pkg#linux-image-}
abi=${abi%-unsigned}
pkgver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: *//p')
if [ -z "$pkgver" ] || [ "$pkgver" = "(none)" ]; then
	die "no candidate version for $pkg"
fi

# The headers the module is built against must be exactly this kernel.
hdrpkg=linux-headers-$abi
hdrver=$(dpkg-query -W -f='${Version}' "$hdrpkg" 2>/dev/null || true)
metaver=$(dpkg-query -W -f='${Version}' "linux-headers-$meta" 2>/dev/null || true)
if [ -z "$hdrver" ] || [ ! -f "/usr/src/$hdrpkg/Makefile" ]; then
	die "headers for the stock kernel $abi are not installed: expected $hdrpkg in /usr/src/$hdrpkg" \
		"(installed linux-headers-$meta: ${metaver:-none}; image candidate: $pkg $pkgver)." \
		"Run: apt-get update && apt-get install linux-headers-$meta (or scripts/setup-deps.sh)"
fi
if [ "$hdrver" != "$pkgver" ]; then
	die "version mismatch: $pkg is $pkgver but $hdrpkg is $hdrver;" \
		"run apt-get update && apt-get install linux-headers-$meta to bring them in line"
fi

if [ $want_abi = 1 ]; then
	echo "$abi"
	exit 0
fi

out=$cache/stock-$abi
stamp=$out/.ksrtp-done
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkg $pkgver" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.stock-lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkg $pkgver" ]; then
	echo "$out"
	exit 0
fi

log "fetching $pkg $pkgver into $out"
tmp=$(mktemp -d "$cache/.stock-dl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# _apt cannot write into a root-only mktemp dir; let it (avoids a warning).
chmod 755 "$tmp"
(cd "$tmp" && apt-get download -q "$pkg=$pkgver" >"$tmp/apt.log" 2>&1) || {
	cat "$tmp/apt.log" >&2
	die "apt-get download $pkg=$pkgver failed"
}
deb=$(ls "$tmp"/*.deb)
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
dpkg-deb -x "$deb" "$out.tmp"
[ -f "$out.tmp/boot/vmlinuz-$abi" ] || die "no boot/vmlinuz-$abi in $deb"
[ -d "$out.tmp/lib/modules/$abi" ] || die "no lib/modules/$abi in $deb"
# 6.12's modules are compressed: decompress them, once, so that depmod of a
# scratch copy of this tree with one more module (tests/vm/run with
# KSRTP_VM_MODULE) takes 3 s instead of 13 s. The kernel loads either.
find "$out.tmp/lib/modules/$abi" -name '*.ko.xz' -print0 | xargs -0 -r -n 100 -P 2 xz -d
find "$out.tmp/lib/modules/$abi" -name '*.ko.zst' -print0 | xargs -0 -r -n 100 -P 2 zstd -q -d --rm
# The package ships no modules.dep (postinst runs depmod); make one.
depmod -b "$out.tmp" "$abi"
echo "$pkg $pkgver" >"$out.tmp/.ksrtp-done"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
