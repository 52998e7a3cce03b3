#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the code derived from netlink/ksrtp.yaml with the kernel's own
# generator, tools/net/ynl/ynl-gen-c.py:
#
#   netlink/uapi/linux/ksrtp.h       uapi header      (--mode uapi)
#   netlink/ksrtp-nl-gen.h           kernel header    (--mode kernel --header)
#   netlink/ksrtp-nl-gen.c           kernel policies, ops table, family
#                                    (--mode kernel --source), with
#                                    struct genl_split_ops (Linux >= 6.2)
#   netlink/ksrtp-nl-gen-legacy.c    the same for kernels without split ops
#                                    (Linux 6.1): struct genl_ops with one
#                                    policy per command
#
# Both kernel sources include "ksrtp-nl-gen.h" and define the same symbols
# (ksrtp_nl_family; the handlers they reference are declared in that
# header); the Kbuild builds exactly one of them. gen.sh fails if the
# header generated for the legacy variant differs from ksrtp-nl-gen.h.
#
#   netlink/gen.sh [OUTDIR]
#
# With OUTDIR the files are written there (same relative names) instead of
# into the tree; netlink/check.sh uses that to diff. The kernel source is
# found through tests/vm/build-kernel.sh, or $KSRTP_KSRC if set.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${1:-$here}

# shellcheck source=netlink/lib.sh
. "$here/lib.sh"

ksrc=$(ksrtp_ksrc) || exit 1
py=$(ksrtp_python) || exit 1
gen=$ksrc/tools/net/ynl/ynl-gen-c.py

# ynl-gen-c.py takes the schema from <spec dir>/../<protocol>.yaml and
# names the spec in its output relative to the nearest directory holding
# MAINTAINERS. Stage tiny trees so that the schema is the kernel's and the
# comment names netlink/ksrtp.yaml.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
proto=$(ksrtp_spec_protocol "$here/ksrtp.yaml")

# stage DIR SCHEMA: a tree in $stage/DIR with SCHEMA (a file name under the
# kernel's Documentation/netlink) as the schema of the spec's protocol, and
# an empty DIR/out for the output.
stage() {
	mkdir -p "$stage/$1/netlink" "$stage/$1/out"
	: >"$stage/$1/MAINTAINERS"
	cp "$ksrc/Documentation/netlink/$2" "$stage/$1/$proto.yaml"
}
run() {
	(cd "$stage/$1/out" &&
		"$py" "$gen" --spec "$stage/$1/netlink/ksrtp.yaml" "${@:2}")
}

# GENL_ADMIN_PERM -> GENL_UNS_ADMIN_PERM in the generated kernel sources:
# the spec's `admin-perm` flag renders as GENL_ADMIN_PERM (CAP_NET_ADMIN in
# the initial user namespace), but flows belong to a netns, and a
# container's root should be able to configure the flows of its own netns
# (CAP_NET_ADMIN over the netns's user namespace). The 6.12 genetlink
# schema and generator have no uns-admin-perm flag at protocol: genetlink
# (only admin-perm), so patch the output. Fails if there is nothing to
# patch, so a generator change does not silently drop the substitution.
uns_admin() {
	grep -q '\<GENL_ADMIN_PERM\>' "$1" || {
		echo "gen: no GENL_ADMIN_PERM in $(basename "$1") to turn into GENL_UNS_ADMIN_PERM" >&2
		return 1
	}
	sed -i 's/\<GENL_ADMIN_PERM\>/GENL_UNS_ADMIN_PERM/g' "$1"
}

# What the 6.12 generator cannot render yet, done after it ran:
#  - length ranges of binary attributes (`checks: min-len/max-len`; this
#    ynl-gen-c renders min-len alone and raises on anything else): the
#    staged spec has those checks removed, and the policy lines it then
#    writes ({ .type = NLA_BINARY, }) become NLA_POLICY_RANGE(NLA_BINARY,
#    min, max), which 6.1 validates too;
#  - multicast group flags (`flags: [ admin-perm ]`, which the schema
#    allows): the group gets GENL_MCAST_CAP_NET_ADMIN, checked against the
#    netns's user namespace like GENL_UNS_ADMIN_PERM.
# strip_checks IN OUT: the spec without binary length checks
strip_checks() {
	"$py" - "$1" "$2" <<'PY'
import sys
import yaml

with open(sys.argv[1]) as f:
    spdx = f.readline()
    f.seek(0)
    spec = yaml.safe_load(f)
for aset in spec['attribute-sets']:
    for a in aset['attributes']:
        if a.get('type') == 'binary' and 'checks' in a:
            for c in ('min-len', 'max-len'):
                a['checks'].pop(c, None)
            if not a['checks']:
                del a['checks']
with open(sys.argv[2], 'w') as f:
    f.write(spdx)
    yaml.safe_dump(spec, f, sort_keys=False)
PY
}
# post_policies SPEC CFILE: binary length ranges and multicast group flags
post_policies() {
	"$py" - "$1" "$2" <<'PY'
import re
import sys
import yaml

spec = yaml.safe_load(open(sys.argv[1]))
src = open(sys.argv[2]).read()
up = lambda s: s.upper().replace('-', '_')
name = up(spec['name'])
consts = {c['name'] for c in spec.get('definitions', []) if c['type'] == 'const'}
val = lambda v: f'{name}_{up(v)}' if v in consts else str(v)
done = 0
for aset in spec['attribute-sets']:
    for a in aset['attributes']:
        ck = a.get('checks', {})
        if a.get('type') != 'binary' or not ('min-len' in ck or 'max-len' in ck):
            continue
        enum = f"{name}_A_{up(aset['name'])}_{up(a['name'])}"
        lo = val(ck.get('min-len', 0))
        hi = val(ck['max-len'])
        pat = re.escape(f'[{enum}] = ' + '{ .type = NLA_BINARY, },')
        src, n = re.subn(pat, f'[{enum}] = NLA_POLICY_RANGE(NLA_BINARY, {lo}, {hi}),', src)
        done += n
        if re.search(re.escape(f'[{enum}] = ') + r'\{ \.type = NLA_BINARY', src):
            sys.exit(f'gen: {enum}: policy line left unpatched')
if not done:
    sys.exit('gen: no binary policy to patch with a length range')
for grp in spec.get('mcast-groups', {}).get('list', []):
    if 'admin-perm' not in grp.get('flags', []):
        continue
    g = f"{name}_NLGRP_{up(grp['name'])}"
    old = f'[{g}] = {{ "{grp["name"]}", }},'
    if old not in src:
        sys.exit(f'gen: multicast group {g} not found to add its flags')
    src = src.replace(old, f'[{g}] = {{ "{grp["name"]}", .flags = GENL_MCAST_CAP_NET_ADMIN, }},')
open(sys.argv[2], 'w').write(src)
PY
}

