#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Tests of srtpctl's command line front end.
#
#   sh tests/test_cli.sh [PATH-TO-SRTPCTL]
#
# Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
# case; exits non-zero if any case failed.

SRTPCTL=${1:-./srtpctl}
HERE=$(cd "$(dirname "$0")" && pwd)
VERSION_H="$HERE/../version.h"
KSRTP_H="$HERE/../../kmod/ksrtp.h"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0

pass() {
	echo "PASS userspace/cli_$1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL userspace/cli_$1: $2"
	failed=$((failed + 1))
}

# run NAME ARGS...: run srtpctl, leave rc in $rc, output in $tmp/out,err
run() {
	"$SRTPCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect NAME RC STREAM REGEX [ARGS...]: exit status RC, and STREAM (out
# or err) matching the extended REGEX; the other stream must be empty.
expect() {
	name=$1 want_rc=$2 stream=$3 re=$4
	shift 4
	run "$@"
	if [ "$stream" = out ]; then other=err; else other=out; fi
	if [ "$rc" -ne "$want_rc" ]; then
		fail "$name" "exit status $rc, expected $want_rc ($(head -n1 "$tmp/err"))"
	elif ! grep -Eq -- "$re" "$tmp/$stream"; then
		fail "$name" "std$stream does not match /$re/: '$(head -n1 "$tmp/$stream")'"
	elif [ -s "$tmp/$other" ]; then
		fail "$name" "unexpected std$other: '$(head -n1 "$tmp/$other")'"
	else
		pass "$name"
	fi
}

if [ ! -x "$SRTPCTL" ]; then
	fail binary "$SRTPCTL is not an executable"
	exit 1
fi

ver=$(sed -n 's/^#define SRTPCTL_VERSION "\(.*\)"$/\1/p' "$VERSION_H")
if [ -z "$ver" ]; then
	fail version_define "cannot read SRTPCTL_VERSION from $VERSION_H"
	ver=unknown
fi

# Version, three spellings, exact output.
for args in -V --version version; do
	case $args in
	-V)		name=version_V ;;
	--version)	name=version_long ;;
	*)		name=version_object ;;
	esac
	run "$args"
	if [ "$rc" -ne 0 ]; then
		fail "$name" "exit status $rc"
	elif [ "$(cat "$tmp/out")" != "srtpctl $ver" ]; then
		fail "$name" "printed '$(cat "$tmp/out")', expected 'srtpctl $ver'"
	elif [ -s "$tmp/err" ]; then
		fail "$name" "unexpected stderr"
	else
		pass "$name"
	fi
done
expect version_json 0 out "^\\{\"name\":\"srtpctl\",\"version\":\"$ver\"\\}\$" \
	-j version

# The userspace and module versions are meant to move together.
if [ -r "$KSRTP_H" ]; then
	kver=$(sed -n 's/^#define KSRTP_VERSION "\(.*\)"$/\1/p' "$KSRTP_H")
	if [ "$kver" = "$ver" ]; then
		pass version_matches_module
	else
		fail version_matches_module "srtpctl $ver, kmod/ksrtp.h '$kver'"
	fi
fi

# Help goes to stdout with status 0 and lists objects and suites.
expect help 0 out '^Usage: srtpctl ' help
expect help_h 0 out '^Usage: srtpctl ' -h
expect help_long 0 out '^Usage: srtpctl ' --help
run help
missing=
for word in flow flush key monitor 'flow add dir' 'not implemented' \
	AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM 'inline:BASE64'; do
	if ! grep -q -- "$word" "$tmp/out"; then
		missing=$word
		break
	fi
done
if [ -n "$missing" ]; then
	fail help_lists "help does not mention '$missing'"
else
	pass help_lists
fi

# Bad invocations: status 1, usage or a message on stderr, nothing on
# stdout.
expect no_args 1 err '^Usage: srtpctl '
expect bogus 1 err "^srtpctl: unknown object 'bogus'" bogus
expect bad_option 1 err "^srtpctl: unknown option '-x'" -x flow show
expect flow_bogus 1 err "^srtpctl: unknown flow command 'bogus'" flow bogus
expect version_extra 1 err "unexpected argument 'now'" version now
expect flush_extra 1 err "unexpected argument 'all'" flush all
expect only_options 1 err '^Usage: srtpctl ' -j
expect flow_help 0 out '^Usage: srtpctl flow add' flow help

# Bad flow arguments: status 1 and a message naming the word, before any
# attempt to reach the kernel (so the same with or without the module).
K='inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR'
expect add_bad_word 1 err "^srtpctl: flow add: unknown argument 'bogus'\$" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K bogus
expect add_bad_port 1 err "port '99999'" \
	flow add dir rx local 10.0.0.1:99999 suite AES_CM_128_HMAC_SHA1_80 key $K
expect add_no_key 1 err "missing 'key" flow add dir rx local 10.0.0.1:5000
expect add_bad_key_quiet 1 err "^srtpctl: flow add: key" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key inline:QUJD
if grep -q QUJD "$tmp/err"; then
	fail add_key_not_echoed "the key appears in the error message"
else
	pass add_key_not_echoed
fi
run flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key - </dev/null
if [ "$rc" -eq 1 ] && grep -q "key '-'" "$tmp/err"; then
	pass add_key_stdin_empty
else
	fail add_key_stdin_empty "rc $rc: $(head -n1 "$tmp/err")"
fi
expect del_bad 1 err "id 'x' is not a flow id" flow del id x
expect del_missing 1 err "missing 'id N'" flow del
expect show_bad 1 err "unknown argument 'all'" flow show all

# Kernel-backed commands: with no ksrtp family they must say so and exit 2.
if [ -d /sys/module/ksrtp ]; then
	echo "SKIP userspace/cli_no_family: ksrtp is loaded"
else
	expect no_family 2 err \
		'^srtpctl: generic netlink family "ksrtp" not found \(is ksrtp\.ko loaded\?\)$' \
		flow show
	expect no_family_flush 2 err 'family "ksrtp" not found' flush
	expect no_family_add 2 err 'family "ksrtp" not found' \
		flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K
	expect no_family_del 2 err 'family "ksrtp" not found' flow del id 1
	expect no_family_json 2 err 'family "ksrtp" not found' -j flow show -s
	expect no_family_monitor 2 err 'family "ksrtp" not found' -j monitor
fi

echo "# cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
