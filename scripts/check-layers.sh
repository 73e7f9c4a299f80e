#!/usr/bin/env bash
# The layers of docs/design.md, checked: which crates each library of the workspace may depend
# on (all the way down, from `cargo tree`), and which kiosk modules may not reach which. Prints
# every broken rule and exits 1 if there is one. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

broken=0
complain() { echo "check-layers: $*" >&2; broken=1; }

# crate | the workspace crates it may use | crates that must not be anywhere below it
rules="
myna-protocol||eframe egui axum hyper reqwest rusqlite tract-onnx pcsc v4l
myna-card|myna-protocol|eframe egui axum hyper reqwest rusqlite tract-onnx v4l
myna-sim|myna-card myna-protocol|eframe egui axum hyper reqwest rusqlite tract-onnx v4l
myna-gateway|myna-protocol|eframe egui reqwest tract-onnx pcsc v4l
myna-face|myna-protocol|eframe egui axum hyper reqwest rusqlite pcsc
myna-synth|myna-face myna-protocol|eframe egui axum hyper reqwest rusqlite pcsc
"
while IFS='|' read -r crate allowed forbidden; do
    [ -n "$crate" ] || continue
    below=$(cargo tree --quiet -p "$crate" -e normal --prefix none --format '{p}' |
        awk '{print $1}' | sort -u)
    for dep in $below; do
        [ "$dep" = "$crate" ] && continue
        case "$dep" in
        myna-*) [[ " $allowed " == *" $dep "* ]] || complain "$crate depends on $dep" ;;
        esac
        [[ " $forbidden " == *" $dep "* ]] && complain "$crate depends on $dep (forbidden below it)"
    done
done <<<"$rules"

# Inside the kiosk crate: module | paths its code must not name
modules="
src/ui|crate::card crate::sim crate::gateway crate::store myna_card myna_sim myna_gateway
src/store|crate::reception crate::ui crate::app
src/reception|crate::ui crate::app
src/clinic|crate::reception crate::ui crate::store
"
while IFS='|' read -r dir paths; do
    [ -n "$dir" ] || continue
    for path in $paths; do
        if hits=$(grep -rn --include='*.rs' -E "(^|[^a-z_])${path}(::|\b)" "$dir"); then
            complain "$dir reaches $path:"$'\n'"$hits"
        fi
    done
done <<<"$modules"

[ "$broken" = 0 ] && echo "check-layers: every crate and module keeps to its layer"
exit "$broken"