# The spec as written: split ops.
stage split "$proto.yaml"
strip_checks "$here/ksrtp.yaml" "$stage/split/netlink/ksrtp.yaml"
run split --mode uapi --header -o ksrtp.h
run split --mode kernel --header -o ksrtp-nl-gen.h
run split --mode kernel --source -o ksrtp-nl-gen.c
uns_admin "$stage/split/out/ksrtp-nl-gen.c"
post_policies "$here/ksrtp.yaml" "$stage/split/out/ksrtp-nl-gen.c"

# The legacy variant, for kernels whose genetlink.h has no struct
# genl_split_ops (6.1): the same spec with `kernel-policy: per-op`, which
# makes ynl-gen-c emit struct genl_ops (.policy and .maxattr per command,
# doit and dumpit of a command in one entry) and set .ops/.n_ops of the
# family. (`global` is no use: this ynl-gen-c then emits a genl_small_ops
# table but does not hook it into the family.) kernel-policy is only in the
# genetlink-legacy schema, so that schema (a superset of genetlink's)
# validates this staged copy; the protocol stays genetlink, which is what
# makes ynl-gen-c emit the family struct. Per-op mode also needs a request
# for every `do`: an op with none (flush) gets `id`, so on 6.1 flush
# accepts and ignores a flow id, and rejects any other attribute (an op
# with another attribute set gets that set's first attribute). The one
# policy of an op with a do and a dump takes the attributes of both.
stage legacy genetlink-legacy.yaml
"$py" - "$stage/split/netlink/ksrtp.yaml" "$stage/legacy/netlink/ksrtp.yaml" <<'PY'
import sys
import yaml

with open(sys.argv[1]) as f:
    spdx = f.readline()
    f.seek(0)
    spec = yaml.safe_load(f)
spec['kernel-policy'] = 'per-op'
first = {a['name']: a['attributes'][0]['name'] for a in spec['attribute-sets']}
for op in spec['operations']['list']:
    if 'do' in op and 'request' not in op['do']:
        op['do']['request'] = {'attributes': [first[op['attribute-set']]]}
    # one policy per op: it must take the dump's request attributes too
    if 'do' in op and 'request' in op.get('dump', {}):
        attrs = op['do']['request']['attributes']
        for a in op['dump']['request']['attributes']:
            if a not in attrs:
                attrs.append(a)
        del op['dump']['request']
with open(sys.argv[2], 'w') as f:
    f.write(spdx)
    yaml.safe_dump(spec, f, sort_keys=False)
PY
run legacy --mode kernel --header -o ksrtp-nl-gen.h
run legacy --mode kernel --source -o ksrtp-nl-gen.c
if ! cmp -s "$stage/split/out/ksrtp-nl-gen.h" "$stage/legacy/out/ksrtp-nl-gen.h"; then
	echo "gen: the per-op (legacy) kernel header differs from ksrtp-nl-gen.h:" >&2
	diff -u "$stage/split/out/ksrtp-nl-gen.h" "$stage/legacy/out/ksrtp-nl-gen.h" >&2 || :
	exit 1
fi
uns_admin "$stage/legacy/out/ksrtp-nl-gen.c"
post_policies "$here/ksrtp.yaml" "$stage/legacy/out/ksrtp-nl-gen.c"
sed -i '/^\/\* YNL-GEN kernel source \*\/$/a\
/* Variant for kernels without struct genl_split_ops (kernel-policy: per-op), */\
/* by netlink/gen.sh */' "$stage/legacy/out/ksrtp-nl-gen.c"

mkdir -p "$out/uapi/linux"
cp "$stage/split/out/ksrtp.h" "$out/uapi/linux/ksrtp.h"
cp "$stage/split/out/ksrtp-nl-gen.h" "$stage/split/out/ksrtp-nl-gen.c" "$out/"
cp "$stage/legacy/out/ksrtp-nl-gen.c" "$out/ksrtp-nl-gen-legacy.c"
if [ "$out" = "$here" ]; then
	echo "gen: wrote ${out#"$top"/}/{uapi/linux/ksrtp.h,ksrtp-nl-gen.h,ksrtp-nl-gen.c,ksrtp-nl-gen-legacy.c}" >&2
fi
