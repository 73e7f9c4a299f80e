#!/usr/bin/env bash
# Camera-like frame sequences for `[face] source = "files"` (face tests, the demo, integrators),
# made from the package photos in fixtures/faces by ImageMagick. Each frame is 640x480: a photo
# scaled and shifted as a person moving in front of a camera would be. Each sequence has a
# `picture_left/` and a mirrored `picture_right/` version, for the two turns the kiosk may ask.
#   sequence/  the face-test card's person: obama3.jpg facing the camera and moving, then the
#              three-quarter view obama2.jpg (the head turned)
#   other/     another person (biden.jpg) facing the camera and moving
#   still/     one frame of the card's person, the same picture five times (a photo held still)
# Usage: bash scripts/models/face-frames.sh [FACES_DIR]   (default fixtures/faces)
set -euo pipefail
faces=${1:-fixtures/faces}

# frame SOURCE SCALE DX DY OUT [-flop]
frame() {
  local src=$1 scale=$2 dx=$3 dy=$4 out=$5 flop=${6:-}
  local w h sw sh x y
  read -r w h < <(identify -quiet -format "%w %h\n" "$src" 2>/dev/null)
  sw=$(awk -v a="$w" -v s="$scale" 'BEGIN { printf "%d", a * s }')
  sh=$(awk -v a="$h" -v s="$scale" 'BEGIN { printf "%d", a * s }')
  # The upper third of a portrait (where the face is) near the middle of the frame.
  x=$((320 - sw / 2 + dx))
  y=$((200 - sh / 3 + dy))
  # shellcheck disable=SC2086
  convert -size 640x480 xc:black \( "$src" $flop -resize "${sw}x${sh}!" \) \
    -geometry "$(printf '%+d%+d' "$x" "$y")" -composite -strip "$out"
}

# sequence NAME FACING TURN: four facing frames moving a little, then the turned view (if any).
sequence() {
  local name=$1 facing=$2 turn=${3:-}
  for side in picture_left picture_right; do
    local dir="$faces/$name/$side" flop=""
    [ "$side" = picture_right ] && flop=-flop
    rm -rf "$dir"
    mkdir -p "$dir"
    frame "$faces/$facing" 0.30 0 0 "$dir/01.png" $flop
    frame "$faces/$facing" 0.31 8 -4 "$dir/02.png" $flop
    frame "$faces/$facing" 0.32 15 3 "$dir/03.png" $flop
    frame "$faces/$facing" 0.30 5 10 "$dir/04.png" $flop
    if [ -n "$turn" ]; then frame "$faces/$turn" 0.55 0 0 "$dir/05.png" $flop; fi
  done
}

sequence sequence obama3.jpg obama2.jpg
sequence other biden.jpg
rm -rf "$faces/still"
mkdir -p "$faces/still"
frame "$faces/obama3.jpg" 0.30 0 0 "$faces/still/01.png"
for n in 02 03 04 05; do cp "$faces/still/01.png" "$faces/still/$n.png"; done
