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
for word in flow flush key monitor 'flow add dir' \
	AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM 'inline:BASE64' \
	reset-roc grace-ms grace-packets 'lifetime LIFETIME' soft-lifetime \
	'key { KEYSPEC | - } [ mki HEX ]' \
	'key add id N { current | next | at INDEX | standby }' \
	'key replace id N' 'key del id N { next | previous | at INDEX | mki HEX }' \
	'key use id N mki HEX' 'key show id N' 'monitor [ count N ]' \
	'ROC:SEQ' '2^N' '[ ssrc-idle-ms N ]' \
	'guard { add | del } dir { tx | rx } ports LO[-HI]' \
	'guard show [ dir { tx | rx } ]' 'srtpctl [ -j ] stats' \
	'| guard |' '| stats |' 'stream show id N [ ssrc S ]' \
	'stream | version' '-n[etns] NETNS' '-p[retty]'; do
	if ! grep -qF -- "$word" "$tmp/out"; then
		missing=$word
		break
	fi
done
if [ -n "$missing" ]; then
	fail help_lists "help does not mention '$missing'"
else
	pass help_lists
fi
if grep -qiE 'planned|not implemented' "$tmp/out"; then
	fail help_nothing_planned "help still announces planned commands"
else
	pass help_nothing_planned
fi

# Bad invocations: status 1, usage or a message on stderr, nothing on
# stdout.
expect no_args 1 err '^Usage: srtpctl '
expect bogus 1 err "^srtpctl: unknown object 'bogus'" bogus
expect bad_option 1 err "^srtpctl: unknown option '-x'" -x flow show
expect flow_bogus 1 err "^srtpctl: unknown flow command 'bogus'" flow bogus
expect version_extra 1 err "unexpected argument 'now'" version now
expect flush_extra 1 err "unexpected argument 'all'" flush all
expect only_options 1 err '^Usage: srtpctl ' -s
expect flow_help 0 out '^Usage: srtpctl flow add' flow help
expect stream_help 0 out '^Usage: srtpctl \[ -j \] stream show id N' stream help
expect stream_bogus 1 err "^srtpctl: unknown stream command 'bogus'" stream bogus
expect stream_no_id 1 err "^srtpctl: stream show: missing 'id N'" stream show
expect stream_bad_ssrc 1 err "^srtpctl: stream show: 'ssrc' needs a 32 bit number" \
	stream show id 1 ssrc x
expect flow_help_rekey 0 out 'grace-packets N' flow help
expect flow_help_idle 0 out 'ssrc-idle-ms N' flow help
expect key_help 0 out '^Usage: srtpctl key add id N' key help
expect key_help_h 0 out 'srtpctl key use id N mki HEX' key -h
# -batch: one command per line, quotes group words, stops at an error
printf 'version\n# a comment\n\n"version"\n' >"$tmp/batch-ok"
run -batch "$tmp/batch-ok"
if [ "$rc" -eq 0 ] && [ "$(grep -c '^srtpctl ' "$tmp/out")" -eq 2 ]; then
	pass batch_two_commands
else
	fail batch_two_commands "rc $rc, out '$(cat "$tmp/out")'"
fi
printf 'version\nbogus\nversion\n' >"$tmp/batch-bad"
run -batch "$tmp/batch-bad"
if [ "$rc" -eq 1 ] && [ "$(grep -c '^srtpctl ' "$tmp/out")" -eq 1 ] &&
   grep -qx "Command failed $tmp/batch-bad:2" "$tmp/err"; then
	pass batch_stops_at_error
else
	fail batch_stops_at_error "rc $rc, out '$(cat "$tmp/out")' err '$(cat "$tmp/err")'"
fi
run -force -batch "$tmp/batch-bad"
if [ "$rc" -eq 1 ] && [ "$(grep -c '^srtpctl ' "$tmp/out")" -eq 2 ]; then
	pass batch_force_goes_on
else
	fail batch_force_goes_on "rc $rc, out '$(cat "$tmp/out")'"
fi
printf 'key show id "1\n' >"$tmp/batch-quote"
expect batch_unterminated_quote 1 err "^srtpctl: $tmp/batch-quote:1: unterminated quote" -batch "$tmp/batch-quote"
run -batch "$tmp/batch-quote"
if grep -qx "Command failed $tmp/batch-quote:1" "$tmp/err"; then
	pass batch_quote_command_failed
else
	fail batch_quote_command_failed "err '$(cat "$tmp/err")'"
