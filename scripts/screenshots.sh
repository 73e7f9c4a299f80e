#!/usr/bin/env bash
# Screenshots of the touchscreen app: the real window (eframe, glow, Mesa software GL) under Xvfb,
# every main screen in Japanese and English, taken with ImageMagick's `import` and reduced.
#
#   bash scripts/screenshots.sh [OUT_DIR]      # default docs/screenshots
#
# FULL=1 keeps full-size PNGs (1280x800) instead of the reduced ones committed for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
bash scripts/install-deps.sh
# Runtime libraries of a window under X (EGL/GL, llvmpipe, X input/cursor/keymap).
extra=(libegl1 libgl1 libgl1-mesa-dri libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0)
missing=()
for p in "${extra[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cargo build --example screens
app="${CARGO_TARGET_DIR:-target}/debug/examples/screens"

# A free X display, :99 unless taken.
n=99
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
display=":$n"
tmp=$(mktemp -d)
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb=$!
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$n" ] || { echo "screenshots: Xvfb did not start" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }

mkdir -p "$out"
# No sound card here: ALSA's null device lets the app offer audio guidance as a kiosk would.
printf 'pcm.!default { type null }\n' >"$tmp/.asoundrc"
coproc APP { DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 HOME="$tmp" exec "$app"; }
app_pid=$APP_PID
count=0
while read -r kind name <&"${APP[0]}"; do
  case "$kind" in
    SHOT)
      DISPLAY="$display" import -window root "$tmp/shot.png"
      if [ "${FULL:-0}" = 1 ]; then
        cp "$tmp/shot.png" "$out/$name.png"
      else
        # Half size, 64-colour palette: a few tens of KB each, still readable.
        convert "$tmp/shot.png" -resize 50% -dither None -colors 64 "PNG8:$out/$name.png"
      fi
      count=$((count + 1))
      echo next >&"${APP[1]}"
      ;;
    DONE) break ;;
  esac
done
echo "screenshots: $count PNGs in $out" >&2
[ "$count" -gt 0 ]
