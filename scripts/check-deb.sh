#!/usr/bin/env bash
# Installs the built .deb on this machine and checks that what it installs works as its systemd
# units run it: the gateway and the kiosk under their units' users, umask, paths and sandbox, a
# confirmation of a virtual card through them, and the result file's mode and group (0640,
# myna-kiosk). Then purges the package: the machine is left as it was.
#   sudo bash scripts/check-deb.sh [--deb FILE]     (default: builds one with scripts/package-deb.sh)
# Not part of CI: it needs a release build, root, and installs a package.
#
# With systemd running (systemctl is-system-running), the units themselves are started. Without
# it (a container, a build machine), each program runs as its unit would run it, read from the
# installed unit and its drop-ins: User/Group/SupplementaryGroups (DynamicUser: a free uid of
# systemd's dynamic range), UMask, WorkingDirectory, Environment, LoadCredential (a private
# read-only tmpfs at /run/credentials/UNIT), and in a mount namespace: everything read-only
# (ProtectSystem=strict) except /dev, /proc, /sys, StateDirectory, LogsDirectory and
# ReadWritePaths; private /tmp and /var/tmp (PrivateTmp) with BindReadOnlyPaths; /home, /root
# and /run/user hidden (ProtectHome); no new privileges, no capabilities. Not emulated: the
# seccomp filter, the device policy, the address families and the kernel protections (systemd
# alone applies those; scripts/package-deb.sh checks them with systemd-analyze).
# The card and pcscd: myna-sim (the packaged one, with the packaged `normal` profile) in a private
# pcscd with vpcd (scripts/with-pcscd.sh): vsmartcard-vpcd is a test dependency, not the package's.
set -euo pipefail
cd "$(dirname "$0")/.."
self=$(pwd)/scripts/check-deb.sh
die() { echo "check-deb: $*" >&2; exit 1; }
say() { echo "check-deb: $*"; }

CONFIG=/etc/myna-kiosk/kiosk.toml
KIOSK_ID=deb-check
LISTEN=127.0.0.1:8480
CLINIC=/srv/oqs
RESULT_DIR=$CLINIC/kiosk
PIN=1234   # fixtures/cards/normal.toml

# ---- reading the installed units -------------------------------------------------------------

