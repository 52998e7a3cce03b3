#!/usr/bin/env bash
# Build (once) the debug kernel for the ksrtp test VM and print its build dir.
#
# Source: Debian's linux-source-6.12. Config: tinyconfig + config/*.config.
# The result is cached outside the repository, under $KSRTP_CACHE
# (default /var/cache/ksrtp), keyed by a hash of the fragments, the recipe
# version below and the source package version, so that only the first run
# pays for the build.
set -euo pipefail

# Bump when a change to this script changes what it builds.
RECIPE=1

here=$(cd "$(dirname "$0")" && pwd)
cache=${KSRTP_CACHE:-/var/cache/ksrtp}
tarball=/usr/src/linux-source-6.12.tar.xz
log() { echo "build-kernel: $*" >&2; }

[ -f "$tarball" ] || { log "missing $tarball (run scripts/setup-deps.sh)"; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$(cat "$here"/config/base.config "$here"/config/debug.config \
	<(echo "$srcver recipe $RECIPE") | sha256sum | cut -c1-16)
src=$cache/src-$srcver
out=$cache/kernel-debug-$key

if [ -f "$out/.ksrtp-done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$out/.ksrtp-done" ]; then
	echo "$out"
	exit 0
fi

if [ ! -f "$src/.ksrtp-extracted" ]; then
	log "extracting $tarball"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.ksrtp-extracted"
	mv "$src.tmp" "$src"
fi

log "building debug kernel into $out (first run only, a few minutes)"
rm -rf "$out"
mkdir -p "$out"
mk() { make -C "$src" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }
mk tinyconfig >/dev/null
"$src"/scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" \
	"$here"/config/base.config "$here"/config/debug.config >/dev/null
mk olddefconfig >/dev/null

# Every option we asked for must have survived olddefconfig.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%=n}
		if grep -q "^$opt=" "$out/.config"; then log "not off: $opt"; bad=1; fi ;;
	CONFIG_*) grep -qx "$line" "$out/.config" || { log "not set: $line"; bad=1; } ;;
	esac
done < <(cat "$here"/config/base.config "$here"/config/debug.config)
[ $bad -eq 0 ] || { log "config fragment did not apply"; exit 1; }

# "modules" also writes Module.symvers, which out-of-tree modules link against.
mk bzImage modules >"$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	exit 1
}
touch "$out/.ksrtp-done"
echo "$out"