fi
# -force goes on, and names every failed line, as ip -force -batch does
printf 'version\nbogus\nversion\n\nflow bogus\nversion\n' >"$tmp/batch-two-bad"
run -force -batch "$tmp/batch-two-bad"
if [ "$rc" -eq 1 ] && [ "$(grep -c '^srtpctl ' "$tmp/out")" -eq 3 ] &&
   [ "$(grep -c '^Command failed ' "$tmp/err")" -eq 2 ] &&
   grep -qx "Command failed $tmp/batch-two-bad:2" "$tmp/err" &&
   grep -qx "Command failed $tmp/batch-two-bad:5" "$tmp/err"; then
	pass batch_force_names_lines
else
	fail batch_force_names_lines "rc $rc, err '$(cat "$tmp/err")'"
fi
# standard input is "-", as in iproute2
printf 'version\nbogus\n' | "$SRTPCTL" -batch - >"$tmp/out" 2>"$tmp/err"
if grep -qx 'Command failed -:2' "$tmp/err"; then
	pass batch_stdin_line
else
	fail batch_stdin_line "err '$(cat "$tmp/err")'"
fi
# under -j every error is a JSON object, the batch position too
run -j -batch "$tmp/batch-bad"
if [ "$rc" -eq 1 ] &&
   grep -qx '{"error":"unknown object '"'bogus'"'"}' "$tmp/err" &&
   grep -qx '{"error":"Command failed","file":"'"$tmp"'/batch-bad","line":2}' "$tmp/err"; then
	pass batch_json_errors
else
	fail batch_json_errors "rc $rc, err '$(cat "$tmp/err")'"
fi
expect batch_missing_file 1 err "cannot open batch file" -batch "$tmp/none"
expect batch_no_name 1 err "needs a file name" -batch
expect batch_and_command 1 err "takes no command" -batch "$tmp/batch-ok" version
expect monitor_help 0 out '^Usage: srtpctl \[ -j \] monitor \[ count N \]' monitor help
run monitor help
if grep -q key-promoted "$tmp/out" && grep -q new-ssrc "$tmp/out" &&
   grep -q tx-repeat "$tmp/out" && grep -q ssrc-expired "$tmp/out"; then
	pass monitor_help_events
else
	fail monitor_help_events "monitor help does not name the events"
fi
expect guard_help 0 out '^Usage: srtpctl guard \{ add \| del \} dir \{ tx \| rx \} ports LO\[-HI\]$' guard help
expect guard_help_show 0 out '^       srtpctl \[ -j \] guard show \[ dir \{ tx \| rx \} \]$' guard -h
expect guard_bogus 1 err "^srtpctl: unknown guard command 'bogus'" guard bogus
expect stats_help 0 out '^Usage: srtpctl \[ -j \] stats$' stats help
expect stats_extra 1 err "^srtpctl: stats: unexpected argument 'now'" stats now
expect key_no_command 1 err "^srtpctl: key: missing command" key
expect key_bogus 1 err "^srtpctl: unknown key command 'bogus'" key bogus

# Unambiguous prefixes of objects, commands and keywords, as ip(8).
expect prefix_object 0 out '^Usage: srtpctl flow add' flo help
expect prefix_key_command 1 err "^srtpctl: key show: missing 'id FLOWID'" k sh
expect prefix_stream 1 err "^srtpctl: stream show: missing 'id N'" str sh
expect prefix_guard 1 err "^srtpctl: guard show: dir 'up': expected tx or rx" \
	g sh d up
expect prefix_monitor 1 err "^srtpctl: monitor: count 'x'" mon c x
expect prefix_version 0 out '^srtpctl ' ver
expect prefix_help 0 out '^Usage: srtpctl ' he
expect prefix_ambiguous_object 1 err "^srtpctl: ambiguous object 'f': flow, flush\$" f show
expect prefix_ambiguous_fl 1 err "^srtpctl: ambiguous object 'fl': flow, flush\$" fl show
expect prefix_ambiguous_object_s 1 err "^srtpctl: ambiguous object 'st': stats, stream\$" st
expect prefix_unknown_command 1 err "^srtpctl: unknown flow command 'shown'" flow shown
expect prefix_flow_add_words 1 err "^srtpctl: flow add: unknown argument 'bogus'\$" \
	flow a d rx lo 10.0.0.1:5000 su AES_CM_128_HMAC_SHA1_80 k \
	inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR bogus
