#!/usr/bin/env bash
# Runs a command next to a PRIVATE pcscd with vpcd readers for virtual cards, leaving any system
# pcscd alone. Must run as root; re-executes itself in new mount and network namespaces, a tmpfs over
# /run/pcscd (pcscd 1.9 always uses /run/pcscd/pcscd.comm and refuses to start twice).
#   scripts/with-pcscd.sh cargo test
# The command sees MYNA_TEST_READERS="name=port,name=port,...": one entry per reader, where
# myna-sim --vpcd-port PORT puts a card into the reader NAME.
set -euo pipefail
# Four readers for tests at a time, each the first slot of its own copy of vpcd's driver file
# (vpcd keeps its slots in static storage, so each copy is a reader device of its own). vpcd's
# second slot of each copy is left empty: pcscd takes one lock for all slots of a device, so
# two cards in one copy would wait on each other's commands and polls.
BASE_PORT=${MYNA_TEST_BASE_PORT:-40000}

if [ "${MYNA_IN_PCSC_NS:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || exec sudo -E "$0" "$@"
  mkdir -p /run/pcscd
  export MYNA_IN_PCSC_NS=1
  # Own PID namespace too: every process the command starts lives in it, so the end of this
  # script can tell which of them outlived the command (and nothing survives the namespace).
  exec unshare -m -n -p --fork --mount-proc --propagation private "$0" "$@"
fi

mount -t tmpfs tmpfs /run/pcscd
# Own network namespace too: vpcd listens on every interface, so keep its ports off the network
# and away from any other virtual card on this machine.
ip link set lo up
conf=$(mktemp -d)
# pcscd reads every file in $conf as a reader config: its log, pid, control and the driver's
# copies live apart.
state=$(mktemp -d)
driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
readers=""
# The first copy keeps the name of one-driver days ("Myna Test Reader 00 00"); B, C and D follow.
first=$BASE_PORT
for letter in "" B C D; do
  lib=$driver name="Myna Test Reader${letter:+ $letter}"
  if [ -n "$letter" ]; then
    lib=$state/libifdvpcd-$letter.so
    cp "$driver" "$lib"
  fi
  cat > "$conf/myna-test-${letter:-A}" <<CONF
FRIENDLYNAME "$name"
DEVICENAME   /dev/null:0x$(printf %X "$first")
LIBPATH      $lib
CHANNELID    0x$(printf %X "$first")
CONF
  readers+="${readers:+,}$name 00 00=$first"
  first=$((first + 2))
done
log=${MYNA_PCSCD_LOG:-$state/pcscd.log}
# `$MYNA_PCSCD_CONTROL stop|start`: tests stop this pcscd and start it again (pcscd restarted,
# readers gone and back). The pid file names the one running now.
cat > "$state/control" <<CONTROL
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
  stop)
    pid=\$(cat "$state/pcscd.pid")
    kill "\$pid" 2>/dev/null || true
    while kill -0 "\$pid" 2>/dev/null; do sleep 0.05; done
    rm -f /run/pcscd/pcscd.comm ;;
  start)
    pcscd --foreground ${MYNA_PCSCD_DEBUG:+--debug} --config "$conf" >>"$log" 2>&1 &
    echo \$! > "$state/pcscd.pid"
    for _ in \$(seq 50); do [ -S /run/pcscd/pcscd.comm ] && exit 0; sleep 0.1; done
    echo "pcscd did not start" >&2; exit 1 ;;
  *) echo "usage: \$0 stop|start" >&2; exit 64 ;;
esac
CONTROL
chmod +x "$state/control"
trap '"$state/control" stop 2>/dev/null; rm -rf "$conf" "$state"' EXIT
"$state/control" start || { echo "with-pcscd: pcscd did not start:" >&2; cat "$log" >&2; exit 1; }
export MYNA_TEST_READERS="$readers" MYNA_PCSCD_CONTROL="$state/control"
status=0
"$@" || status=$?
# No process the command started may outlive it (a gateway or simulator a test forgot): this
# script is PID 1 of its namespace, so whatever is left besides it, pcscd and ps is a leak.
pcscd_pid=$(cat "$state/pcscd.pid" 2>/dev/null || true)
ps -e -o pid=,args= >"$state/ps"
leaks=0
while read -r pid args; do
  [ "$pid" = "$$" ] || [ "$pid" = "$pcscd_pid" ] || [ "${args%% *}" = ps ] && continue
  echo "with-pcscd: outlived the command: $pid $args" >&2
  leaks=1
done <"$state/ps"
if [ "$leaks" = 1 ] && [ "$status" -eq 0 ]; then status=1; fi
exit "$status"
