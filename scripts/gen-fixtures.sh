#!/usr/bin/env bash
# Regenerates the TEST-ONLY PKI and images under fixtures/ (never real people, never real keys):
#   fixtures/pki/jpki-test-ca.{key,cert}.pem   test CA standing in for the JPKI CA
#   fixtures/pki/cards/<profile>.key.pem        one RSA-2048 key per card profile
#   fixtures/pki/jlis-test-issuer.{key,pub}.pem  test key standing in for J-LIS's card-surface issuer
#                                               key (signs the card-surface AP's CV certificate;
#                                               the .pub is `[face] issuer_key` in tests)
#   fixtures/pki/jlis-test-surface-ap.key.pem   the card-surface AP's key (certified by that CV
#                                               certificate, signs the card face's DF28)
#   fixtures/cards/images/portrait.jp2          synthetic greyscale portrait, JPEG 2000 (JP2)
#   fixtures/cards/images/text.png              1-bit image standing in for name/address images
#   fixtures/ca/jpki-test-ca.cert.pem           copy of the test CA certificate for `myna-gateway --data fixtures`
#   fixtures/tls/{ca,server}.{key,cert}.pem     test TLS CA and a server certificate for localhost,
#                                               127.0.0.1 and ::1 (myna-gateway over HTTPS in tests)
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
if fresh $pki/jlis-test-issuer.key.pem; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $pki/jlis-test-issuer.key.pem 2>/dev/null
  openssl pkey -in $pki/jlis-test-issuer.key.pem -pubout -out $pki/jlis-test-issuer.pub.pem
fi
if fresh $pki/jlis-test-issuer.pub.pem; then
  openssl pkey -in $pki/jlis-test-issuer.key.pem -pubout -out $pki/jlis-test-issuer.pub.pem
fi
fresh $pki/jlis-test-surface-ap.key.pem &&
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $pki/jlis-test-surface-ap.key.pem 2>/dev/null
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
# The gateway's data directory layout wants trusted CAs in ca/: keep a copy of the test CA there.
mkdir -p fixtures/ca
cmp -s $pki/jpki-test-ca.cert.pem fixtures/ca/jpki-test-ca.cert.pem ||
  cp $pki/jpki-test-ca.cert.pem fixtures/ca/jpki-test-ca.cert.pem

# TEST-ONLY TLS: a CA and a server certificate (SAN localhost, 127.0.0.1, ::1), ECDSA P-256,
# valid for 100 years. Never use them outside tests.
tls=fixtures/tls
mkdir -p $tls
new_tls_ca=""
if fresh $tls/ca.key.pem || fresh $tls/ca.cert.pem; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $tls/ca.key.pem 2>/dev/null
  openssl req -x509 -new -key $tls/ca.key.pem -sha256 -days 36500 \
    -subj "/O=myna-kiosk TEST ONLY/CN=myna-gateway Test TLS CA (NOT REAL)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out $tls/ca.cert.pem
  new_tls_ca=yes
fi
if [ -n "$new_tls_ca" ] || fresh $tls/server.key.pem || fresh $tls/server.cert.pem; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $tls/server.key.pem 2>/dev/null
  openssl req -new -key $tls/server.key.pem -subj "/O=myna-kiosk TEST ONLY/CN=localhost" \
    -out $tls/server.csr
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
    > $tls/server.ext
  openssl x509 -req -in $tls/server.csr -CA $tls/ca.cert.pem -CAkey $tls/ca.key.pem \
    -set_serial "0x$(openssl rand -hex 8)" -days 36500 -sha256 -extfile $tls/server.ext \
    -out $tls/server.cert.pem 2>/dev/null
  rm -f $tls/server.csr $tls/server.ext
fi
echo "gen-fixtures: test PKI, TLS and images are in fixtures/"