expect prefix_flow_add_ambiguous 1 err "^srtpctl: flow add: ambiguous argument 'r': remote, rtcp-mux, rtcp, replay-window, roc, reset-roc\$" \
	flow add dir rx r 1
expect prefix_option 0 out '^\{"name":"srtpctl","version":"' -js ver

# Issue 11: the lifecycle words, refused before any netlink socket opens.
expect owned_needs_batch 1 err "^srtpctl: flow add: an 'owned' flow goes when srtpctl exits" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 \
	key hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d owned
expect flow_change_nothing 1 err "^srtpctl: flow change: nothing to change" flow change id 3
expect flow_del_two_selectors 1 err "^srtpctl: flow del: name the flows by one of" \
	flow del id 3 cookie 4
expect flow_del_cookie_0 1 err "^srtpctl: flow del: cookie '0'" flow del cookie 0
expect flow_change_help 0 out 'srtpctl flow change id N' flow help

# -p: pretty JSON with -j, ignored without
run -j -p version
if [ "$rc" -eq 0 ] && [ "$(sed -n 1p "$tmp/out")" = '{' ] &&
   [ "$(sed -n 2p "$tmp/out")" = '    "name": "srtpctl",' ] &&
   [ "$(sed -n 3p "$tmp/out")" = "    \"version\": \"$ver\"" ] &&
   [ "$(sed -n 4p "$tmp/out")" = '}' ] && [ "$(wc -l <"$tmp/out")" -eq 4 ]; then
	pass pretty_version
else
	fail pretty_version "rc $rc, out '$(cat "$tmp/out")'"
fi
expect pretty_long 0 out '^    "name": "srtpctl",$' -json -pretty version
expect pretty_without_json 0 out "^srtpctl $ver\$" -p version

# Errors under -j: one JSON object on stderr, nothing on stdout.
expect json_error_object 1 err "^\\{\"error\":\"unknown object 'bogus'\"\\}\$" -j bogus
expect json_error_option 1 err "^\\{\"error\":\"unknown option '-x'\"\\}\$" -j -x flow show
expect json_error_args 1 err "^\\{\"error\":\"flow add: unknown argument 'bogus'\"\\}\$" \
	-j flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 \
	key inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR bogus
expect json_error_ambiguous 1 err "^\\{\"error\":\"ambiguous object 'f': flow, flush\"\\}\$" -j f
expect json_error_pretty_one_line 1 err "^\\{\"error\":\"key show: missing 'id FLOWID'\"\\}\$" \
	-j -p key show
expect json_error_no_object 1 err "^\\{\"error\":\"missing OBJECT; try 'srtpctl help'\"\\}\$" -j
expect json_error_batch_file 1 err '^\{"error":"cannot open batch file '"'$tmp/none'"'"\}$' \
	-j -batch "$tmp/none"

# -n NETNS: ip -n, setns into /run/netns/NETNS (or a path) first.
expect netns_missing 2 err '^srtpctl: Cannot open network namespace "srtpctl-test-none": No such file or directory$' \
	-n srtpctl-test-none flow show
expect netns_missing_json 2 err '^\{"error":"Cannot open network namespace \\"srtpctl-test-none\\": No such file or directory"\}$' \
	-j -n srtpctl-test-none flow show
expect netns_no_name 1 err "^srtpctl: -n needs a network namespace name" -n
expect netns_help_no_switch 0 out '^Usage: srtpctl ' -n srtpctl-test-none help
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1 &&
   ip netns add srtpctl-test-$$ 2>/dev/null; then
	ns=srtpctl-test-$$
	if [ -d /sys/module/ksrtp ]; then
		expect netns_flow_show 0 out '^\[\]$' -j -n $ns flow show
	else
		expect netns_no_family 2 err 'family "ksrtp" not found' -n $ns flow show
	fi
	if command -v strace >/dev/null 2>&1; then
		strace -f -e trace=setns -o "$tmp/strace" "$SRTPCTL" -n $ns flow show \
			>/dev/null 2>&1
		if grep -q 'setns(.*CLONE_NEWNET) *= 0' "$tmp/strace"; then
			pass netns_entered
		else
			fail netns_entered "no setns: '$(cat "$tmp/strace")'"
		fi
		strace -f -e trace=setns -o "$tmp/strace" "$SRTPCTL" \
			-n /run/netns/$ns flow show >/dev/null 2>&1
		if grep -q 'setns(.*CLONE_NEWNET) *= 0' "$tmp/strace"; then
			pass netns_path
		else
			fail netns_path "no setns: '$(cat "$tmp/strace")'"
		fi
	else
		echo "SKIP userspace/cli_netns_entered: no strace"
	fi
	ip netns del $ns
