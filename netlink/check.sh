#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks of the ksrtp generic netlink spec; no kernel module needed.
#
#   netlink/check.sh
#
# 1. netlink/ksrtp.yaml validates against the kernel's schema for its
#    protocol level (Documentation/netlink/genetlink.yaml), with python3
#    jsonschema and yaml.
# 2. Regenerating with netlink/gen.sh into a temporary directory gives
#    exactly the committed uapi/linux/ksrtp.h, ksrtp-nl-gen.h,
#    ksrtp-nl-gen.c and ksrtp-nl-gen-legacy.c.
# 3. The kernel's tools/net/ynl/lib (YnlFamily, what cli.py uses) loads the
#    spec and round-trips requests and replies (netlink/ynl_check.py).
#
# Prints "PASS netlink/<name>" or "FAIL netlink/<name>: reason" per check;
# exits non-zero if any failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=netlink/lib.sh
. "$here/lib.sh"

failed=0
pass() { echo "PASS netlink/$1"; }
fail() { echo "FAIL netlink/$1: $2"; failed=$((failed + 1)); }

if ! ksrc=$(ksrtp_ksrc); then
	fail kernel_source "no kernel source tree with tools/net/ynl"
	exit 1
fi
if ! py=$(ksrtp_python); then
	fail python "no python3 with yaml and jsonschema"
	exit 1
fi
export KSRTP_KSRC=$ksrc

spec=$here/ksrtp.yaml
proto=$(ksrtp_spec_protocol "$spec")
schema=$ksrc/Documentation/netlink/$proto.yaml

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Schema.
if [ ! -f "$schema" ]; then
	fail schema "no schema $schema for protocol '$proto'"
elif err=$("$py" - "$spec" "$schema" 2>&1 <<'EOF'
import sys
import jsonschema
import yaml

with open(sys.argv[1]) as f:
    spec = yaml.safe_load(f)
with open(sys.argv[2]) as f:
    schema = yaml.safe_load(f)
try:
    jsonschema.validate(spec, schema)
except jsonschema.ValidationError as e:
    path = '/'.join(str(p) for p in e.absolute_path) or '(top)'
    sys.exit(f'{path}: {e.message}')
EOF
); then
	pass schema
else
	fail schema "$(echo "$err" | tail -n1)"
fi

# Conventions the schema does not enforce.
if head -n1 "$spec" | grep -q '^# SPDX-License-Identifier: '; then
	pass spdx
else
	fail spdx "ksrtp.yaml does not start with an SPDX tag"
fi

# 2. Generated files are up to date.
if err=$("$here/gen.sh" "$tmp/gen" 2>&1); then
	for f in uapi/linux/ksrtp.h ksrtp-nl-gen.h ksrtp-nl-gen.c \
		ksrtp-nl-gen-legacy.c; do
		name=generated_$(basename "$f" | tr .- __)
		if [ ! -f "$here/$f" ]; then
			fail "$name" "netlink/$f is missing (run netlink/gen.sh)"
		elif diff -u "$here/$f" "$tmp/gen/$f" >"$tmp/diff"; then
			pass "$name"
		else
			fail "$name" "netlink/$f differs from ksrtp.yaml (run netlink/gen.sh): $(grep -m1 "^[-+][^-+]" "$tmp/diff")"
		fi
	done
else
	fail generate "gen.sh failed: $(echo "$err" | tail -n1)"
fi

# 3. The YNL library (cli.py's) can use the spec.
"$py" "$here/ynl_check.py" "$ksrc" "$spec" "$schema" || failed=$((failed + 1))

[ "$failed" -eq 0 ]
