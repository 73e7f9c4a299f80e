#!/usr/bin/env bash
# The kiosk demo without hardware: installs what it needs (Debian packages, fonts), builds, and
# opens `myna-kiosk demo`: the touchscreen app with virtual My Number Cards (insert/remove them in
# the side panel) and an in-process eligibility gateway. Without a display it runs under Xvfb and
# saves a screenshot of the first screen to target/demo-idle.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --bin myna-kiosk
cargo build --release -p myna-synth --bin myna-synth
# The face-test card's front as the demo's card-front camera sees it (synthetic, never a real
# card): on the face path the kiosk reads 照合番号B from these instead of asking for it.
[ -d fixtures/faces/card-front ] ||
  ./target/release/myna-synth front fixtures/cards/face-test.toml --out fixtures/faces/card-front
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./target/release/myna-kiosk demo "$@"
fi
echo "demo: no display found; running under Xvfb on :97 (screenshot: target/demo-idle.png, Ctrl-C to stop)" >&2
Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
DISPLAY=:97 LIBGL_ALWAYS_SOFTWARE=1 ./target/release/myna-kiosk demo "$@" &
app=$!
sleep 5 && DISPLAY=:97 import -window root target/demo-idle.png && echo "demo: saved target/demo-idle.png" >&2 &
wait $app
