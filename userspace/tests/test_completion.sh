#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the bash completion for srtpctl (completion/srtpctl): source
# it, call its function as bash would, and check the candidates.
#
#   bash tests/test_completion.sh [PATH-TO-SRTPCTL]
#
# Prints "PASS userspace/completion_<name>" or "FAIL ...: reason" per
# case; exits non-zero if any case failed.

SRTPCTL=${1:-./srtpctl}
HERE=$(cd "$(dirname "$0")" && pwd)
COMPLETION=$HERE/../completion/srtpctl

passed=0
failed=0
pass() { echo "PASS userspace/completion_$1"; passed=$((passed + 1)); }
fail() { echo "FAIL userspace/completion_$1: $2"; failed=$((failed + 1)); }

# shellcheck source=../completion/srtpctl
if ! . "$COMPLETION" || ! declare -F _srtpctl >/dev/null; then
	fail source "cannot source $COMPLETION or no _srtpctl function"
	echo "# completion: $passed passed, $failed failed"
	exit 1
fi

# complete WORD...: complete the last WORD of "srtpctl WORD..."; the
# candidates, sorted, one line each, in $got
complete_words() {
	COMP_WORDS=(srtpctl "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_srtpctl srtpctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# expect NAME "WANT WORDS" WORD...: exactly these candidates
expect() {
	local name=$1 want
	want=$(printf '%s\n' $2 | sort)
	shift 2
	complete_words "$@"
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "got '$(echo $got)', want '$(echo $want)'"
	fi
}

# has NAME "WORDS" WORD...: the candidates include these
has() {
	local name=$1 w
	shift
	local words=$1
	shift
	complete_words "$@"
	for w in $words; do
		if ! grep -qx -- "$w" <<<"$got"; then
			fail "$name" "no '$w' in '$(echo $got)'"
			return
		fi
	done
	pass "$name"
}

expect objects "flow flush guard help key monitor stats stream version" ''
expect objects_prefix "flow flush" fl
expect objects_after_options "flow flush guard help key monitor stats stream version" -j -p ''
has options "-j -json -p -pretty -s -stats -n -netns -batch -force -V -Version -h -help" -
expect flow_commands "add del show change help" flow ''
expect flow_prefix_object "add del show change help" flo ''
expect key_commands "add replace del use show help" key ''
expect guard_commands "add del show help" guard ''
expect stream_commands "show help" stream ''
expect dir_values "tx rx" flow add dir ''
expect flow_show "id cookie dir local remote -s" flow show ''
expect flow_change "id remote grace-ms grace-packets ssrc-idle-ms" flow change ''
expect key_del "id next previous at mki" key del ''
expect guard_add "dir ports" guard add ''
expect monitor "count" monitor ''
expect stats "--prometheus" stats ''
expect stats_prefix "--prometheus" stats --p
expect stats_used "" stats --prometheus ''
has flow_add_words "dir local remote suite key mki ssrc max-ssrcs ssrc-idle-ms rtcp-mux rtcp replay-window roc reset-roc grace-ms grace-packets lifetime soft-lifetime srtcp-tag" flow add ''
expect flow_add_used "local remote suite key mki ssrc max-ssrcs ssrc-idle-ms rtcp-mux rtcp replay-window roc reset-roc grace-ms grace-packets lifetime soft-lifetime cookie srtcp-tag owned" flow add dir tx ''
expect srtcp_tag_values "32 80" flow add srtcp-tag ''
expect srtcp_tag_value_prefix "32" flow add dir rx srtcp-tag 3
expect flow_add_value "" flow add roc ''
has key_add_words "id current next at standby suite key mki use lifetime soft-lifetime" key add ''
expect remote_any "any" flow add remote a

# The suites are the ones srtpctl knows (its help lists them).
want=$("$SRTPCTL" help | sed -n '/^SUITE/,/}/p' | tr -c 'A-Za-z0-9_\n' ' ' |
	tr ' ' '\n' | grep -E '^(AES|AEAD|NULL|F8)' | sort)
if [ -z "$want" ]; then
	fail suites "cannot read the suites from '$SRTPCTL help'"
else
	expect suites "$want" flow add suite ''
	expect suites_key "$want" key add suite ''
fi
expect suites_prefix "AEAD_AES_128_GCM AEAD_AES_256_GCM" flow add suite AEAD

# -batch and -n take their argument
tmpd=$(mktemp -d)
touch "$tmpd/cmds.batch"
expect batch_file "$tmpd/cmds.batch" -batch "$tmpd/cm"
rm -rf "$tmpd"
if [ "$(id -u)" -eq 0 ] && ip netns add srtpctl-comp-$$ 2>/dev/null; then
	has netns "srtpctl-comp-$$" -n srtpctl-comp
	ip netns del srtpctl-comp-$$
else
	echo "SKIP userspace/completion_netns: needs root and ip netns"
fi

echo "# completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
