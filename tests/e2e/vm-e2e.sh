#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of the end-to-end step: build the test-only variant of ksrtp.ko
# with a delay in every hook (KSRTP_FAULT=HOOK_DELAY, for unload-loop.sh)
# next to the normal one, then run tests/e2e/run.sh in one VM.
#
#   tests/e2e/vm-e2e.sh [--kernel debug|stock] [TEST...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/../vm/lib.sh"

kind=debug
if [ "${1:-}" = --kernel ]; then
	kind=$2
	shift 2
fi
vm_resolve_kernel "$kind" || exit 126
export KSRTP_HOOKDELAY_MODDIR=$KSRTP_REPO/build/$kind-hookdelay
KSRTP_FAULT=HOOK_DELAY vm_build_module "$VM_KDIR" "$KSRTP_HOOKDELAY_MODDIR" \
	"$kind-hookdelay" || exit 126
exec "$here/../vm/run" --kernel "$kind" -- "$here/run.sh" "$@"