unit_files() {
  local unit=$1 f
  for f in /lib/systemd/system/"$unit" /etc/systemd/system/"$unit".d/*.conf; do
    [ -f "$f" ] && echo "$f"
  done
}

# prop UNIT KEY: each value given to KEY in [Service] of UNIT and its drop-ins, one a line, in
# order; an empty assignment drops those before it (as systemd reads lists).
prop() {
  local files
  mapfile -t files < <(unit_files "$1")
  [ ${#files[@]} -gt 0 ] || die "unit $1 is not installed"
  awk -v key="$2" '
    FNR == 1 { section = "" }
    /^\[/ { section = $0; next }
    section == "[Service]" && index($0, key "=") == 1 {
      value = substr($0, length(key) + 2)
      if (value == "") n = 0; else values[n++] = value
    }
    END { for (i = 0; i < n; i++) print values[i] }' "${files[@]}"
}
last() { prop "$1" "$2" | tail -n 1; }
words() { prop "$1" "$2" | tr ' ' '\n' | sed '/^$/d'; }

# A uid of systemd's dynamic range (61184-65519) that nobody has, for DynamicUser=yes.
dynamic_uid() {
  local uid
  for uid in $(seq 61184 65519); do
    getent passwd "$uid" >/dev/null || getent group "$uid" >/dev/null || { echo "$uid"; return; }
  done
  die "no free uid in 61184-65519"
}

# ---- running a program as its unit would -----------------------------------------------------

# sandbox UNIT -- CMD...: as root, runs CMD the way UNIT's [Service] runs its programs (see the
# top of this file); stdin, stdout and stderr are CMD's.
sandbox() {
  local unit=$1; shift; [ "$1" = -- ] && shift
  local user group uid gid groups home umask wd p name path optional
  local -a rw=() robinds=() creds=() env=() ids=()
  if [ "$(last "$unit" DynamicUser)" = yes ]; then
    uid=${MYNA_CHECK_DYNAMIC_UID:?}; gid=$uid; user=$unit; home=/
    ids=(--reuid="$uid" --regid="$gid" --clear-groups)
  else
    user=$(last "$unit" User); group=$(last "$unit" Group)
    [ -n "$user" ] || die "$unit: no User= and no DynamicUser=yes"
    uid=$(id -u "$user") || die "$unit: no user $user"
    gid=$(getent group "${group:-$user}" | cut -d: -f3)
    home=$(getent passwd "$user" | cut -d: -f6)
    groups=$(words "$unit" SupplementaryGroups | paste -sd, -)
    ids=(--reuid="$uid" --regid="$gid")
    if [ -n "$groups" ]; then ids+=(--groups="$groups"); else ids+=(--clear-groups); fi
  fi
  umask=$(last "$unit" UMask); wd=$(last "$unit" WorkingDirectory)
  for p in $(words "$unit" StateDirectory); do rw+=("/var/lib/$p"); done
  for p in $(words "$unit" LogsDirectory); do
    install -d -o "$uid" -g "$gid" -m 0755 "/var/log/$p"; rw+=("/var/log/$p")
  done
  for p in $(words "$unit" ReadWritePaths); do
    optional=no; [ "${p#-}" != "$p" ] && { optional=yes; p=${p#-}; }
    if [ -e "$p" ]; then rw+=("$p")
    elif [ $optional = no ]; then die "$unit: ReadWritePaths $p does not exist"; fi
  done
  for p in $(words "$unit" BindReadOnlyPaths); do robinds+=("${p#-}"); done
  for p in $(prop "$unit" LoadCredential); do creds+=("$p"); done
  while read -r p; do [ -n "$p" ] && env+=($p); done < <(prop "$unit" Environment)
  env+=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$home"
        USER="$user" LOGNAME="$user" LANG=C.UTF-8)
  [ ${#creds[@]} -eq 0 ] || env+=(CREDENTIALS_DIRECTORY="/run/credentials/$unit")

  SB_UNIT=$unit SB_UID=$uid SB_GID=$gid SB_UMASK=${umask:-0022} SB_WD=${wd:-/} \
  SB_RW="${rw[*]}" SB_ROBINDS="${robinds[*]}" SB_CREDS="${creds[*]}" SB_OUTER=$$ \
  unshare -m --propagation private bash -c '
    set -euo pipefail
    # PrivateTmp, then BindReadOnlyPaths from the namespace this was started from.
    for t in /tmp /var/tmp; do mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$t"; done
    for p in $SB_ROBINDS; do
      [ -e "/proc/$SB_OUTER/root$p" ] || continue
      mkdir -p "$p"; mount --bind "/proc/$SB_OUTER/root$p" "$p"
    done
    # ProtectHome=yes
    for h in /home /root /run/user; do
      if [ -d "$h" ]; then mount -t tmpfs -o ro,mode=0755 tmpfs "$h"; fi
    done
    # LoadCredential=NAME:PATH: read as root, readable by the service user only.
    if [ -n "$SB_CREDS" ]; then
      d=/run/credentials/$SB_UNIT
      mount -t tmpfs -o mode=0700,size=1m tmpfs "$d"
      for c in $SB_CREDS; do
        install -m 0400 -o "$SB_UID" -g "$SB_GID" "${c#*:}" "$d/${c%%:*}"
      done
      chown "$SB_UID:$SB_GID" "$d"; chmod 0500 "$d"
    fi
    for p in $SB_RW; do mount --bind "$p" "$p"; done
    # ProtectSystem=strict: every other mount read-only, except the API file systems.
    keep=" /tmp /var/tmp $SB_RW "
    findmnt -rn -o TARGET | while read -r m; do
      case "$m" in /dev|/dev/*|/proc|/proc/*|/sys|/sys/*) continue ;; esac
      case "$keep" in *" $m "*) continue ;; esac
      mount -o remount,bind,ro "$m"
    done
    cd "$SB_WD"
    umask "$SB_UMASK"
    exec "$@"' sandbox env -i "${env[@]}" \
      setpriv "${ids[@]}" --no-new-privs --inh-caps=-all --bounding-set=-all -- "$@"
}

# The unit's ExecStart, words split, with %d (the credentials folder) filled in.
exec_start() {
  local line
  line=$(last "$1" ExecStart)
  [ -n "$line" ] || die "$1: no ExecStart"
  echo "${line//%d//run/credentials/$1}"
}

# ---- inside a private pcscd (scripts/with-pcscd.sh) --------------------------------------------

inside() {
  local work=$1 reader port code i url file
  local -a gateway kiosk
  reader=${MYNA_TEST_READERS%%=*}; port=${MYNA_TEST_READERS#*=}; port=${port%%,*}
  # Each background program in a process group of its own, all of it ended on the way out.
  set -m
  # shellcheck disable=SC2064 # $work now: it is local to this function.
  trap "for f in '$work'/*.pid; do [ -f \"\$f\" ] && kill -- \"-\$(cat \"\$f\")\" 2>/dev/null; done; rm -f '$work'/*.pid" EXIT
  read -r -a gateway <<<"$(exec_start myna-gateway.service)"
  read -r -a kiosk <<<"$(exec_start myna-kiosk.service)"
  [ "${kiosk[-1]}" = run ] || die "myna-kiosk.service ExecStart does not end in 'run': ${kiosk[*]}"
  unset 'kiosk[-1]'

  say "the gateway's dynamic user cannot read $CONFIG itself (the reason for LoadCredential):"
  if sandbox myna-gateway.service -- cat "$CONFIG" >/dev/null 2>"$work/cat.err"; then
    die "the gateway's user read $CONFIG directly: its mode is not 0640 root:myna-kiosk"
  fi
  say "  $(head -n 1 "$work/cat.err")"

  say "myna-gateway.service: ${gateway[*]}"
  sandbox myna-gateway.service -- "${gateway[@]}" >"$work/gateway.out" 2>"$work/gateway.err" &
  echo $! >"$work/gateway.pid"
  for i in $(seq 100); do
    grep -q 'listening on' "$work/gateway.out" && break
    kill -0 "$(cat "$work/gateway.pid")" 2>/dev/null ||
      { cat "$work/gateway.err" >&2; die "myna-gateway.service's program exited"; }
    sleep 0.2
  done
  url=$(sed -n 's/^myna-gateway listening on //p' "$work/gateway.out")
  [ "$url" = "http://$LISTEN" ] || { cat "$work/gateway.err" >&2; die "gateway not listening on $LISTEN: '$url'"; }
  say "  $(cat "$work/gateway.out") (configuration read from its credential)"

  /usr/bin/myna-sim --config "$CONFIG" --profile /usr/share/myna-kiosk/cards/normal.toml \
    --vpcd-port "$port" </dev/null >"$work/sim.log" 2>&1 &
  echo $! >"$work/sim.pid"
  for i in $(seq 100); do
    sandbox myna-kiosk.service -- "${kiosk[@]}" card status --reader "$reader" >/dev/null 2>&1 && break
    [ "$i" = 100 ] && { cat "$work/sim.log" >&2; die "the virtual card did not come up in $reader"; }
    sleep 0.2
  done

  say "myna-kiosk.service: ${kiosk[*]} check --reader '$reader' --pin-stdin --consent all"
  code=0
  echo "$PIN" | sandbox myna-kiosk.service -- "${kiosk[@]}" check --reader "$reader" --pin-stdin \
    --consent all >"$work/check.json" 2>"$work/check.err" || code=$?
  [ $code = 0 ] || { cat "$work/check.json" "$work/check.err" >&2; die "check exited $code"; }
  grep -q '"source":"gateway"' "$work/check.json" ||
    { cat "$work/check.json" >&2; die "the confirmation did not come from the gateway"; }
  say "  exit 0, $(grep -o '"source":"[^"]*"' "$work/check.json")"

  mapfile -t files < <(find "$RESULT_DIR" -maxdepth 1 -type f)
  [ ${#files[@]} = 1 ] || die "expected one file in $RESULT_DIR, found: ${files[*]:-none}"
  file=${files[0]}
  say "  result file: $(stat -c '%A %U:%G' "$file") $file"
  [ "$(stat -c '%a %G' "$file")" = "640 myna-kiosk" ] ||
    die "result file is $(stat -c '%a %G' "$file"), not 640 myna-kiosk (README \"Clinic systems\")"

  say "the kiosk's sandbox: its store and the clinic folder are writable, the rest is not"
  sandbox myna-kiosk.service -- sh -c "touch '$RESULT_DIR/.probe' && rm '$RESULT_DIR/.probe' &&
      touch /var/lib/myna-kiosk/.probe && rm /var/lib/myna-kiosk/.probe" ||
    die "the kiosk cannot write its own folders"
  if sandbox myna-kiosk.service -- touch "$work/kiosk-owned/probe" 2>"$work/ro.err"; then
    die "the kiosk wrote outside its ReadWritePaths ($work/kiosk-owned)"
  fi
  grep -q 'Read-only file system' "$work/ro.err" || { cat "$work/ro.err" >&2; die "not refused as read-only"; }
  say "  outside: $(cat "$work/ro.err")"

  # With several readers here, the app needs to be told which one (as a clinic with two would).
  sed -i "s|^# reader = \"Virtual PCD 00 00\"|reader = \"$reader\"|" "$CONFIG"
  grep -qxF "reader = \"$reader\"" "$CONFIG" || die "could not set [card] reader in $CONFIG"
  # The touchscreen app itself, as the unit starts it, on an X server of its own (Xvfb on the
  # unit's DISPLAY, in a private /tmp and this private network namespace).
  say "myna-kiosk.service: ${kiosk[*]} run (on Xvfb, 8 s)"
  code=0
  unshare -m --propagation private bash -c '
    set -m
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    Xvfb "$1" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & x=$!
    for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${1#:}" ] && break; sleep 0.1; done
    bash "$2" __sandbox myna-kiosk.service -- "${@:4}" run >"$3/run.out" 2>&1 & k=$!
    sleep 8
    alive=0; kill -0 $k 2>/dev/null && alive=1
    kill -- -$k 2>/dev/null; wait $k 2>/dev/null; kill -- -$x; wait $x 2>/dev/null
    [ $alive = 1 ]' x "$(last myna-kiosk.service Environment | sed -n 's/.*DISPLAY=\([^ ]*\).*/\1/p')" \
    "$self" "$work" "${kiosk[@]}" || code=$?
  [ $code = 0 ] || { tail -n 20 "$work/run.out" >&2; die "myna-kiosk run did not keep running"; }
  say "  running after 8 s; its log: $(grep -c . "$work/run.out") lines, of which warnings and errors:"
  grep -iE 'warn|error|panic' "$work/run.out" | cut -c1-220 | sed 's/^/check-deb:     /' || true

}

