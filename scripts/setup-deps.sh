#!/usr/bin/env bash
# Install every Debian package ksrtp needs to build and test itself.
# Idempotent: packages already present are skipped, so a second run costs
# one dpkg query. Kernels are not installed into /boot: the stock images are
# unpacked into the cache by tests/vm/stock-kernel.sh.
set -euo pipefail

PKGS=(
	build-essential bc flex bison libelf-dev libssl-dev openssl pkg-config
	kmod cpio xz-utils zstd rsync python3 perl sparse dkms
	qemu-system-x86 busybox-static iproute2 ethtool tcpdump
	libnl-3-dev libnl-genl-3-dev libsrtp2-dev man-db groff-base
	python3-yaml python3-jsonschema nftables
	debhelper dh-dkms fakeroot lintian
	python3-sphinx
	linux-source-6.12
	linux-headers-amd64 linux-headers-6.12-amd64
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

echo "setup-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
