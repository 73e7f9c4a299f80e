//! Files the kiosk writes into the clinic's folders (result files, req files) are mode 0640
//! whatever the umask: the packaged unit runs with `UMask=0077` (issue 17 part 5), under which a
//! mode given only to open() comes out 0600 and the receipt software's account, which has the
//! group, cannot read the file.
//!
//! The umask belongs to the whole process, so the test runs its writer in a child: this test
//! binary again, started through `sh -c 'umask 077; exec …'`, running only the ignored
//! `writes_under_the_inherited_umask`. The parent checks the modes the child saw and the files
//! it left.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use myna_kiosk::clinic::folder::{FolderGateway, FolderSettings, NumberQuery};
use myna_kiosk::clinic::result_file::{FILE_MODE, ResultWriter};
use myna_kiosk::clinic::{ClinicError, XmlSettings};
use myna_kiosk::eligibility::protocol::{ConfirmationResult, Method, QualificationResult};
use time::macros::date;

/// Where the child writes: set by the parent, absent in a plain `cargo test` run.
const DIR_ENV: &str = "MYNA_RESULT_FILE_MODE_DIR";

fn settings() -> XmlSettings {
    XmlSettings {
        medical_institution_code: Some("1312345678".into()),
        ..XmlSettings::default()
    }
}

fn confirmed() -> ConfirmationResult {
    ConfirmationResult {
        request_id: "umask-0001".into(),
        qualification_confirmation_date: "2026-11-25".into(),
        processed_at: "2026-11-25T10:00:00+09:00".into(),
        processing_result_status: "1".into(),
        qualification_validity: "1".into(),
        results: vec![QualificationResult {
            insured_card_classification: "01".into(),
            insurer_number: "39132014".into(),
            insurer_name: "東京都後期高齢者医療広域連合".into(),
            insured_identification_number: "00456789".into(),
            personal_family_classification: "1".into(),
            name: "架空 太郎".into(),
            name_kana: "ｶｸｳ ﾀﾛｳ".into(),
            sex1: "1".into(),
            birthdate: "1945-04-01".into(),
            qualification_date: "2020-04-01".into(),
            insured_partial_contribution_ratio: "010".into(),
            ..Default::default()
        }],
        processing_result_code: None,
        processing_result_message: None,
        consent: Default::default(),
        warnings: Vec::new(),
    }
}

/// The process's umask, from /proc/self/status ("Umask:\t0077").
fn umask() -> u32 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("Umask in /proc/self/status");
    u32::from_str_radix(line.trim(), 8).unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The child of `result_and_req_files_are_0640_under_umask_0077` (run with `DIR_ENV` set);
/// without it, it does nothing.
#[test]
fn writes_under_the_inherited_umask() {
    let Some(dir) = std::env::var_os(DIR_ENV).map(PathBuf::from) else {
        return;
    };
    assert_eq!(umask(), 0o077, "the child runs under the unit's umask");

    let results = dir.join("results");
    let path = ResultWriter::new(&results, settings())
        .unwrap()
        .write(&confirmed(), Method::Pin)
        .unwrap();
    assert_eq!(path.parent(), Some(results.as_path()));

    // A req file lives only until its query times out: a watcher records its mode meanwhile.
    let (req, res) = (dir.join("req"), dir.join("res"));
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (req, done) = (req.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                for entry in fs::read_dir(&req).unwrap().flatten() {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    if name.starts_with("OQSsiquc01req_")
                        && name.ends_with(".xml")
                        && let Ok(meta) = entry.metadata()
                    {
                        return Some(meta.permissions().mode() & 0o7777);
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            None
        })
    };
    let folder = FolderGateway::new(FolderSettings {
        req_dir: req,
        res_dir: res,
        timeout: Duration::from_millis(500),
        poll_interval: Duration::from_millis(20),
        xml: settings(),
    })
    .unwrap();
    let query = NumberQuery {
        insurer_number: "138057".into(),
        insured_card_symbol: Some("あいう".into()),
        insured_identification_number: "0012".into(),
        insured_branch_number: Some("01".into()),
        birthdate: "1953-02-17".into(),
        limit_certificate_consent: true,
    };
    let answer = folder.query(&query, date!(2026 - 11 - 25));
    assert!(
        matches!(answer, Err(ClinicError::Timeout { .. })),
        "{answer:?}"
    );
    done.store(true, Ordering::SeqCst);
    let req_mode = watcher.join().unwrap().expect("the req file was seen");
    fs::write(dir.join("req-mode"), format!("{req_mode:o}")).unwrap();
}

#[test]
fn result_and_req_files_are_0640_under_umask_0077() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["results", "req", "res"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
    }
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 077 && exec "$0" "$@""#)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "result_file_mode::writes_under_the_inherited_umask",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(DIR_ENV, dir.path())
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the child failed:\n{log}");
    assert!(log.contains("1 passed"), "the child ran no test:\n{log}");

    let files: Vec<PathBuf> = fs::read_dir(dir.path().join("results"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one result file, no temporary left: {files:?}"
    );
    let file = &files[0];
    assert_eq!(
        file.file_name().unwrap().to_str().unwrap(),
        "OQSsiquc01res_kiosk_20261125_umask-0001.xml"
    );
    assert_eq!(FILE_MODE, 0o640);
    assert_eq!(
        format!("{:o}", mode(file)),
        "640",
        "result file mode under umask 077"
    );
    // The group is the writer's (here: this test's; in the unit: myna-kiosk), as in the folder.
    assert_eq!(
        fs::metadata(file).unwrap().gid(),
        fs::metadata(dir.path()).unwrap().gid()
    );
    let req_mode = fs::read_to_string(dir.path().join("req-mode")).unwrap();
    assert_eq!(req_mode, "640", "req file mode under umask 077");
    // The timed-out request was withdrawn.
    assert_eq!(fs::read_dir(dir.path().join("req")).unwrap().count(), 0);
}
