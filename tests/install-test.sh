#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall into a DESTDIR, and the module built and
# installed by DKMS in scratch trees, against each Debian stock kernel's
# headers installed (6.1 and 6.12). Runs on the host and leaves it as it
# was: nothing under /lib/modules, /var/lib/dkms or /usr/src changes
# (checked).
#
#   tests/install-test.sh [KVER...]
#
# Prints PASS/FAIL lines; exit status 1 if one failed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
pass() { echo "PASS install/$1"; }
fail() {
	echo "FAIL install/$1${2:+: $2}"
	fails=$((fails + 1))
}
check() { # check NAME CMD...: PASS if CMD succeeds
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		pass "$name"
	else
		fail "$name" "$(tail -n 5 "$tmp/out" | tr '\n' ' ')"
	fi
}

kvers=("$@")
if [ ${#kvers[@]} -eq 0 ]; then
	for d in /usr/src/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] && kvers+=("${d#/usr/src/linux-headers-}")
	done
fi
if [ ${#kvers[@]} -eq 0 ]; then
	fail setup "no /usr/src/linux-headers-*-amd64 (scripts/setup-deps.sh installs them)"
	exit 1
fi
version=$(sed -n 's/^#define KSRTP_VERSION "\(.*\)"/\1/p' "$top/kmod/ksrtp.h")
dkver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
if [ -n "$version" ] && [ "$version" = "$dkver" ]; then
	pass dkms-version-is-module-version
else
	fail dkms-version-is-module-version "kmod/ksrtp.h '$version', dkms.conf '$dkver'"
fi

# What the host has now, to compare at the end.
host_state() {
	find /lib/modules /var/lib/dkms /usr/src -maxdepth 4 \
		-newer "$tmp/stamp" 2>/dev/null | sort
}
touch "$tmp/stamp"
sleep 1

vermagic_is() { # vermagic_is KO KVER
	local v
	v=$(modinfo -F vermagic "$1") || return 1
	case $v in "$2 "*) return 0 ;; esac
	echo "vermagic '$v', want $2"
	return 1
}

make -s -C "$top/userspace" >/dev/null
for k in "${kvers[@]}"; do
	kdir=/usr/src/linux-headers-$k
	root=$tmp/root-$k

	# make install: every file where it belongs, nothing run on the host
	check "$k/make-install" make -s -C "$top" install DESTDIR="$root" \
		PREFIX=/usr KVER="$k" KDIR="$kdir" BUILD="$tmp/build-$k"
	check "$k/module-installed" vermagic_is \
		"$root/lib/modules/$k/updates/ksrtp.ko" "$k"
	for f in usr/sbin/srtpctl usr/share/man/man8/srtpctl.8 \
		usr/share/bash-completion/completions/srtpctl \
		usr/lib/libksrtp.so.0 usr/lib/libksrtp.so usr/lib/libksrtp.a \
		usr/lib/pkgconfig/libksrtp.pc usr/include/ksrtp/ksrtp.h \
		usr/include/ksrtp/uapi/linux/ksrtp.h; do
		if [ -e "$root/$f" ]; then
			pass "$k/installed/$f"
		else
			fail "$k/installed/$f" "missing"
		fi
	done
	check "$k/srtpctl-runs" "$root/usr/sbin/srtpctl" help
	check "$k/man-page-renders" sh -c \
		"MANWIDTH=80 man --warnings -l '$root/usr/share/man/man8/srtpctl.8' 2>&1 >/dev/null | grep . && exit 1 || exit 0"
	check "$k/pkg-config-prefix" sh -c \
		"PKG_CONFIG_LIBDIR='$root/usr/lib/pkgconfig' pkg-config --variable=prefix libksrtp | grep -qx /usr"
	if [ -e "$root/lib/modules/$k/modules.dep" ]; then
		fail "$k/no-depmod-with-destdir" "modules.dep written"
	else
		pass "$k/no-depmod-with-destdir"
	fi

	# make uninstall: no file left behind
	check "$k/make-uninstall" make -s -C "$top" uninstall DESTDIR="$root" \
		PREFIX=/usr KVER="$k"
	left=$(find "$root" -type f -o -type l)
	if [ -z "$left" ]; then
		pass "$k/uninstall-leaves-nothing"
	else
		fail "$k/uninstall-leaves-nothing" "$(echo "$left" | head -n 5 | tr '\n' ' ')"
	fi

	# DKMS, in scratch trees: add, build, install, status, remove
	dk=$tmp/dkms-$k
	dopt=(--dkmstree "$dk/tree" --sourcetree "$dk/src" --installtree "$dk/inst")
	# the install tree stands in for /lib/modules: DKMS wants KVER there
	mkdir -p "$dk/tree" "$dk/inst/$k"
	check "$k/dkms-src" make -s -C "$top" dkms-src DESTDIR="$dk/root"
	mkdir -p "$dk/src"
	cp -a "$dk/root/usr/src/ksrtp-$version" "$dk/src/"
	# DKMS signs what it builds, and without a key of its own would
	# create /var/lib/dkms/mok.key: a scratch key instead
	export mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub
	check "$k/dkms-add" dkms add -m ksrtp -v "$version" "${dopt[@]}"
	check "$k/dkms-build" dkms build -m ksrtp -v "$version" -k "$k" \
		--kernelsourcedir "$kdir" "${dopt[@]}"
	check "$k/dkms-install" dkms install -m ksrtp -v "$version" -k "$k" \
		--kernelsourcedir "$kdir" --no-depmod "${dopt[@]}"
	ko=$(find "$dk/inst" -name 'ksrtp.ko*' | head -n 1)
	case $ko in
	*/"$k"/updates/dkms/ksrtp.ko*) pass "$k/dkms-module-location" ;;
	*) fail "$k/dkms-module-location" "found '${ko:-nothing}'" ;;
	esac
	[ -n "$ko" ] && check "$k/dkms-module-vermagic" vermagic_is "$ko" "$k"
	check "$k/dkms-status-installed" sh -c \
		"dkms status -m ksrtp -v '$version' -k '$k' $(printf '%q ' "${dopt[@]}") | grep -q installed"
	check "$k/dkms-remove" dkms remove -m ksrtp -v "$version" --all \
		--no-depmod "${dopt[@]}"
	unset mok_signing_key mok_certificate
	if [ -z "$(find "$dk/inst" -name 'ksrtp.ko*')" ]; then
		pass "$k/dkms-remove-deletes-module"
	else
		fail "$k/dkms-remove-deletes-module"
	fi
done

changed=$(host_state)
if [ -z "$changed" ]; then
	pass host-left-as-it-was
else
	fail host-left-as-it-was "$(echo "$changed" | head -n 5 | tr '\n' ' ')"
fi
[ "$fails" -eq 0 ]
