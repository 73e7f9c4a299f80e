#!/usr/bin/env bash
# The test command (README): installs what the tests need on Debian (as root, or with sudo),
# then runs `cargo test --workspace` (every crate) next to a private pcscd with vpcd readers. Arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec bash scripts/with-pcscd.sh cargo test --workspace "$@"
