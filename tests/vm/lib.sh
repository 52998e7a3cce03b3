# shellcheck shell=bash
# Helpers shared by the tests/vm scripts. Source it; it sets:
#   KSRTP_REPO   top of the checkout (derived from this file's location,
#                without symlinks: the VM mounts it at that path)
#   KSRTP_CACHE  cache of kernels and initramfs images (default /var/cache/ksrtp)
#   KSRTP_LOGS   $KSRTP_REPO/build/logs

KSRTP_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
KSRTP_CACHE=${KSRTP_CACHE:-/var/cache/ksrtp}
KSRTP_LOGS=$KSRTP_REPO/build/logs
export KSRTP_CACHE

vm_log() { echo "${0##*/}: $*" >&2; }

# vm_resolve_kernel debug|stock|stock-X.Y: sets VM_KIND (debug or stock),
# VM_IMAGE (bzImage), VM_KDIR (tree to build modules against), VM_MODDIR
# (per-kernel module build dir), VM_STOCK (unpacked stock package, stock
# only) and VM_KVER (release string). stock is linux-image-amd64's kernel
# (6.1), stock-6.12 linux-image-6.12-amd64's.
# shellcheck disable=SC2034 # the VM_* variables are for the caller
vm_resolve_kernel() {
	VM_KIND=$1
	local series=()
	case "$VM_KIND" in
	stock-[0-9]*)
		series=(--series "${VM_KIND#stock-}")
		VM_KIND=stock
		;;
	esac
	case "$VM_KIND" in
	debug)
		# KSRTP_VM_KDIR: use another (debug) kernel build tree instead.
		VM_KDIR=${KSRTP_VM_KDIR:-$("$KSRTP_REPO/tests/vm/build-kernel.sh")} || return 1
		VM_IMAGE=$VM_KDIR/arch/x86/boot/bzImage
		VM_MODDIR=$KSRTP_REPO/build/debug
		VM_STOCK=
		VM_KVER=$(cat "$VM_KDIR/include/config/kernel.release")
		;;
	stock)
		VM_STOCK=$("$KSRTP_REPO/tests/vm/stock-kernel.sh" "${series[@]}") || return 1
		VM_KVER=$(basename "$(ls -d "$VM_STOCK"/lib/modules/*/)")
		VM_IMAGE=$VM_STOCK/boot/vmlinuz-$VM_KVER
		VM_KDIR=/usr/src/linux-headers-$VM_KVER
		VM_MODDIR=$KSRTP_REPO/build/stock-${VM_KVER%%.0-*}
		;;
	*)
		vm_log "unknown kernel '$VM_KIND' (debug|stock|stock-X.Y)"
		return 1
		;;
	esac
	[ -f "$VM_IMAGE" ] || { vm_log "no kernel image at $VM_IMAGE"; return 1; }
}

# vm_build_module KDIR OUTDIR NAME [make args]: build ksrtp against KDIR,
# serialised per OUTDIR, output to $KSRTP_LOGS/build-NAME.log (shown on failure).
vm_build_module() {
	local kdir=$1 out=$2 name=$3 blog key
	shift 3
	mkdir -p "$out" "$KSRTP_LOGS"
	blog=$KSRTP_LOGS/build-$name.log
	# A no-op make still costs seconds: skip it when neither the sources,
	# the kernel tree nor the arguments changed since the last good build.
	key=$( {
		printf '%s\n' "$kdir" "$@" "corrupt=${KSRTP_CORRUPT_VECTOR:-}" \
			"fault=${KSRTP_FAULT:-}"
		cd "$KSRTP_REPO" && find Kbuild kmod netlink tests/kunit tests/vectors \
			scripts/build-module.sh -type f ! -name '*.o' ! -name '*.ko' \
			! -name '.*' -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum
		cat "$kdir/include/generated/utsrelease.h" "$kdir/Module.symvers" 2>/dev/null | sha256sum
	} | sha256sum | cut -c1-32)
	(
		flock 8
		if [ -f "$out/ksrtp.ko" ] && [ "$(cat "$out/.ksrtp-build-key" 2>/dev/null)" = "$key" ]; then
			exit 0
		fi
		rm -f "$out/.ksrtp-build-key"
		"$KSRTP_REPO/scripts/build-module.sh" "$kdir" "$out" "$@" >"$blog" 2>&1 || exit 1
		echo "$key" >"$out/.ksrtp-build-key"
	) 8>"$out/.build-lock" || {
		tail -n 40 "$blog" >&2
		vm_log "module build against $kdir failed (full log: $blog)"
		return 1
	}
}
