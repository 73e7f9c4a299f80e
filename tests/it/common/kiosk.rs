//! A `myna-gateway` process over HTTPS with the fixture persons, and a kiosk configuration
//! (key made by `myna-kiosk keygen`, its own store) that talks to it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub struct KioskAndGateway {
    child: Option<Child>,
    pub config: PathBuf,
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl Drop for KioskAndGateway {
    fn drop(&mut self) {
        self.stop_gateway();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

impl KioskAndGateway {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fixtures = super::fixtures();
        let keygen = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .args(["keygen", "--kiosk-id", "e2e", "--out"])
            .arg(d.join("keys"))
            .output()
            .unwrap();
        assert!(
            keygen.status.success(),
            "{}",
            String::from_utf8_lossy(&keygen.stderr)
        );
        let data = d.join("data");
        copy_dir(&fixtures.join("insured"), &data.join("insured"));
        copy_dir(&fixtures.join("ca"), &data.join("ca"));
        std::fs::copy(fixtures.join("revoked.txt"), data.join("revoked.txt")).unwrap();
        std::fs::create_dir_all(data.join("kiosks")).unwrap();
        std::fs::copy(d.join("keys/kiosk.pub"), data.join("kiosks/e2e.pub")).unwrap();
        let mut this = KioskAndGateway {
            child: None,
            config: d.join("kiosk.toml"),
            url: String::new(),
            dir,
        };
        this.start_gateway("127.0.0.1:0");
        this.write_config(&this.url.clone());
        // Create the kiosk's store once, before tests open it side by side.
        let (code, json) = this.kiosk(&["outbox", "replay"], "");
        assert_eq!(code, 0, "{json}");
        this
    }

    /// (Re)starts the gateway process on `listen`, same data and database.
    pub fn start_gateway(&mut self, listen: &str) {
        let d = self.dir.path();
        let fixtures = super::fixtures();
        let mut child = Command::new(crate::common::workspace_bin("myna-gateway"))
            .args(["--listen", listen, "--data"])
            .arg(d.join("data"))
            .arg("--db")
            .arg(d.join("gateway.sqlite"))
            .arg("--tls-cert")
            .arg(fixtures.join("tls/server.cert.pem"))
            .arg("--tls-key")
            .arg(fixtures.join("tls/server.key.pem"))
            // Outbox replays send many requests at once from one kiosk.
            .args(["--rate-limit", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        self.url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap()
            .replace("127.0.0.1", "localhost");
        self.child = Some(child);
    }

    pub fn stop_gateway(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The gateway's port (to restart it on the same one).
    pub fn listen(&self) -> String {
        self.url
            .trim_start_matches("https://")
            .replace("localhost", "127.0.0.1")
    }

    pub fn write_config(&self, url: &str) {
        let d = self.dir.path();
        let fixtures = super::fixtures();
        std::fs::write(
            &self.config,
            format!(
                "[gateway]\nurl = \"{url}\"\nca_file = \"{}\"\nkiosk_id = \"e2e\"\ndevice_key = \"{}\"\n\
                 [store]\npath = \"{}\"\ndata_key = \"{}\"\n",
                fixtures.join("tls/ca.cert.pem").display(),
                d.join("keys/kiosk.key").display(),
                d.join("kiosk.sqlite").display(),
                d.join("keys/data.key").display()
            ),
        )
        .unwrap();
    }

    /// Rewrites the configuration with `[clinic] result_dir = dir` (the gateway at `self.url`).
    pub fn set_result_dir(&self, dir: &Path) {
        self.set_clinic(dir, "");
    }

    /// Rewrites the configuration with `[clinic] result_dir = dir` and the `[clinic]` lines
    /// `extra`, and a `[gateway] facility_code` (result files need MedicalInstitutionCode).
    pub fn set_clinic(&self, dir: &Path, extra: &str) {
        self.write_config(&self.url);
        let config = std::fs::read_to_string(&self.config).unwrap();
        let mut config = config.replacen(
            "[gateway]\n",
            "[gateway]\nfacility_code = \"1312345678\"\n",
            1,
        );
        config.push_str(&format!(
            "[clinic]\nresult_dir = {:?}\n{extra}",
            dir.display().to_string()
        ));
        std::fs::write(&self.config, config).unwrap();
    }

    /// Runs `myna-kiosk` with this configuration, `stdin` as its input; (exit code, JSON).
    pub fn kiosk(&self, args: &[&str], stdin: &str) -> (i32, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{stdin}").unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{e}: {stdout:?} {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap(), json)
    }

    /// Confirmations the gateway has recorded for a certificate serial.
    pub fn recorded(&self, serial: &str) -> i64 {
        let db = rusqlite::Connection::open(self.dir.path().join("gateway.sqlite")).unwrap();
        db.query_row(
            "SELECT count(*) FROM confirmations WHERE certificate_serial = ?1",
            [serial],
            |row| row.get(0),
        )
        .unwrap()
    }
}
