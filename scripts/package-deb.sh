#!/usr/bin/env bash
# Builds target/debian/myna-kiosk_<version>_<arch>.deb with cargo-deb: the three binaries
# (release), /etc/myna-kiosk/kiosk.toml (this repository's, with the models and audio folders of
# the package), the systemd units (not enabled), the face models and the audio guidance.
# Then checks it: its contents, and the units with systemd-analyze against the unpacked tree
# (verify, and security: exposure at most 2.0). scripts/check-deb.sh installs it and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --version 3.8.0
cargo build --release --workspace --bins
mkdir -p target/deb-etc
sed -e 's|^models_dir = "assets/models"|models_dir = "/usr/share/myna-kiosk/models"|' \
    -e 's|^audio_dir = "assets/audio"|audio_dir = "/usr/share/myna-kiosk/audio"|' \
    kiosk.toml > target/deb-etc/kiosk.toml
for key in models_dir audio_dir; do
  grep -q "^$key = \"/usr/share/myna-kiosk/" target/deb-etc/kiosk.toml ||
    { echo "package-deb: $key not set in kiosk.toml" >&2; exit 1; }
done
deb=$(cargo deb --no-build 2>/dev/null | tail -1)
[ -f "$deb" ] || { echo "package-deb: cargo deb made no package" >&2; exit 1; }

root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/myna-kiosk usr/bin/myna-sim usr/bin/myna-gateway etc/myna-kiosk/kiosk.toml \
         lib/systemd/system/myna-kiosk.service lib/systemd/system/myna-gateway.service \
         usr/share/myna-kiosk/models/dlib_face_recognition_resnet_v1.onnx \
         usr/share/myna-kiosk/audio/ja/idle.ogg usr/share/myna-kiosk/audio/th/face-retry.ogg \
         usr/share/myna-kiosk/cards/normal.toml usr/share/myna-kiosk/cards/images/portrait.jp2 \
         usr/share/myna-kiosk/pki/jpki-test-ca.cert.pem usr/share/myna-kiosk/pki/cards/normal.key.pem; do
  [ -e "$root/$f" ] || { echo "package-deb: $f missing from the package" >&2; exit 1; }
done
# The packaged configuration is read by the packaged binary (keygen parses it first).
"$root/usr/bin/myna-kiosk" --config "$root/etc/myna-kiosk/kiosk.toml" keygen --out "$root/keys" --kiosk-id deb-check >/dev/null
# The units, with their programs where the package would put them (here: the unpacked tree).
mkdir "$root/verify"
for unit in myna-kiosk myna-gateway; do
  sed "s|/usr/bin/|$root/usr/bin/|g" "$root/lib/systemd/system/$unit.service" > "$root/verify/$unit.service"
done
systemd-analyze verify "$root"/verify/*.service
# Their hardening: `systemd-analyze security` exposure at most 2.0 (docs/operators.md "Installing a kiosk"
# has the figures); a unit that loses some of it fails here.
for unit in myna-kiosk myna-gateway; do
  systemd-analyze security --offline=true --threshold=20 "$root/verify/$unit.service" |
    grep -o "Overall exposure level.*" ||
    { echo "package-deb: $unit.service exposure above 2.0 (systemd-analyze security)" >&2; exit 1; }
done
echo "package-deb: $deb ($(du -h "$deb" | cut -f1)); $(dpkg-deb -f "$deb" Depends)"
