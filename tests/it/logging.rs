//! `[log]`: daily files in a folder, as text or JSON, the oldest deleted beyond `keep_days`; a
//! folder that cannot be used is a usage error naming it. Runs the real `myna-kiosk` binary.

use std::path::Path;
use std::process::Command;

fn kiosk(config: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .arg("--config")
        .arg(config)
        .args(["staff", "list"])
        .env("MYNA_LOG", "info")
        .output()
        .unwrap()
}

fn config(dir: &Path, log: &str) -> std::path::PathBuf {
    let path = dir.join("kiosk.toml");
    let keys = dir.join("keys");
    if !keys.exists() {
        let out = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .args(["keygen", "--kiosk-id", "t", "--out"])
            .arg(&keys)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    std::fs::write(
        &path,
        format!(
            "[store]\npath = \"{}\"\ndata_key = \"{}\"\n[log]\n{log}\n",
            dir.join("kiosk.sqlite").display(),
            keys.join("data.key").display()
        ),
    )
    .unwrap();
    path
}

fn log_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn json_lines_in_daily_files_and_old_files_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    for day in 1..=5 {
        std::fs::write(logs.join(format!("myna-kiosk.2020-01-0{day}.log")), "old\n").unwrap();
    }
    let cfg = config(
        dir.path(),
        &format!(
            "dir = \"{}\"\nkeep_days = 2\nformat = \"json\"",
            logs.display()
        ),
    );
    let out = kiosk(&cfg);
    assert!(out.status.success(), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("myna-kiosk starting"),
        "the log goes to the files, not to stderr"
    );
    let files = log_files(&logs);
    let today = time::OffsetDateTime::now_utc().date();
    let current = format!("myna-kiosk.{today}.log");
    assert!(files.contains(&current), "{files:?}");
    assert!(files.len() <= 2, "old files pruned to keep_days: {files:?}");
    let text = std::fs::read_to_string(logs.join(&current)).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("myna-kiosk starting"))
        .unwrap_or_else(|| panic!("{text}"));
    let json: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(json["level"], "INFO");
    assert_eq!(json["fields"]["message"], "myna-kiosk starting");
}

#[test]
fn a_log_folder_that_cannot_be_used_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, "x").unwrap();
    let cfg = config(dir.path(), &format!("dir = \"{}\"", not_a_dir.display()));
    let out = kiosk(&cfg);
    assert_eq!(out.status.code(), Some(64), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[log] dir"),
        "{out:?}"
    );
    let cfg = config(dir.path(), "keep_days = 0");
    let out = kiosk(&cfg);
    assert_eq!(out.status.code(), Some(64), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("log.keep_days"),
        "{out:?}"
    );
}
