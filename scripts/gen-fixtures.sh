#!/usr/bin/env bash
# Regenerates the TEST-ONLY PKI and images under fixtures/ (never real people, never real keys):
#   fixtures/pki/jpki-test-ca.{key,cert}.pem   test CA standing in for the JPKI CA
#   fixtures/pki/cards/<profile>.key.pem        one RSA-2048 key per card profile
#   fixtures/cards/images/portrait.jp2          synthetic greyscale portrait, JPEG 2000 (JP2)
#   fixtures/cards/images/text.png              1-bit image standing in for name/address images
# Card certificates are not stored: myna-sim issues them from the test CA when it loads a profile,
# with validity relative to that moment, so nothing committed goes stale.
# Needs: openssl, imagemagick, libopenjp2-tools (opj_compress). Existing files are kept unless --force.
set -euo pipefail
cd "$(dirname "$0")/.."
force=${1:-}
need() { command -v "$1" >/dev/null || { echo "gen-fixtures: $1 is missing (apt-get install $2)" >&2; exit 1; }; }
need openssl openssl; need convert imagemagick; need opj_compress libopenjp2-tools
fresh() { [ "$force" = --force ] || [ ! -s "$1" ]; }

pki=fixtures/pki
if fresh $pki/jpki-test-ca.key.pem; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $pki/jpki-test-ca.key.pem 2>/dev/null
  openssl req -x509 -new -key $pki/jpki-test-ca.key.pem -sha256 -days 36500 \
    -subj "/C=JP/O=JPKI TEST ONLY/OU=myna-kiosk fixtures/CN=JPKI Test Auth CA (NOT REAL)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out $pki/jpki-test-ca.cert.pem
fi
for profile in fixtures/cards/*.toml; do
  key=$pki/cards/$(basename "$profile" .toml).key.pem
  fresh "$key" && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
done

img=fixtures/cards/images
if fresh $img/portrait.jp2; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  # A drawn face, not a person: head, eyes, nose, mouth on a plain background.
  convert -size 240x300 xc:gray85 \
    -fill gray62 -draw "ellipse 120,150 72,98 0,360" \
    -fill gray25 -draw "ellipse 92,128 11,6 0,360" -draw "ellipse 148,128 11,6 0,360" \
    -fill gray50 -draw "polygon 120,140 110,180 130,180" \
    -fill gray35 -draw "ellipse 120,205 26,8 0,360" \
    -colorspace Gray -depth 8 "$tmp/portrait.pgm"
  opj_compress -i "$tmp/portrait.pgm" -o $img/portrait.jp2 >/dev/null
fi
if fresh $img/text.png; then
  convert -size 256x32 xc:white -fill black -draw "rectangle 8,10 200,22" -monochrome $img/text.png
fi
echo "gen-fixtures: test PKI and images are in fixtures/"
