# SPDX-License-Identifier: GPL-2.0
# Shared by netlink/gen.sh and netlink/check.sh (sourced, not run).

# Print the kernel source tree whose tools/net/ynl and
# Documentation/netlink we use: $KSRTP_KSRC if set; else the tree that
# tests/vm/build-kernel.sh extracts for the installed linux-source-6.12
# ($KSRTP_CACHE/src-VERSION), if it is already extracted; else run
# tests/vm/build-kernel.sh (which extracts it, and builds the debug kernel:
# slow the first time) and use its build dir's `source` link.
ksrtp_ksrc() {
	local here top dir ver
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	top=$(cd "$here/.." && pwd)

	if [ -n "${KSRTP_KSRC:-}" ]; then
		dir=$KSRTP_KSRC
	else
		ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) || ver=
		dir=${KSRTP_CACHE:-/var/cache/ksrtp}/src-$ver
		if [ -z "$ver" ] || [ ! -f "$dir/.ksrtp-extracted" ]; then
			dir=$("$top/tests/vm/build-kernel.sh") && dir=$dir/source ||
				dir=
		fi
	fi
	if [ -z "$dir" ] || [ ! -f "$dir/tools/net/ynl/ynl-gen-c.py" ]; then
		echo "netlink: no kernel source with tools/net/ynl found (run scripts/setup-deps.sh and tests/vm/build-kernel.sh, or set KSRTP_KSRC)" >&2
		return 1
	fi
	(cd "$dir" && pwd -P)
}

# Print a python3 that can import yaml and jsonschema. Debian's
# /usr/bin/python3 (python3-yaml, python3-jsonschema) is preferred over
# whatever python3 is first in $PATH.
ksrtp_python() {
	local py
	for py in /usr/bin/python3 python3; do
		if "$py" -c 'import yaml, jsonschema' 2>/dev/null; then
			command -v "$py"
			return 0
		fi
	done
	echo "netlink: need python3 with yaml and jsonschema (apt-get install python3-yaml python3-jsonschema)" >&2
	return 1
}

# Print the protocol level of spec $1 (the schema to validate against).
ksrtp_spec_protocol() {
	local p
	p=$(sed -n 's/^protocol:[[:space:]]*\([a-z-]*\).*/\1/p' "$1")
	echo "${p:-genetlink}"
}
