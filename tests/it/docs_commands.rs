//! The command sequences of the documents, run as they are written (issue 21: "every command
//! sequence in the README and docs is run by a test"). A block is taken from the page itself, so
//! a page that goes stale fails here; docs/development.md lists which test runs which block.
//! Only what a shared test machine needs is changed before running: the gateway's port (a free
//! one instead of 8443) and, for the card, the private pcscd's reader and vpcd port instead of
//! Debian's "Virtual PCD 00 00" on 35963.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::stack;

mod two_kiosks;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ```sh blocks of a page of the repository, in order.
fn sh_blocks(page: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(page)).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The one block of `page` that contains every one of `marks`.
fn block(page: &str, marks: &[&str]) -> String {
    let found: Vec<String> = sh_blocks(page)
        .into_iter()
        .filter(|b| marks.iter().all(|m| b.contains(m)))
        .collect();
    assert_eq!(found.len(), 1, "{page}: one ```sh block with {marks:?}");
    found.into_iter().next().unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `script` for bash in `dir` (which gets a link to the repository's `fixtures/`), the
/// workspace's binaries first on `PATH`, stopping on the first failing command; whatever it
/// left running in the background is stopped when it ends.
fn script_command(dir: &Path, script: &str) -> Command {
    std::os::unix::fs::symlink(root().join("fixtures"), dir.join("fixtures")).ok();
    let bins = crate::common::workspace_bin("myna-gateway");
    let bins = bins.parent().unwrap();
    let path = format!(
        "{}:{}",
        bins.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = format!(
        "set -euo pipefail\n\
         trap 'for job in $(jobs -p); do kill $job 2>/dev/null || true; done; wait' EXIT\n{script}"
    );
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .stdin(Stdio::null());
    command
}

/// Runs `script` ([`script_command`]) to its end; fails with its output unless it succeeds.
fn run_script(dir: &Path, script: &str) -> Output {
    let output = script_command(dir, script).output().unwrap();
    assert!(
        output.status.success(),
        "{script}\nexit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// docs/integrators.md, "A gateway and a kiosk on one machine": the keys, the gateway's seed
/// data, the gateway, the kiosk's configuration, and the store opened with the data key (the
/// step the issue's reader could not pass).
fn one_machine_recipe() -> String {
    block(
        "docs/integrators.md",
        &["keygen --out keys", "myna-gateway", "outbox replay"],
    )
}

#[test]
fn integrators_gateway_and_kiosk_on_one_machine() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let script = one_machine_recipe().replace("8443", &port);
    let output = run_script(dir.path(), &script);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("myna-gateway listening on https://127.0.0.1:"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some(r#"{"refused":0,"sent":0,"waiting":0}"#),
        "{stdout}"
    );
    for file in [
        "keys/kiosk.key",
        "keys/data.key",
        "gw/kiosks/counter-1.pub",
        "counter-1.sqlite",
    ] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
}

/// The same page's next block: a virtual card through the whole flow against that gateway.
#[test]
fn integrators_a_card_against_that_gateway() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let card = block(
        "docs/integrators.md",
        &["myna-sim --profile", "check --reader", "kill %1 %2"],
    )
    .replace("Virtual PCD 00 00", &reader.name)
    .replace("35963", &reader.port.to_string());
    let script = format!("{}\n{card}", one_machine_recipe()).replace("8443", &port);
    let output = run_script(dir.path(), &script);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(json["status"], "confirmed", "{stdout}");
    assert_eq!(json["source"], "gateway", "{stdout}");
    assert_eq!(json["consent"]["medication_clinical"], true, "{stdout}");
    stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();
}
