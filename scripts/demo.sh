#!/usr/bin/env bash
# The main job. Until the datapath and netlink family land (issue 3), the
# demo is the full test run: it boots the KASAN/lockdep VM, proves the SRTP
# core against every RFC and libsrtp vector, and loads the module on Debian's
# stock kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cat <<'EON'
ksrtp demo: the datapath is not merged yet, so this runs `make check`
(the SRTP crypto core under KUnit in a debug VM, plus the stock-kernel tier).
EON
exec "$top"/tests/run-checks.sh
