//! End to end: myna-sim → vpcd → private pcscd → `myna-kiosk check` → a `myna-gateway` process
//! over HTTPS → JSON, for each card profile. Run through `bash scripts/test.sh`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use common::stack::{self, Sim};
use serde_json::Value;

struct Gateway {
    _child: ChildGuard,
    config: PathBuf,
    _dir: tempfile::TempDir,
}

struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// One gateway for the whole test binary: fixture persons, a kiosk key made by `keygen`.
fn gateway() -> &'static Gateway {
    static GATEWAY: OnceLock<Gateway> = OnceLock::new();
    GATEWAY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fixtures = common::fixtures();
        let keygen = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .args(["keygen", "--kiosk-id", "e2e", "--out"])
            .arg(d.join("keys"))
            .output()
            .unwrap();
        assert!(keygen.status.success(), "{}", String::from_utf8_lossy(&keygen.stderr));
        let data = d.join("data");
        copy_dir(&fixtures.join("insured"), &data.join("insured"));
        copy_dir(&fixtures.join("ca"), &data.join("ca"));
        std::fs::copy(fixtures.join("revoked.txt"), data.join("revoked.txt")).unwrap();
        std::fs::create_dir_all(data.join("kiosks")).unwrap();
        std::fs::copy(d.join("keys/kiosk.pub"), data.join("kiosks/e2e.pub")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_myna-gateway"))
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .arg("--db")
            .arg(d.join("gateway.sqlite"))
            .arg("--tls-cert")
            .arg(fixtures.join("tls/server.cert.pem"))
            .arg("--tls-key")
            .arg(fixtures.join("tls/server.key.pem"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().rsplit(' ').next().unwrap().replace("127.0.0.1", "localhost");
        let config = d.join("kiosk.toml");
        std::fs::write(
            &config,
            format!(
                "[gateway]\nurl = \"{url}\"\nca_file = \"{}\"\nkiosk_id = \"e2e\"\ndevice_key = \"{}\"\n",
                fixtures.join("tls/ca.cert.pem").display(),
                d.join("keys/kiosk.key").display()
            ),
        )
        .unwrap();
        Gateway { _child: ChildGuard(child), config, _dir: dir }
    })
}

fn check(reader: &str, pin: &str, extra: &[&str]) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .arg("--config")
        .arg(&gateway().config)
        .args(["check", "--reader", reader, "--pin-stdin"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{pin}").unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout:?} {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), json)
}

/// Profile, PIN, extra arguments, exit code, status, insurer number of the one result.
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    i32,
    &'static str,
    Option<&'static str>,
);

const CASES: [Case; 12] = [
    (
        "normal",
        "1234",
        &["--consent", "all"],
        0,
        "confirmed",
        Some("01130012"),
    ),
    (
        "expiring-soon",
        "2468",
        &[],
        0,
        "confirmed",
        Some("06139999"),
    ),
    (
        "expired-recently",
        "1357",
        &[],
        0,
        "confirmed",
        Some("39131015"),
    ),
    ("expired-long-ago", "8642", &[], 2, "refused", None),
    ("no-pin", "1234", &[], 4, "needs_staff", None),
    ("one-try-left", "1234", &[], 2, "needs_staff", None),
    ("pin-locked", "1234", &[], 4, "needs_staff", None),
    (
        "android-token",
        "1234",
        &[],
        0,
        "confirmed",
        Some("01130012"),
    ),
    (
        "iphone-token",
        "1234",
        &[],
        0,
        "confirmed",
        Some("31130017"),
    ),
    ("juki-card", "1234", &[], 0, "confirmed", Some("39131015")),
    (
        "under-15",
        "1234",
        &["--consent", "medication_clinical,limit_certificate"],
        0,
        "confirmed",
        Some("01130012"),
    ),
    ("foreign-card", "1234", &[], 5, "needs_staff", None),
];

#[test]
fn every_profile_end_to_end() {
    let Some(reader) = stack::reader() else {
        return;
    };
    for (profile, pin, extra, exit, status, insurer) in CASES {
        let sim = Sim::start(profile, &reader, &[]);
        let (code, json) = check(&reader.name, pin, extra);
        assert_eq!(
            (code, json["status"].as_str()),
            (exit, Some(status)),
            "{profile}: {json}"
        );
        if let Some(insurer) = insurer {
            assert_eq!(json["source"], "gateway", "{profile}");
            assert_eq!(json["qualification_validity"], "1", "{profile}");
            assert_eq!(
                json["results"][0]["insurer_number"], insurer,
                "{profile}: {json}"
            );
        }
        common::assert_no_forbidden_access(&sim.apdu_log());
        drop(sim);
        stack::wait_for_card(&reader.name, false, std::time::Duration::from_secs(10)).unwrap();
    }
}

#[test]
fn wrong_pin_then_last_try_confirmed() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let (code, json) = check(&reader.name, "0000", &[]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (3, Some("wrong_pin")),
        "{json}"
    );
    check(&reader.name, "0000", &[]);
    let (code, json) = check(&reader.name, "1234", &[]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (2, Some("last_try_not_confirmed")),
        "{json}"
    );
    let (code, json) = check(
        &reader.name,
        "1234",
        &["--confirm-last-try", "--consent", "all"],
    );
    assert_eq!(
        (code, json["status"].as_str()),
        (0, Some("confirmed")),
        "{json}"
    );
    assert_eq!(
        json["consent"]["record"]["limit_application_certificate_related_cons_flg"], "1",
        "{json}"
    );
    let log = sim.apdu_log();
    assert_eq!(
        log.iter()
            .filter(|l| l.contains(" 00 20 00 80 04 "))
            .count(),
        3,
        "one VERIFY per entry"
    );
}

#[test]
fn gateway_unreachable() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&gateway().config).unwrap();
    let config = dir.path().join("kiosk.toml");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = text
        .lines()
        .find(|l| l.starts_with("url"))
        .unwrap()
        .to_string();
    std::fs::write(
        &config,
        text.replace(&url, &format!("url = \"https://localhost:{closed}\"")),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .arg("--config")
        .arg(&config)
        .args(["check", "--reader", &reader.name, "--pin-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            writeln!(child.stdin.take().unwrap(), "1234")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        sim.apdu_log()
            .iter()
            .filter(|l| l.contains(" 00 20 00 80 04 "))
            .count(),
        0,
        "PIN never sent"
    );
}