else
	echo "SKIP userspace/cli_netns_*: needs root and ip netns"
fi

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
expect add_lifetime_0 1 err "^srtpctl: flow add: lifetime '0': expected 1\.\.2\^48" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K lifetime 0
expect add_lifetime_2_49 1 err "lifetime '2\^49'" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K lifetime '2^49'
expect add_soft_above_sdes 1 err "soft-lifetime 2048 is above the lifetime 1024" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key "$K|2^10" soft-lifetime 2048
expect add_grace_ms_bad 1 err "grace-ms 'soon'" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K grace-ms soon
expect add_grace_packets_bad 1 err "grace-packets '-1'" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K grace-packets -1
expect add_mki_bad 1 err "flow add: mki 'x1'" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K mki x1
expect add_reset_roc_value 1 err "unknown argument 'yes'" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K reset-roc yes
expect add_ssrc_idle_ms_bad 1 err "^srtpctl: flow add: ssrc-idle-ms '30s': expected a 32 bit number of milliseconds" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K ssrc-idle-ms 30s
expect add_ssrc_idle_ms_no_value 1 err "'ssrc-idle-ms' needs a value" \
	flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K ssrc-idle-ms
expect del_bad 1 err "id 'x' is not a flow id" flow del id x
expect del_missing 1 err "missing 'id N'" flow del
expect show_bad 1 err "unknown argument 'all'" flow show all

# Bad key and monitor arguments: status 1, a message, nothing sent.
S='suite AES_CM_128_HMAC_SHA1_80'
expect key_add_no_id 1 err "^srtpctl: key add: missing 'id FLOWID'\$" \
	key add next $S key $K
expect key_add_no_key 1 err "missing 'key KEYSPEC'" key add id 1 next
expect key_add_bad_slot 1 err "^srtpctl: key add: unknown argument 'nxt'\$" \
	key add id 1 nxt $S key $K
expect key_add_two_slots 1 err "'next' and 'current' exclude each other" \
	key add id 1 next current $S key $K
expect key_add_no_slot 1 err "say where the key goes" key add id 1 $S key $K
expect key_add_seq_big 1 err "at '5:70000': sequence number 70000 is not 0\.\.65535" \
	key add id 1 at 5:70000 $S key $K
expect key_add_index_big 1 err "at '281474976710656': a packet index is at most 2\^48-1" \
	key add id 1 at 281474976710656 $S key $K
expect key_add_mki_not_hex 1 err "mki 'zz': expected 1 to 4 bytes in hex" \
	key add id 1 $S key $K mki zz
expect key_add_mki_long 1 err "mki '0102030405'" \
	key add id 1 $S key $K mki 0102030405
expect key_add_lifetime_0 1 err "key add: lifetime '0'" \
	key add id 1 next $S key $K lifetime 0
expect key_add_lifetime_2_49 1 err "key add: lifetime '2\^49'" \
	key add id 1 next $S key $K lifetime '2^49'
expect key_add_use_no_mki 1 err "'use' is for keys with an MKI" \
	key add id 1 $S key $K use
expect key_add_standby_no_mki 1 err "'standby' is for keys with an MKI" \
	key add id 1 standby $S key $K
expect key_add_short_key 1 err "^srtpctl: key add: key: hex key is 2 bytes, AES_CM_128_HMAC_SHA1_80 needs 30" \
	key add id 1 next $S key hex:0102
expect key_add_bad_key_quiet 1 err "^srtpctl: key add: key" \
	key add id 1 next $S key inline:QUJD
if grep -q QUJD "$tmp/err"; then
	fail key_add_key_not_echoed "the key appears in the error message"
else
	pass key_add_key_not_echoed
fi
run key add id 1 next $S key - </dev/null
if [ "$rc" -eq 1 ] && grep -q "key '-'" "$tmp/err"; then
	pass key_add_stdin_empty
else
	fail key_add_stdin_empty "rc $rc: $(head -n1 "$tmp/err")"
fi
expect key_replace_slot 1 err "key replace: 'next' is not allowed" \
	key replace id 1 next $S key $K
expect key_replace_no_id 1 err "key replace: missing 'id FLOWID'" \
	key replace $S key $K
expect key_del_nothing 1 err "key del: missing what to delete" key del id 1
expect key_del_current 1 err "the current key cannot be deleted" \
	key del id 1 current
