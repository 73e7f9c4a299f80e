//! The ten-key reaches the PIN pad on a bare X server (issue 18 part 7): the real kiosk binary
//! (`myna-kiosk demo`) on Xvfb with no window manager, a card put on by a click, the PIN typed
//! with X key events only, and the consent screen reached (`scripts/check-focus.sh`, which an
//! operator can also run by hand).

use crate::common;

use std::process::Command;

#[test]
fn digits_typed_on_a_bare_x_server_reach_the_pin_pad() {
    for tool in ["Xvfb", "xdotool"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            common::stack::missing(tool);
            return;
        }
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check-focus.sh");
    let output = Command::new("bash")
        .arg(&script)
        .env("MYNA_KIOSK_BIN", common::workspace_bin("myna-kiosk"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(
        log.contains("the PIN typed on the keyboard reached the consent screen"),
        "{log}"
    );
}
