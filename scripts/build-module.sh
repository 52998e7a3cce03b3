#!/usr/bin/env bash
# Build ksrtp.ko (and ksrtp_kunit.ko when the kernel has KUnit) against the
# kernel build tree KDIR, in OUTDIR, without touching the source tree, so that
# one checkout can hold modules for several kernels at once.
#
#   scripts/build-module.sh KDIR OUTDIR [make args...]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kdir=${1:?usage: build-module.sh KDIR OUTDIR [make args]}
out=${2:?usage: build-module.sh KDIR OUTDIR [make args]}
shift 2

[ -f "$kdir/Makefile" ] || { echo "build-module: no kernel build tree at $kdir" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
	--exclude='.*.cmd' --exclude='modules.order' --exclude='Module.symvers' \
	--exclude='vectors.h' \
	--include='Kbuild' --include='kmod/***' --include='netlink/***' \
	--include='tests/' --include='tests/kunit/***' --include='tests/bench/' --include='tests/bench/*.c' --include='tests/vectors/***' \
	--exclude='*' "$top/" "$out/"
python3 "$top/tests/kunit/gen-vectors.py" "$top"/tests/vectors/*.txt \
	>"$out/tests/kunit/vectors.h.tmp"
if ! cmp -s "$out/tests/kunit/vectors.h.tmp" "$out/tests/kunit/vectors.h" 2>/dev/null; then
	mv "$out/tests/kunit/vectors.h.tmp" "$out/tests/kunit/vectors.h"
else
	rm -f "$out/tests/kunit/vectors.h.tmp"
fi
make -C "$kdir" M="$out" "$@" modules