# ---- with systemd --------------------------------------------------------------------------------

with_systemd() {
  local work=$1 reader=${MYNA_CHECK_READER:-Virtual PCD 00 00} f file
  say "systemd is running: starting the units"
  # The check's virtual card needs a vpcd reader: a test machine's own (Debian's "Virtual PCD 00 00").
  dpkg-query -W -f='${Status}' vsmartcard-vpcd 2>/dev/null | grep -q 'ok installed' ||
    die "vsmartcard-vpcd is needed for the check's virtual card (a test machine only)"
  systemctl daemon-reload
  systemctl start myna-gateway.service
  sleep 2
  systemctl is-active --quiet myna-gateway.service ||
    { journalctl -u myna-gateway.service -n 30 --no-pager >&2; die "myna-gateway.service is not running"; }
  say "  myna-gateway.service: active"
  if [ -S /tmp/.X11-unix/X0 ]; then
    systemctl start myna-kiosk.service; sleep 5
    systemctl is-active --quiet myna-kiosk.service ||
      { journalctl -u myna-kiosk.service -n 30 --no-pager >&2; die "myna-kiosk.service is not running"; }
    say "  myna-kiosk.service: active"
    systemctl stop myna-kiosk.service   # the check below takes the store and the reader
  else
    say "  myna-kiosk.service: not started (no X display :0 on this machine)"
  fi
  # The confirmation in a copy of the kiosk's unit (and its drop-ins): the same sandbox, seccomp
  # filter and device policy, with `check` for `run`.
  sed -e "s|^ExecStart=\(.*\) run$|ExecStart=\1 check --reader '$reader' --pin-stdin --consent all|" \
      -e 's/^Type=exec$/Type=oneshot/' -e '/^Restart=/d' -e '/^\[Install\]/,$d' \
      /lib/systemd/system/myna-kiosk.service >/run/systemd/system/myna-kiosk-check.service
  printf 'StandardInputText=%s\nStandardOutput=file:%s\n' "$PIN" "$work/check.json" \
    >>/run/systemd/system/myna-kiosk-check.service
  if [ -d /etc/systemd/system/myna-kiosk.service.d ]; then
    mkdir -p /run/systemd/system/myna-kiosk-check.service.d
    for f in /etc/systemd/system/myna-kiosk.service.d/*.conf; do
      [ -f "$f" ] && cp "$f" /run/systemd/system/myna-kiosk-check.service.d/
    done
  fi
  systemctl daemon-reload
  /usr/bin/myna-sim --config "$CONFIG" --profile /usr/share/myna-kiosk/cards/normal.toml \
    </dev/null >"$work/sim.log" 2>&1 &
  echo $! >"$work/sim.pid"
  sleep 2
  systemctl start myna-kiosk-check.service ||
    { journalctl -u myna-kiosk-check.service -n 30 --no-pager >&2; cat "$work/check.json" >&2; die "check failed"; }
  rm -rf /run/systemd/system/myna-kiosk-check.service /run/systemd/system/myna-kiosk-check.service.d
  systemctl daemon-reload
  grep -q '"source":"gateway"' "$work/check.json" || die "not confirmed by the gateway"
  say "  check: $(grep -o '"source":"[^"]*"' "$work/check.json")"
  file=$(find "$RESULT_DIR" -maxdepth 1 -type f | head -n 1)
  [ -n "$file" ] || die "no result file in $RESULT_DIR"
  say "  result file: $(stat -c '%A %U:%G' "$file") $file"
  [ "$(stat -c '%a %G' "$file")" = "640 myna-kiosk" ] || die "result file is $(stat -c '%a %G' "$file")"
  systemctl stop myna-gateway.service
}

# ---- the whole check -----------------------------------------------------------------------------

case "${1:-}" in
  __inside) inside "$2"; exit ;;
  __sandbox) shift; sandbox "$@"; exit ;;
esac

[ "$(id -u)" = 0 ] || die "run as root: it installs a package and runs programs as their users"
deb=""
case "${1:-}" in
  --deb) [ -f "${2:-}" ] || die "--deb FILE: no such file '${2:-}'"; deb=$(realpath "$2") ;;
  "") ;;
  *) die "usage: $0 [--deb FILE]" ;;
esac

# What this check installs and removes must not be there already.
if dpkg-query -W -f='${Status}' myna-kiosk 2>/dev/null | grep -qv 'not-installed'; then
  die "the package myna-kiosk is on this machine: this check installs and purges its own; remove it first (dpkg --purge myna-kiosk)"
fi
getent passwd myna-kiosk >/dev/null &&
  die "a user myna-kiosk exists without the package: remove it first (deluser --system myna-kiosk)"
for p in "$CLINIC" /var/lib/myna-kiosk /var/lib/myna-gateway /etc/myna-kiosk; do
  [ -e "$p" ] && die "$p exists: this check would write there and remove it afterwards; move it away first"
done
command -v Xvfb >/dev/null || die "Xvfb is needed (apt install xvfb)"

if [ -z "$deb" ]; then
  bash scripts/package-deb.sh
  deb=$(ls -t target/debian/myna-kiosk_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || die "scripts/package-deb.sh left no target/debian/myna-kiosk_*.deb"
fi
dpkg-deb -f "$deb" Depends Recommends | grep -q vsmartcard &&
  die "$deb depends on or recommends vsmartcard-vpcd (a network listener; test machines only)"

work=$(mktemp -d /run/myna-check-deb.XXXXXX)
chmod 0755 "$work"
made_creds=no
cleanup() {
  local code=$?
  set +e
  for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  if dpkg-query -W -f='${Status}' myna-kiosk 2>/dev/null | grep -qv 'not-installed'; then
    dpkg --purge myna-kiosk >/dev/null && say "purged myna-kiosk"
  fi
  rm -rf "$CLINIC" "$work" /var/lib/myna-gateway /var/log/myna-kiosk
  if [ $made_creds = yes ]; then rm -rf /run/credentials
  else rmdir /run/credentials/myna-gateway.service 2>/dev/null; fi
  getent passwd myna-kiosk >/dev/null && echo "check-deb: the user myna-kiosk is still there" >&2
  getent group myna-kiosk >/dev/null && echo "check-deb: the group myna-kiosk is still there" >&2
  [ $code = 0 ] && say "OK" || echo "check-deb: FAILED (exit $code)" >&2
  exit $code
}
trap cleanup EXIT

say "installing $deb"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; die "dpkg -i failed (missing dependencies? apt install $deb)"; }
say "  $(stat -c '%a %U:%G' "$CONFIG") $CONFIG; user $(id myna-kiosk)"
[ "$(stat -c '%a %U %G' "$CONFIG")" = "640 root myna-kiosk" ] || die "$CONFIG is not 0640 root:myna-kiosk"

# Configure it as a clinic would: the gateway on loopback with the fixtures' test data, result
# files into the default clinic folder.
sed -i -e "s|^# url = \"https://127.0.0.1:8443\"|url = \"http://$LISTEN\"|" \
       -e "s|^# kiosk_id = \"kiosk-01\"|kiosk_id = \"$KIOSK_ID\"|" \
       -e "s|^# facility_code = \"1312345678\"|facility_code = \"1312345678\"|" \
       -e "s|^# listen = \"127.0.0.1:8443\"|listen = \"$LISTEN\"|" \
       -e "s|^# data = \"fixtures\"|data = \"$work/data\"|" \
       -e "s|^# result_dir = \"/srv/oqs/kiosk\"|result_dir = \"$RESULT_DIR\"|" "$CONFIG"
for key in "url = \"http://$LISTEN\"" "kiosk_id = \"$KIOSK_ID\"" "listen = \"$LISTEN\"" \
           "data = \"$work/data\"" "result_dir = \"$RESULT_DIR\"" 'facility_code = "1312345678"'; do
  grep -qxF "$key" "$CONFIG" || die "could not set '$key' in $CONFIG (the sample's comments changed?)"
done
runuser -u myna-kiosk -- /usr/bin/myna-kiosk --config "$CONFIG" keygen --out /var/lib/myna-kiosk \
  --kiosk-id "$KIOSK_ID" >/dev/null
mkdir -p "$work/data/kiosks"
cp -r fixtures/insured fixtures/ca fixtures/revoked.txt "$work/data/"
cp /var/lib/myna-kiosk/kiosk.pub "$work/data/kiosks/$KIOSK_ID.pub"
chmod -R a+rX "$work/data"
install -d -o root -g myna-kiosk -m 0770 "$RESULT_DIR"
# A folder the kiosk's user owns but its unit does not list: the sandbox must refuse it.
install -d -o myna-kiosk -g myna-kiosk -m 0700 "$work/kiosk-owned"

state=$(systemctl is-system-running 2>/dev/null || true)
if [ "$state" = running ] || [ "$state" = degraded ]; then
  with_systemd "$work"
else
  say "systemd is not running here ($state): running the programs as their units would"
  [ -d /run/credentials ] || { mkdir -p /run/credentials; made_creds=yes; }
  [ -e /run/credentials/myna-gateway.service ] && die "/run/credentials/myna-gateway.service exists"
  mkdir /run/credentials/myna-gateway.service
  # The dynamic user's state folder, as systemd would make it.
  export MYNA_CHECK_DYNAMIC_UID
  MYNA_CHECK_DYNAMIC_UID=$(dynamic_uid)
  install -d -o "$MYNA_CHECK_DYNAMIC_UID" -g "$MYNA_CHECK_DYNAMIC_UID" -m 0755 /var/lib/myna-gateway
  bash scripts/with-pcscd.sh bash "$self" __inside "$work"
fi
