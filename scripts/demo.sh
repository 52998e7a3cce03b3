#!/usr/bin/env bash
# The main job: boot the debug VM with ksrtp.ko loaded, build two network
# namespaces, set SDES keys with srtpctl, stream a tone over plain RTP
# sockets in both directions, show that the wire carries SRTP, and end with
# the counters. See tests/e2e/demo-guest.sh for what runs inside.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
make -s -C "$top/userspace"
make -s -C "$top/tests/e2e"
echo "ksrtp demo: booting the test VM (the first run also builds its kernel)..."
exec "$top/tests/vm/run" -- "$top/tests/e2e/demo-guest.sh" "$@"