expect key_del_two 1 err "give only one of" key del id 1 next previous
expect key_del_no_id 1 err "key del: missing 'id FLOWID'" key del next
expect key_del_seq_big 1 err "sequence number 70000" key del id 1 at 5:70000
expect key_use_no_mki 1 err "^srtpctl: key use: missing 'mki HEX'" key use id 1
expect key_use_bad_mki 1 err "mki '0x1'" key use id 1 mki 0x1
expect key_show_no_id 1 err "key show: missing 'id FLOWID'" key show
expect key_show_bad 1 err "key show: unknown argument '-s'" key show id 1 -s
expect monitor_count_x 1 err "^srtpctl: monitor: count 'x'" monitor count x

# Bad guard arguments: status 1 and a message saying what is wrong.
expect guard_add_port_0 1 err "^srtpctl: guard add: ports '0': port '0' is not 1\.\.65535\$" \
	guard add dir tx ports 0
expect guard_add_backwards 1 err "^srtpctl: guard add: ports '6000-5000': the first port \(6000\) is above the last \(5000\)\$" \
	guard add dir tx ports 6000-5000
expect guard_add_word 1 err "guard add: ports 'rtp': port 'rtp' is not a number" \
	guard add dir tx ports rtp
expect guard_add_big 1 err "port '65536' is not 1\.\.65535" \
	guard add dir rx ports 5000-65536
expect guard_add_open 1 err "ports '5000-': missing the last port" \
	guard add dir rx ports 5000-
expect guard_add_no_ports 1 err "^srtpctl: guard add: missing 'ports LO\[-HI\]'\$" \
	guard add dir tx
expect guard_add_no_dir 1 err "guard add: missing 'dir \{ tx \| rx \}'" \
	guard add ports 5000
expect guard_add_bad_dir 1 err "guard add: dir 'both': expected tx or rx" \
	guard add dir both ports 5000
expect guard_add_bogus 1 err "guard add: unknown argument 'bogus'" \
	guard add dir tx ports 5000 bogus
expect guard_del_backwards 1 err "^srtpctl: guard del: ports '2-1'" \
	guard del dir rx ports 2-1
expect guard_del_no_value 1 err "guard del: 'ports' needs a value" \
	guard del dir rx ports
expect guard_show_bad 1 err "guard show: unknown argument 'all'" guard show all
expect guard_show_bad_dir 1 err "guard show: dir 'up': expected tx or rx" \
	guard show dir up
expect monitor_count_0 1 err "monitor: count '0'" monitor count 0
expect monitor_bogus 1 err "monitor: unexpected argument 'all'" monitor all

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
	expect no_family_json 2 err '^\{"error":"generic netlink family \\"ksrtp\\" not found \(is ksrtp\.ko loaded\?\)"\}$' -j flow show -s
	expect no_family_prefix 2 err 'family "ksrtp" not found' flo sh
	expect no_family_monitor 2 err 'family \\"ksrtp\\" not found' -j monitor
	expect no_family_monitor_count 2 err 'family \\"ksrtp\\" not found' \
		monitor -j count 1
	expect no_family_key_show 2 err 'family \\"ksrtp\\" not found' \
		-j key show id 1
	# no suite: srtpctl would ask the kernel for the flow's
	expect no_family_key_add 2 err 'family "ksrtp" not found' \
		key add id 1 next key $K
	expect no_family_key_replace 2 err 'family "ksrtp" not found' \
		key replace id 1 $S key $K
	expect no_family_key_del 2 err 'family "ksrtp" not found' \
		key del id 1 previous
	expect no_family_key_use 2 err 'family "ksrtp" not found' \
		key use id 1 mki 01
	expect no_family_guard_add 2 err 'family "ksrtp" not found' \
		guard add dir tx ports 5000-5999
	expect no_family_guard_del 2 err 'family "ksrtp" not found' \
		guard del dir rx ports 5004
	expect no_family_guard_show 2 err 'family \\"ksrtp\\" not found' \
		-j guard show dir tx
	expect no_family_guard 2 err 'family "ksrtp" not found' guard
	expect no_family_stats 2 err 'family "ksrtp" not found' stats
	expect no_family_stats_json 2 err 'family \\"ksrtp\\" not found' -j stats
	expect no_family_add_idle 2 err 'family "ksrtp" not found' \
		flow add dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 key $K ssrc-idle-ms 1000
fi

echo "# cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
